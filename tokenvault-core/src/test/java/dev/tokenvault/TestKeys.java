package dev.tokenvault;

import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.Passwords;
import java.nio.file.Path;

/** Key rings for tests: real PKCS12 keystores, with a low iteration count to keep tests fast. */
public final class TestKeys {
  /** The password of every test keystore. Not a secret: these keystores protect test data. */
  public static final String PASSWORD = "test-only-password";
  /** The PBKDF2 iteration count of test keystores; production uses the default. */
  public static final int ITERATIONS = KeyRing.MIN_ITERATIONS;

  private TestKeys() {}

  /** Creates a keystore at {@code path} with one key and returns its ring. */
  public static KeyRing create(Path path) throws VaultException {
    return KeyRing.builder(path).password(Passwords.of(PASSWORD.toCharArray()))
        .iterations(ITERATIONS).create();
  }

  /** Opens the keystore at {@code path}; keys it adds get the test iteration count too. */
  public static KeyRing open(Path path) throws VaultException {
    return KeyRing.builder(path).password(Passwords.of(PASSWORD.toCharArray()))
        .iterations(ITERATIONS).open();
  }
}
