package dev.tokenvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.KeystoreUnavailableException;
import dev.tokenvault.LogCapture;
import dev.tokenvault.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.logging.Level;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keystore is the JDK's own format: keytool reads what KeyRing writes, and vice versa. */
final class KeytoolInteropTest {
  private static final byte[] VAULT_ID = new byte[RecordSealer.VAULT_ID_SIZE_BYTES];
  private static final byte[] IDENTITY = "identity".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  private Path keystore;
  private Path passwordFile;

  @BeforeEach
  void setUp() throws Exception {
    keystore = dir.resolve("keys.p12");
    passwordFile = dir.resolve("password.txt");
    Files.writeString(passwordFile, TestKeys.PASSWORD + "\n");
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
  }

  private void genseckey(String alias) throws Exception {
    Keytool.withPasswordFile(passwordFile, "-genseckey", "-alias", alias, "-keyalg", "AES",
        "-keysize", "256", "-storetype", "PKCS12", "-keystore", keystore.toString())
        .assertSucceeded();
  }

  private KeyRing openWithPasswordFile() throws Exception {
    return KeyRing.builder(keystore).password(Passwords.fromFile(passwordFile))
        .iterations(TestKeys.ITERATIONS).open();
  }

  @Test
  void keystoreMadeByKeytool_isAcceptedAsIs_andSealsAndOpens() throws Exception {
    genseckey("app-key");
    byte[] made = Files.readAllBytes(keystore);

    try (KeyRing ring = openWithPasswordFile();
        RecordSealer sealer = RecordSealer.create(ring, VAULT_ID)) {
      assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("app-key");
      assertThat(ring.activeKeyId()).isEqualTo("app-key");

      byte[] sealed = sealer.seal("{\"v\":1}".getBytes(StandardCharsets.UTF_8), IDENTITY);

      assertThat(RecordSealer.keyIdOf(sealed)).isEqualTo("app-key");
      assertThat(new String(sealer.open(sealed, IDENTITY), StandardCharsets.UTF_8))
          .isEqualTo("{\"v\":1}");
    }
    assertThat(Files.readAllBytes(keystore)).as("opening never rewrites the keystore")
        .isEqualTo(made);
  }

  @Test
  void keystoreMadeByKeytool_holdsTheKeyKeyRingUses() throws Exception {
    genseckey("tv-1");
    SecretKey key = (SecretKey) KeyStores.load(keystore, TestKeys.PASSWORD)
        .getKey("tv-1", TestKeys.PASSWORD.toCharArray());

    try (KeyRing ring = openWithPasswordFile()) {
      assertThat(ring.keyMaterial("tv-1")).isEqualTo(key.getEncoded()).hasSize(32);
    }
  }

  @Test
  void keystoreMadeByKeytool_addKey_continuesWithTv1AndKeytoolStillLists() throws Exception {
    genseckey("app-key");

    try (KeyRing ring = openWithPasswordFile()) {
      assertThat(ring.addKey().id()).isEqualTo("tv-1");
      assertThat(ring.activeKeyId()).isEqualTo("tv-1");
    }

    String listing = Keytool.withEnvPassword(TestKeys.PASSWORD, "-list", "-storetype", "PKCS12",
        "-keystore", keystore.toString()).assertSucceeded().output;
    assertThat(listing).contains("2 entries").contains("app-key,").contains("tv-1,");
  }

  @Test
  void keystoreCreatedByKeyRing_isListedByKeytool() throws Exception {
    TestKeys.create(keystore).close();

    String listing = Keytool.withPasswordFile(passwordFile, "-list", "-v", "-storetype",
        "PKCS12", "-keystore", keystore.toString()).assertSucceeded().output;

    assertThat(listing).contains("Keystore type: PKCS12").contains("1 entry")
        .contains("Alias name: tv-1").contains("Entry type: SecretKeyEntry");
  }

  @Test
  void keystoreChangedByKeyRing_isListedByKeytoolWithEveryAlias() throws Exception {
    try (KeyRing ring = TestKeys.create(keystore)) {
      ring.addKey();
      ring.addKey();
      ring.removeKey("tv-1");
    }

    String listing = Keytool.withEnvPassword(TestKeys.PASSWORD, "-list", "-storetype", "PKCS12",
        "-keystore", keystore.toString()).assertSucceeded().output;

    assertThat(listing).contains("2 entries").contains("tv-2,").contains("tv-3,")
        .doesNotContain("tv-1,");
  }

  @Test
  void keystoreCreatedByKeyRing_keytoolWithWrongPassword_fails() throws Exception {
    TestKeys.create(keystore).close();

    Keytool.Result result = Keytool.withEnvPassword("wrong-password", "-list", "-storetype",
        "PKCS12", "-keystore", keystore.toString());

    assertThat(result.exitCode).isNotZero();
  }

  @Test
  void keyAddedByKeytool_isSeenByRefreshAndBecomesActive() throws Exception {
    try (KeyRing ring = TestKeys.create(keystore)) {
      genseckey("tv-7");

      assertThat(ring.refreshIfChanged()).isTrue();

      assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("tv-1", "tv-7");
      assertThat(ring.activeKeyId()).isEqualTo("tv-7");
      assertThat(ring.addKey().id()).isEqualTo("tv-8");
    }
  }

  @Test
  void keyPairAddedByKeytool_isIgnoredWithWarning() throws Exception {
    TestKeys.create(keystore).close();
    Keytool.withPasswordFile(passwordFile, "-genkeypair", "-alias", "signing", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=tokenvault test", "-storetype", "PKCS12",
        "-keystore", keystore.toString()).assertSucceeded();
    assertThat(KeyStores.load(keystore, TestKeys.PASSWORD)
        .entryInstanceOf("signing", KeyStore.PrivateKeyEntry.class)).isTrue();

    try (LogCapture logs = LogCapture.start();
        KeyRing ring = openWithPasswordFile()) {
      assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("tv-1");
      assertThat(logs.messagesAt(Level.WARNING)).contains(
          "keystore " + keystore + ": entry signing is not a secret key; ignored");
    }
  }

  @Test
  void aes128KeyMadeByKeytool_isRefusedNamingTheSize() throws Exception {
    Keytool.withPasswordFile(passwordFile, "-genseckey", "-alias", "small", "-keyalg", "AES",
        "-keysize", "128", "-storetype", "PKCS12", "-keystore", keystore.toString())
        .assertSucceeded();

    assertThatThrownBy(this::openWithPasswordFile)
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageContaining("key small is AES-128; tokenvault needs AES-256");
  }
}
