package dev.tokenvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.PasswordSource;
import dev.tokenvault.crypto.Passwords;
import dev.tokenvault.file.FileTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are created owner-only, and files that others can access are reported. */
final class FilePermissionsTest {
  @TempDir Path dir;

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static void chmod(Path path, String permissions) throws Exception {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
  }

  @Test
  void keyRingCreate_makesKeystoreAndLockOwnerOnly() throws Exception {
    Path keystore = dir.resolve("keys.p12");

    TestKeys.create(keystore).close();

    assertThat(permissions(keystore)).isEqualTo("rw-------");
    assertThat(permissions(dir.resolve("keys.p12.lock"))).isEqualTo("rw-------");
  }

  @Test
  void keyRingCreate_inMissingDirectories_createsThemOwnerOnly() throws Exception {
    Path keystore = dir.resolve("config").resolve("tokenvault").resolve("keys.p12");

    TestKeys.create(keystore).close();

    assertThat(permissions(dir.resolve("config"))).isEqualTo("rwx------");
    assertThat(permissions(dir.resolve("config/tokenvault"))).isEqualTo("rwx------");
    assertThat(permissions(keystore)).isEqualTo("rw-------");
  }

  @Test
  void keyRingOpen_groupReadableKeystore_warnsNamingPathAndPermissions() throws Exception {
    Path keystore = dir.resolve("keys.p12");
    TestKeys.create(keystore).close();
    chmod(keystore, "rw-r-----");

    try (LogCapture logs = LogCapture.start();
        KeyRing ring = TestKeys.open(keystore)) {
      assertThat(ring.activeKeyId()).isEqualTo("tv-1");
      assertThat(logs.messagesAt(Level.WARNING)).containsExactly("keystore " + keystore
          + " is rw-r----- (group can access it); run chmod 600 on it");
    }
  }

  @Test
  void keyRingOpen_ownerOnlyKeystore_warnsNothing() throws Exception {
    Path keystore = dir.resolve("keys.p12");
    TestKeys.create(keystore).close();

    try (LogCapture logs = LogCapture.start();
        KeyRing ring = TestKeys.open(keystore)) {
      assertThat(ring.activeKeyId()).isEqualTo("tv-1");
      assertThat(logs.messagesAt(Level.WARNING)).isEmpty();
    }
  }

  @Test
  void keyRingOpen_groupReadableKeystoreInStrictMode_throwsInsecureFile() throws Exception {
    Path keystore = dir.resolve("keys.p12");
    TestKeys.create(keystore).close();
    chmod(keystore, "rw-r-----");
    PasswordSource password = Passwords.of(TestKeys.PASSWORD.toCharArray());

    assertThatThrownBy(() -> KeyRing.builder(keystore).password(password)
        .strictPermissions(true).open())
        .isInstanceOf(InsecureFileException.class)
        .hasMessage("keystore " + keystore + " is rw-r----- (group can access it); run chmod"
            + " 600 on it");
    assertThatThrownBy(password::password).as("the failed open closed the password source")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keyRingOpen_worldReadableKeystoreInStrictMode_namesOthers() throws Exception {
    Path keystore = dir.resolve("keys.p12");
    TestKeys.create(keystore).close();
    chmod(keystore, "rw----r--");

    assertThatThrownBy(() -> KeyRing.builder(keystore)
        .password(Passwords.of(TestKeys.PASSWORD.toCharArray())).strictPermissions(true).open())
        .isInstanceOf(InsecureFileException.class)
        .hasMessageContaining("rw----r-- (others can access it)");
  }

  @Test
  void keyRingOpen_ownerOnlyKeystoreInStrictMode_opens() throws Exception {
    Path keystore = dir.resolve("keys.p12");
    TestKeys.create(keystore).close();

    try (KeyRing ring = KeyRing.builder(keystore)
        .password(Passwords.of(TestKeys.PASSWORD.toCharArray())).strictPermissions(true).open()) {
      assertThat(ring.activeKeyId()).isEqualTo("tv-1");
    }
  }

  @Test
  void keyRingAddKey_groupReadableKeystore_replacesItOwnerOnly() throws Exception {
    Path keystore = dir.resolve("keys.p12");
    TestKeys.create(keystore).close();
    chmod(keystore, "rw-rw-r--");

    try (KeyRing ring = TestKeys.open(keystore)) {
      ring.addKey();
    }

    assertThat(permissions(keystore)).isEqualTo("rw-------");
  }

  @Test
  void vaultCreate_inMissingDirectories_makesEverythingOwnerOnly() throws Exception {
    Path keystore = dir.resolve("keys.p12");
    Path vault = dir.resolve("data").resolve("tokens.vault");
    try (KeyRing ring = TestKeys.create(keystore);
        FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      store.save(Token.builder().accessToken("at").build());
    }

    assertThat(permissions(dir.resolve("data"))).isEqualTo("rwx------");
    assertThat(permissions(vault)).isEqualTo("rw-------");
    assertThat(permissions(dir.resolve("data/tokens.vault.lock"))).isEqualTo("rw-------");
  }

  @Test
  void vaultOpen_groupReadableVault_warnsAndInStrictModeThrows() throws Exception {
    Path vault = dir.resolve("tokens.vault");
    try (KeyRing ring = TestKeys.create(dir.resolve("keys.p12"))) {
      FileTokenStore.builder(vault, ring).create().close();
      chmod(vault, "rw-r-----");

      try (LogCapture logs = LogCapture.start();
          FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
        assertThat(store.list()).isEmpty();
        assertThat(logs.messagesAt(Level.WARNING))
            .containsExactly(vault + " is rw-r----- (group can access it); run chmod 600 on it");
      }
      assertThatThrownBy(() -> FileTokenStore.builder(vault, ring).strictPermissions(true).open())
          .isInstanceOf(InsecureFileException.class)
          .hasMessageContaining(vault.toString());
    }
  }
}
