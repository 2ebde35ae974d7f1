package dev.tokenvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.DamagedDataException;
import dev.tokenvault.TestKeys;
import dev.tokenvault.UnknownKeyException;
import dev.tokenvault.UnsupportedFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with sealed records: every change to the record or to what it is bound to (vault
 * id, identity, key) must fail to open, never return a plaintext.
 */
final class RecordSealerTest {
  private static final byte[] PLAINTEXT = "{\"v\":1,\"id\":\"1\",\"access_token\":\"at\"}"
      .getBytes(StandardCharsets.UTF_8);
  private static final byte[] IDENTITY = {0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0,
      9, 0, 1, '1', 0};
  private static final byte[] SALT = new byte[RecordSealer.SALT_SIZE_BYTES];
  private static final byte[] NONCE = new byte[RecordSealer.NONCE_SIZE_BYTES];
  /**
   * PLAINTEXT sealed once under tv-1 with SALT and NONCE, so that every run checks the same
   * bytes. Once: the JDK refuses to encrypt twice in a row with one key and nonce.
   */
  private static byte[] fixedRecord;

  @TempDir static Path dir;
  private static KeyRing ring;
  private static byte[] vaultId;
  private static RecordSealer sealer;
  /** The id of the ring's second key, tv-2, as long as tv-1. */
  private static String otherKeyId;

  @BeforeAll
  static void openRing() throws Exception {
    ring = TestKeys.create(dir.resolve("two-keys.p12"));
    otherKeyId = ring.addKey().id();
    vaultId = new byte[RecordSealer.VAULT_ID_SIZE_BYTES];
    Arrays.fill(vaultId, (byte) 0x11);
    sealer = RecordSealer.create(ring, vaultId);
    Arrays.fill(SALT, (byte) 0x5a);
    Arrays.fill(NONCE, (byte) 0xa5);
    fixedRecord = sealer.insecureSeal("tv-1", PLAINTEXT, IDENTITY, SALT, NONCE);
  }

  @AfterAll
  static void closeRing() {
    sealer.close();
    ring.close();
  }

  @Test
  void seal_writesTheDocumentedLayout() throws Exception {
    byte[] sealed = fixedRecord.clone();

    assertThat(sealed).hasSize(2 + 4 + 16 + 12 + PLAINTEXT.length + 16);
    assertThat(sealed[0]).isEqualTo((byte) RecordSealer.FORMAT_VERSION);
    assertThat(sealed[1]).isEqualTo((byte) 4);
    assertThat(new String(sealed, 2, 4, StandardCharsets.US_ASCII)).isEqualTo("tv-1");
    assertThat(Arrays.copyOfRange(sealed, 6, 22)).isEqualTo(SALT);
    assertThat(Arrays.copyOfRange(sealed, 22, 34)).isEqualTo(NONCE);
  }

  @Test
  void seal_sameInputsTwice_givesDifferentRecordsThatBothOpen() throws Exception {
    byte[] first = sealer.seal(PLAINTEXT, IDENTITY);
    byte[] second = sealer.seal(PLAINTEXT, IDENTITY);

    assertThat(first).isNotEqualTo(second);
    assertThat(Arrays.copyOfRange(first, 2 + 4, 2 + 4 + 28))
        .isNotEqualTo(Arrays.copyOfRange(second, 2 + 4, 2 + 4 + 28));
    assertThat(sealer.open(first, IDENTITY)).isEqualTo(PLAINTEXT);
    assertThat(sealer.open(second, IDENTITY)).isEqualTo(PLAINTEXT);
  }

  @Test
  void seal_usesTheActiveKey() throws Exception {
    assertThat(RecordSealer.keyIdOf(sealer.seal(PLAINTEXT, IDENTITY)))
        .isEqualTo(ring.activeKeyId());
  }

