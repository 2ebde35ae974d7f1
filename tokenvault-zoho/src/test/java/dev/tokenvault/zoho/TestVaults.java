package dev.tokenvault.zoho;

import dev.tokenvault.TestKeys;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.Passwords;
import java.nio.file.Path;

/** Vault-backed SDK stores for tests, with a low PBKDF2 iteration count to keep tests fast. */
final class TestVaults {
  /** The password of every test keystore (the core's test password). */
  static final String PASSWORD = TestKeys.PASSWORD;

  private TestVaults() {}

  /** Returns a store over a new keystore and vault in {@code dir}. */
  static VaultTokenStore create(Path dir) throws VaultException {
    return builder(dir).openOrCreate();
  }

  /** Returns a builder for {@code dir/tokens.vault} and {@code dir/keys.p12}. */
  static VaultTokenStore.Builder builder(Path dir) {
    return VaultTokenStore.builder(dir.resolve("tokens.vault"), dir.resolve("keys.p12"))
        .password(Passwords.of(PASSWORD.toCharArray()))
        .keystoreIterations(TestKeys.ITERATIONS);
  }
}
