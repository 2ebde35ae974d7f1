package dev.tokenvault.crypto;

import dev.tokenvault.TestKeys;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.PBEParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Writes PKCS12 keystores with the JDK's API, for entries that KeyRing itself never makes. */
final class KeyStores {
  private KeyStores() {}

  /** Returns an AES key of {@code sizeBytes} bytes, each byte {@code fill}. */
  static SecretKey aesKey(int sizeBytes, int fill) {
    byte[] material = new byte[sizeBytes];
    Arrays.fill(material, (byte) fill);
    return new SecretKeySpec(material, "AES");
  }

  /** Returns the protection of an entry: PBKDF2 at the test iteration count. */
  static KeyStore.PasswordProtection protection(String password) {
    return new KeyStore.PasswordProtection(password.toCharArray(), "PBEWithHmacSHA256AndAES_256",
        new PBEParameterSpec(new byte[16], TestKeys.ITERATIONS));
  }

  /**
   * Writes a keystore at {@code path} with the secret keys of {@code keys}, each protected by
   * {@code keyPassword}, and the whole by {@link TestKeys#PASSWORD}.
   */
  static void write(Path path, Map<String, SecretKey> keys, String keyPassword) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (Map.Entry<String, SecretKey> key : keys.entrySet()) {
      store.setEntry(key.getKey(), new KeyStore.SecretKeyEntry(key.getValue()),
          protection(keyPassword));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.store(out, TestKeys.PASSWORD.toCharArray());
    Files.write(path, out.toByteArray());
  }

  /** Loads the keystore at {@code path} with {@code password}. */
  static KeyStore load(Path path, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(path)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }
}
