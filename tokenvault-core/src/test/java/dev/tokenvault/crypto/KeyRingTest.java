package dev.tokenvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.KeystoreUnavailableException;
import dev.tokenvault.LogCapture;
import dev.tokenvault.TestKeys;
import dev.tokenvault.UnknownKeyException;
import dev.tokenvault.VaultException;
import dev.tokenvault.WrongPasswordException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class KeyRingTest {
  private static final byte[] VAULT_ID = new byte[RecordSealer.VAULT_ID_SIZE_BYTES];
  private static final byte[] IDENTITY = "record 1".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  private Path keystore() {
    return dir.resolve("keys.p12");
  }

  @Test
  void create_thenOpen_readsTheSameKey() throws Exception {
    byte[] created;
    try (KeyRing ring = TestKeys.create(keystore())) {
      created = ring.keyMaterial("tv-1");
    }
    try (KeyRing ring = TestKeys.open(keystore())) {
      assertThat(ring.activeKeyId()).isEqualTo("tv-1");
      assertThat(ring.keyMaterial("tv-1")).hasSize(32).isEqualTo(created);
      assertThat(ring.path()).isEqualTo(keystore().toAbsolutePath());
    }
  }

  @Test
  void create_passwordOutsidePrintableAscii_isRefusedNamingThePositionNotTheCharacter() {
    char[] password = "pass\u00e9word".toCharArray();

    assertThatThrownBy(() -> KeyRing.builder(keystore()).password(Passwords.of(password))
        .iterations(TestKeys.ITERATIONS).create())
        .isInstanceOf(WrongPasswordException.class)
        .hasMessageContaining("outside printable ASCII at position 5")
        .hasMessageNotContaining("\u00e9");
    assertThat(Files.exists(keystore())).isFalse();
  }

  @Test
  void keys_newKeystore_listsOneActiveKeyCreatedNow() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    try (KeyRing ring = TestKeys.create(keystore())) {
      List<KeyInfo> keys = ring.keys();

      assertThat(keys).extracting(KeyInfo::id).containsExactly("tv-1");
      assertThat(keys.get(0).isActive()).isTrue();
      assertThat(keys.get(0).created()).isBetween(before, Instant.now().plusSeconds(1));
    }
  }

  @Test
  void addKey_twice_addsTv2ThenTv3AndMakesEachActive() throws Exception {
    try (KeyRing ring = TestKeys.create(keystore())) {
      KeyInfo second = ring.addKey();
      assertThat(second.id()).isEqualTo("tv-2");
      assertThat(second.isActive()).isTrue();
      assertThat(ring.activeKeyId()).isEqualTo("tv-2");

      KeyInfo third = ring.addKey();

      assertThat(third.id()).isEqualTo("tv-3");
      assertThat(ring.activeKeyId()).isEqualTo("tv-3");
      assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("tv-1", "tv-2", "tv-3");
      assertThat(ring.keys()).filteredOn(KeyInfo::isActive).extracting(KeyInfo::id)
          .containsExactly("tv-3");
      assertThat(ring.keys()).extracting(KeyInfo::created).isSorted();
      assertThat(ring.keyMaterial("tv-3")).isNotEqualTo(ring.keyMaterial("tv-2"));
    }
    try (KeyRing reopened = TestKeys.open(keystore())) {
      assertThat(reopened.keys()).extracting(KeyInfo::id).containsExactly("tv-1", "tv-2", "tv-3");
      assertThat(reopened.activeKeyId()).isEqualTo("tv-3");
    }
  }

  @Test
  void addKey_afterRemovingTheNewest_neverReusesAnIdInUse() throws Exception {
    try (KeyRing ring = TestKeys.create(keystore())) {
      ring.addKey();
      ring.addKey();
      ring.removeKey("tv-2");

      assertThat(ring.addKey().id()).isEqualTo("tv-4");
    }
  }

  @Test
  void removeKey_olderKey_removesItFromRingAndFile() throws Exception {
    try (KeyRing ring = TestKeys.create(keystore())) {
      ring.addKey();

      ring.removeKey("tv-1");

      assertThat(ring.contains("tv-1")).isFalse();
      assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("tv-2");
    }
    try (KeyRing reopened = TestKeys.open(keystore())) {
      assertThat(reopened.keys()).extracting(KeyInfo::id).containsExactly("tv-2");
    }
  }

  @Test
  void removeKey_activeKey_isRefusedAndFileUnchanged() throws Exception {
    try (KeyRing ring = TestKeys.create(keystore())) {
      ring.addKey();
      byte[] before = Files.readAllBytes(keystore());

      assertThatThrownBy(() -> ring.removeKey("tv-2"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tv-2 is the active key");

      assertThat(Files.readAllBytes(keystore())).isEqualTo(before);
      assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("tv-1", "tv-2");
    }
  }

  @Test
  void removeKey_unknownId_throwsUnknownKeyNamingIt() throws Exception {
    try (KeyRing ring = TestKeys.create(keystore())) {
      byte[] before = Files.readAllBytes(keystore());

      assertThatThrownBy(() -> ring.removeKey("tv-9"))
          .isInstanceOfSatisfying(UnknownKeyException.class,
              e -> assertThat(e.keyId()).isEqualTo("tv-9"))
          .hasMessageContaining("tv-9");

      assertThat(Files.readAllBytes(keystore())).isEqualTo(before);
    }
  }

  @Test
  void refreshIfChanged_keyAddedByAnotherRing_isSeen() throws Exception {
    try (KeyRing first = TestKeys.create(keystore());
        KeyRing second = TestKeys.open(keystore())) {
      assertThat(second.refreshIfChanged()).isFalse();

      first.addKey();

      assertThat(second.contains("tv-2")).isFalse();
      assertThat(second.refreshIfChanged()).isTrue();
      assertThat(second.activeKeyId()).isEqualTo("tv-2");
      assertThat(second.keyMaterial("tv-2")).isEqualTo(first.keyMaterial("tv-2"));
      assertThat(second.refreshIfChanged()).isFalse();
    }
  }

  @Test
  void addKey_afterAnotherRingAddedOne_keepsTheirKeyAndTakesTheNextId() throws Exception {
    try (KeyRing first = TestKeys.create(keystore());
        KeyRing second = TestKeys.open(keystore())) {
      first.addKey();

      KeyInfo added = second.addKey();

      assertThat(added.id()).isEqualTo("tv-3");
      assertThat(second.keys()).extracting(KeyInfo::id).containsExactly("tv-1", "tv-2", "tv-3");
    }
  }

  @Test
  void open_wrongPassword_throwsAndLeavesFileByteIdentical() throws Exception {
    TestKeys.create(keystore()).close();
    byte[] before = Files.readAllBytes(keystore());

    assertThatThrownBy(() -> KeyRing.builder(keystore())
        .password(Passwords.of("not-the-password".toCharArray())).open())
        .isInstanceOf(WrongPasswordException.class)
        .hasMessageContaining(keystore().toString())
        .hasMessageContaining("wrong password");

    assertThat(Files.readAllBytes(keystore())).isEqualTo(before);
  }

  @Test
  void open_emptyPassword_throwsWrongPassword() throws Exception {
    TestKeys.create(keystore()).close();

    assertThatThrownBy(() -> KeyRing.builder(keystore()).password(Passwords.of(new char[0]))
        .open())
        .isInstanceOf(WrongPasswordException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void addKey_passwordChangedSinceOpen_throwsWrongPasswordAndLeavesFile() throws Exception {
    TestKeys.create(keystore()).close();
    char[] password = TestKeys.PASSWORD.toCharArray();
    PasswordSource changing = new PasswordSource() {
      @Override
      public char[] password() {
        return password.clone();
      }

      @Override
      public String description() {
        return "a password that changes";
      }
    };
    try (KeyRing ring = KeyRing.builder(keystore()).password(changing).open()) {
      byte[] before = Files.readAllBytes(keystore());
      password[0] = 'X';

      assertThatThrownBy(ring::addKey).isInstanceOf(WrongPasswordException.class);

      assertThat(Files.readAllBytes(keystore())).isEqualTo(before);
      assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("tv-1");
    }
  }

  @Test
  void open_missingKeystore_throwsNamingThePath() {
    Path missing = dir.resolve("absent.p12");

    assertThatThrownBy(() -> TestKeys.open(missing))
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void open_fileThatIsNotPkcs12_throwsKeystoreUnavailable() throws Exception {
    Files.writeString(keystore(), "id,user_name,client_id\n1,alice,abc\n");

    assertThatThrownBy(() -> TestKeys.open(keystore()))
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageContaining(keystore().toString())
        .hasMessageContaining("not a readable PKCS12 keystore");
  }

  @Test
  void open_tokenFileMistakenForKeystore_quotesNoByteOfIt() throws Exception {
    Files.writeString(keystore(), "id,user_name,client_id\n1,alice,abc\n");

    assertThatThrownBy(() -> TestKeys.open(keystore()))
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageNotContaining(Integer.toString('i'))
        .hasNoCause();
  }

  @Test
  void open_emptyFile_throwsKeystoreUnavailable() throws Exception {
    Files.write(keystore(), new byte[0]);

    assertThatThrownBy(() -> TestKeys.open(keystore()))
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageContaining(keystore().toString());
  }

  @Test
  void open_aes128Entry_failsNamingKeyAndSize() throws Exception {
    KeyStores.write(keystore(), Map.of("short", KeyStores.aesKey(16, 7)), TestKeys.PASSWORD);

    assertThatThrownBy(() -> TestKeys.open(keystore()))
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageContaining("key short is AES-128")
        .hasMessageContaining("needs AES-256");
  }

  @Test
  void open_secretKeyThatIsNotAes_isIgnoredWithWarning() throws Exception {
    KeyStores.write(keystore(), Map.of(
        "mac", new SecretKeySpec(new byte[32], "HmacSHA256"),
        "app-key", KeyStores.aesKey(32, 1)), TestKeys.PASSWORD);

    try (LogCapture logs = LogCapture.start();
        KeyRing ring = TestKeys.open(keystore())) {
      assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("app-key");
      assertThat(logs.messagesAt(Level.WARNING))
          .anySatisfy(m -> assertThat(m).contains("mac").contains("not AES; ignored"));
    }
  }

  @Test
  void open_onlyNonAesEntries_throwsHoldsNoKey() throws Exception {
    KeyStores.write(keystore(), Map.of("mac", new SecretKeySpec(new byte[32], "HmacSHA256")),
        TestKeys.PASSWORD);

    assertThatThrownBy(() -> TestKeys.open(keystore()))
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageContaining("holds no AES-256 key");
  }

  @Test
  void open_keyWithItsOwnPassword_throwsWrongPasswordNamingTheKey() throws Exception {
    KeyStores.write(keystore(), Map.of("tv-1", KeyStores.aesKey(32, 3)), "another-password");

    assertThatThrownBy(() -> TestKeys.open(keystore()))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessageContaining("key tv-1 has a password other than the keystore's");
  }

  @Test
  void open_aliasThatCannotBeAKeyId_throwsNamingIt() throws Exception {
    KeyStores.write(keystore(), Map.of("has space", KeyStores.aesKey(32, 3)), TestKeys.PASSWORD);

    assertThatThrownBy(() -> TestKeys.open(keystore()))
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageContaining("alias 'has space' cannot be a key id");
  }

  @Test
  void create_existingFile_isRefusedAndFileUnchanged() throws Exception {
    Files.writeString(keystore(), "precious");

    assertThatThrownBy(() -> TestKeys.create(keystore()))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("already exists");

    assertThat(Files.readString(keystore())).isEqualTo("precious");
  }

  @Test
  void open_recordSealedUnderKeyTheKeystoreLacks_throwsUnknownKeyNamingIt() throws Exception {
    byte[] sealed;
    try (KeyRing ring = TestKeys.create(keystore())) {
      try (RecordSealer sealer = RecordSealer.create(ring, VAULT_ID)) {
        sealed = sealer.seal(new byte[] {1, 2, 3}, IDENTITY);
      }
      ring.addKey();
      ring.removeKey("tv-1");

      try (RecordSealer fresh = RecordSealer.create(ring, VAULT_ID)) {
        assertThatThrownBy(() -> fresh.open(sealed, IDENTITY))
            .isInstanceOfSatisfying(UnknownKeyException.class,
                e -> assertThat(e.keyId()).isEqualTo("tv-1"))
            .hasMessageContaining("key tv-1 is not in keystore")
            .hasMessageContaining(keystore().toString());
      }
    }
  }

  @Test
  void open_recordUnderKeyAddedByAnotherProcess_readsTheKeystoreAgain() throws Exception {
    try (KeyRing writer = TestKeys.create(keystore());
        KeyRing reader = TestKeys.open(keystore());
        RecordSealer readerSealer = RecordSealer.create(reader, VAULT_ID)) {
      writer.addKey();
      byte[] sealed;
      try (RecordSealer writerSealer = RecordSealer.create(writer, VAULT_ID)) {
        sealed = writerSealer.seal(new byte[] {4, 5}, IDENTITY);
      }

      assertThat(RecordSealer.keyIdOf(sealed)).isEqualTo("tv-2");
      assertThat(readerSealer.open(sealed, IDENTITY)).containsExactly(4, 5);
    }
  }

  @Test
  void close_thenUse_failsAndClosesThePasswordSource() throws Exception {
    RecordingSource source = new RecordingSource(TestKeys.PASSWORD);
    KeyRing ring = KeyRing.builder(keystore()).password(source).iterations(TestKeys.ITERATIONS)
        .create();

    ring.close();

    assertThat(source.closed).isTrue();
    assertThatThrownBy(ring::keys).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(ring::activeKeyId).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyPasswordCopyTheRingTakes_isZeroedAfterUse() throws Exception {
    RecordingSource source = new RecordingSource(TestKeys.PASSWORD);
    try (KeyRing ring = KeyRing.builder(keystore()).password(source)
        .iterations(TestKeys.ITERATIONS).create()) {
      ring.addKey();
      ring.removeKey("tv-1");
      source.assertEveryCopyZeroed(3);
    }
    RecordingSource again = new RecordingSource(TestKeys.PASSWORD);
    try (KeyRing ring = KeyRing.builder(keystore()).password(again).open()) {
      assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("tv-2");
      again.assertEveryCopyZeroed(1);
    }
  }

  @Test
  void open_wrongPassword_zeroesTheCopyAndClosesTheSource() throws Exception {
    TestKeys.create(keystore()).close();
    RecordingSource wrong = new RecordingSource("wrong-password");

    assertThatThrownBy(() -> KeyRing.builder(keystore()).password(wrong).open())
        .isInstanceOf(WrongPasswordException.class);

    wrong.assertEveryCopyZeroed(1);
    assertThat(wrong.closed).isTrue();
  }

  @Test
  void builder_iterationsBelowMinimum_isRejectedNamingTheMinimum() {
    assertThatThrownBy(() -> KeyRing.builder(keystore()).iterations(KeyRing.MIN_ITERATIONS - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(KeyRing.MIN_ITERATIONS));
  }

  @Test
  void builder_withoutPassword_isRejected() {
    assertThatThrownBy(() -> KeyRing.builder(keystore()).create())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("password");
    assertThat(keystore()).doesNotExist();
  }

  /** A password source that keeps every array it hands out, to check that each is zeroed. */
  private static final class RecordingSource implements PasswordSource {
    private final String password;
    private final List<char[]> handedOut = new ArrayList<>();
    private boolean closed;

    RecordingSource(String password) {
      this.password = password;
    }

    @Override
    public synchronized char[] password() {
      char[] copy = password.toCharArray();
      handedOut.add(copy);
      return copy;
    }

    @Override
    public String description() {
      return "a recording source";
    }

    @Override
    public void close() {
      closed = true;
    }

    synchronized void assertEveryCopyZeroed(int atLeast) {
      assertThat(handedOut).hasSizeGreaterThanOrEqualTo(atLeast);
      for (char[] copy : handedOut) {
        assertThat(copy).as("a password copy the ring took").containsOnly('\0');
      }
    }
  }
}