  /**
   * Every position, every other byte value. The version byte gives "unsupported"; the length
   * and key id bytes may name a key the ring does not hold, which the sealer cannot tell from a
   * retired key; everything else is damage.
   */
  @Test
  void open_everySingleByteChange_fails() throws Exception {
    byte[] sealed = fixedRecord.clone();
    int keyIdEnd = 2 + 4;
    int checked = 0;
    for (int at = 0; at < sealed.length; at++) {
      for (int delta = 1; delta < 256; delta++) {
        byte[] changed = sealed.clone();
        changed[at] = (byte) (changed[at] + delta);
        Class<?>[] allowed = at == 0 ? new Class<?>[] {UnsupportedFormatException.class}
            : at < keyIdEnd
                ? new Class<?>[] {DamagedDataException.class, UnknownKeyException.class}
                : new Class<?>[] {DamagedDataException.class};
        int position = at;
        assertThatThrownBy(() -> sealer.open(changed, IDENTITY))
            .as("byte %d changed by %d", position, delta)
            .isInstanceOfAny(allowed);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(sealed.length * 255);
  }

  @Test
  void open_keyIdChangedToAnotherKeyOfTheRing_isDamaged() throws Exception {
    byte[] sealed = fixedRecord.clone();
    byte[] other = otherKeyId.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(other, 0, sealed, 2, other.length);

    assertThat(RecordSealer.keyIdOf(sealed)).isEqualTo(otherKeyId);
    assertThatThrownBy(() -> sealer.open(sealed, IDENTITY))
        .isInstanceOf(DamagedDataException.class)
        .hasMessageContaining("tag mismatch")
        .hasMessageContaining(otherKeyId);
  }

  @Test
  void open_everyTruncation_isDamaged() throws Exception {
    byte[] sealed = fixedRecord.clone();
    for (int length = 0; length < sealed.length; length++) {
      byte[] cut = Arrays.copyOf(sealed, length);
      assertThatThrownBy(() -> sealer.open(cut, IDENTITY)).as("first %d bytes", length)
          .isInstanceOf(DamagedDataException.class);
    }
  }

  @Test
  void open_extendedRecord_isDamaged() throws Exception {
    byte[] sealed = fixedRecord.clone();

    assertThatThrownBy(() -> sealer.open(Arrays.copyOf(sealed, sealed.length + 1), IDENTITY))
        .isInstanceOf(DamagedDataException.class);
  }

  @Test
  void open_emptyPlaintextRecordWithOneByteAppended_isDamaged() throws Exception {
    byte[] sealed = sealer.seal("tv-1", new byte[0], IDENTITY);

    assertThat(sealer.open(sealed, IDENTITY)).isEmpty();
    assertThatThrownBy(() -> sealer.open(Arrays.copyOf(sealed, sealed.length + 1), IDENTITY))
        .isInstanceOf(DamagedDataException.class);
  }

  @Test
  void open_underEveryOtherVaultIdByOneByte_isDamaged() throws Exception {
    byte[] sealed = sealer.seal(PLAINTEXT, IDENTITY);
    for (int at = 0; at < vaultId.length; at++) {
      byte[] other = vaultId.clone();
      other[at] ^= 0x01;
      try (RecordSealer otherVault = RecordSealer.create(ring, other)) {
        int position = at;
        assertThatThrownBy(() -> otherVault.open(sealed, IDENTITY))
            .as("vault id byte %d", position)
            .isInstanceOf(DamagedDataException.class)
            .hasMessageContaining("tag mismatch");
      }
    }
  }

  @Test
  void open_everySingleByteChangeOfTheIdentity_isDamaged() throws Exception {
    byte[] sealed = sealer.seal(PLAINTEXT, IDENTITY);
    for (int at = 0; at < IDENTITY.length; at++) {
      for (int delta = 1; delta < 256; delta++) {
        byte[] other = IDENTITY.clone();
        other[at] = (byte) (other[at] + delta);
        int position = at;
        assertThatThrownBy(() -> sealer.open(sealed, other)).as("identity byte %d", position)
            .isInstanceOf(DamagedDataException.class);
      }
    }
  }

  @Test
  void open_identityOfOtherFormatVersion_isDamaged() throws Exception {
    byte[] sealed = sealer.seal(PLAINTEXT, IDENTITY);
    byte[] version2 = IDENTITY.clone();
    version2[1] = 2;

    assertThatThrownBy(() -> sealer.open(sealed, version2))
        .isInstanceOf(DamagedDataException.class);
  }

  @Test
  void open_identityCutOrExtended_isDamaged() throws Exception {
    byte[] sealed = sealer.seal(PLAINTEXT, IDENTITY);

    assertThatThrownBy(() -> sealer.open(sealed, Arrays.copyOf(IDENTITY, IDENTITY.length - 1)))
        .isInstanceOf(DamagedDataException.class);
    assertThatThrownBy(() -> sealer.open(sealed, Arrays.copyOf(IDENTITY, IDENTITY.length + 1)))
        .isInstanceOf(DamagedDataException.class);
    assertThatThrownBy(() -> sealer.open(sealed, new byte[0]))
        .isInstanceOf(DamagedDataException.class);
  }

  /** The boundary between record header and identity is fixed by the key id length. */
  @Test
  void open_identityBytesMovedIntoTheRecord_isDamaged() throws Exception {
    byte[] sealed = sealer.seal(PLAINTEXT, new byte[] {1, 2, 3});

    assertThatThrownBy(() -> sealer.open(sealed, new byte[] {1, 2}))
        .isInstanceOf(DamagedDataException.class);
  }

  @Test
  void open_recordOfUnknownKey_throwsUnknownKey() throws Exception {
    byte[] sealed = fixedRecord.clone();
    sealed[5] = '9';

    assertThatThrownBy(() -> sealer.open(sealed, IDENTITY))
        .isInstanceOf(UnknownKeyException.class)
        .hasMessageContaining("tv-9");
  }

  @Test
  void keyIdOf_malformedHeaders_areDamaged() {
    assertThatThrownBy(() -> RecordSealer.keyIdOf(new byte[] {1}))
        .isInstanceOf(DamagedDataException.class);
    assertThatThrownBy(() -> RecordSealer.keyIdOf(new byte[] {1, 0, 'a'}))
        .isInstanceOf(DamagedDataException.class);
    byte[] long65 = new byte[2 + 65];
    Arrays.fill(long65, (byte) 'a');
    long65[0] = 1;
    long65[1] = 65;
    assertThatThrownBy(() -> RecordSealer.keyIdOf(long65))
        .isInstanceOf(DamagedDataException.class);
    assertThatThrownBy(() -> RecordSealer.keyIdOf(new byte[] {1, 2, 'a', ' '}))
        .isInstanceOf(DamagedDataException.class);
    assertThatThrownBy(() -> RecordSealer.keyIdOf(new byte[] {1, 2, 'a', (byte) 0x80}))
        .isInstanceOf(DamagedDataException.class);
  }

  @Test
  void keyIdOf_otherVersion_isUnsupported() {
    assertThatThrownBy(() -> RecordSealer.keyIdOf(new byte[] {2, 1, 'a'}))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void create_vaultIdOfWrongSize_throws() {
    assertThatThrownBy(() -> RecordSealer.create(ring, new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15 bytes");
  }

  @Test
  void open_damaged_messageQuotesNoPlaintext() throws Exception {
    byte[] sealed = sealer.seal(PLAINTEXT, IDENTITY);
    sealed[sealed.length - 1] ^= 1;

    assertThatThrownBy(() -> sealer.open(sealed, IDENTITY))
        .isInstanceOf(DamagedDataException.class)
        .hasMessageNotContaining("access_token")
        .hasMessageContaining(ring.activeKeyId());
  }
}
