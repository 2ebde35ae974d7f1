package dev.tokenvault.benchmarks;

import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.Passwords;
import java.nio.file.Path;

/**
 * Keystores for benchmarks: real PKCS12 files with the lowest PBKDF2 iteration count the key
 * ring accepts, so that opening one costs little. They protect generated data only.
 */
final class BenchKeys {
  /** The password of every benchmark keystore. Not a secret: the tokens are generated. */
  private static final String PASSWORD = "benchmark-only-password";

  private BenchKeys() {}

  /** Creates a keystore at {@code path} with one key and returns its ring. */
  static KeyRing create(Path path) throws VaultException {
    return KeyRing.builder(path).password(Passwords.of(PASSWORD.toCharArray()))
        .iterations(KeyRing.MIN_ITERATIONS).create();
  }

  /** Opens the keystore at {@code path}. */
  static KeyRing open(Path path) throws VaultException {
    return KeyRing.builder(path).password(Passwords.of(PASSWORD.toCharArray())).open();
  }
}
