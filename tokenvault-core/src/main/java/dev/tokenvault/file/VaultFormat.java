package dev.tokenvault.file;

import dev.tokenvault.DamagedDataException;
import dev.tokenvault.TokenField;
import dev.tokenvault.UnsupportedFormatException;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.RecordSealer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The bytes of a vault file: a header, then frames appended one after another.
 *
 * <p>All integers are big-endian and unsigned; sizes are in bytes. CRC32C is the Castagnoli CRC
 * of RFC 3720 (as {@link CRC32C} computes it).
 *
 * <h2>Header</h2>
 *
 * <pre>
 * offset  size  field
 * 0       8     magic, ASCII "TKNVAULT"
 * 8       2     format version, 1
 * 10      2     H, the header size: 89 + L
 * 12      16    vault id, random, fixed for the life of the vault
 * 28      8     next sequence number: every frame after the header has a sequence number
 *               below it (copied by the writer of the header) or at least it (appended later)
 * 36      8     id high-water: the largest decimal id the vault has held or generated
 * 44      8     when the header was written, epoch milliseconds (informational)
 * 52      1     L, size of the key id (1..64)
 * 53      L     key id (ASCII) of the key whose header key made the MAC
 * 53+L    32    MAC: HMAC-SHA256(header key, bytes 0 .. 53+L)
 * 85+L    4     CRC32C of bytes 0 .. 85+L
 * </pre>
 *
 * <p>The header is written once, when the file is created (first creation or compaction), and
 * never changed afterwards. The CRC tells damage from a wrong key; the MAC authenticates the
 * vault id and the counters.
 *
 * <h2>Frames</h2>
 *
 * <pre>
 * offset  size  field
 * 0       2     marker, ASCII "TV"
 * 2       1     kind: 1 put, 2 delete, 3 clear
 * 3       1     reserved, 0
 * 4       4     B, the body size (at most 16 MiB)
 * 8       4     CRC32C of bytes 0 .. 8: makes the body size trustworthy
 * 12      B     body
 * 12+B    4     CRC32C of bytes 0 .. 12+B
 * </pre>
 *
 * <p>Body:
 *
 * <pre>
 * offset      size  field
 * 0           8     sequence number, strictly increasing along the file
 * 8           8     birth: the sequence number of the token's first save (put); 0 otherwise
 * 16          2     I, size of the token id in UTF-8 (0 for clear)
 * 18          I     token id, UTF-8
 * 18+I        1     T, the number of lookup tags (0..4)
 * 19+I        17*T  T times: field code (1 byte: 1 user_name, 4 refresh_token, 5 access_token,
 *                   6 grant_token) then the 16-byte lookup tag; codes ascending
 * 19+I+17T    4     S, the sealed record's size
 * 23+I+17T    S     sealed record (see RecordSealer): the token document for a put, an empty
 *                   plaintext for a delete or a clear
 * </pre>
 *
 * <p>The sealed record is bound to its identity: the format version (2 bytes), the kind (1
 * byte) and body bytes 0 .. 19+I+17T. A frame copied to another position or vault, or changed
 * in any byte, fails to open.
 *
 * <h2>Commit points and torn tails</h2>
 *
 * <p>A save or delete commits when its whole frame has been written and forced; it is appended
 * at the end with one write. A crash can leave a partial frame at the end: a <em>torn tail</em>.
 * Reading recognises it as a frame at the end of the file that is incomplete or fails a
 * checksum, with no valid frame after it; it is cut off and its bytes kept in a side file. A
 * frame that fails a checksum with a valid frame after it is damage, and the file is not opened.
 * A whole-file rewrite (compaction) commits when the new file is moved over the old one.
 */
final class VaultFormat {
  static final int FORMAT_VERSION = 1;
  static final byte[] MAGIC = "TKNVAULT".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER_FIXED_BYTES = 89;
  static final int HEADER_MAC_BYTES = 32;
  static final byte[] FRAME_MARKER = {'T', 'V'};
  static final int FRAME_PREFIX_BYTES = 12;
  static final int FRAME_OVERHEAD_BYTES = FRAME_PREFIX_BYTES + 4;
  static final int MAX_BODY_BYTES = 16 << 20;

  /** The fields that have lookup tags, in the order of their slots in a frame. */
  static final TokenField[] TAGGED_FIELDS = {
    TokenField.USER_NAME, TokenField.REFRESH_TOKEN, TokenField.ACCESS_TOKEN,
    TokenField.GRANT_TOKEN
  };

  /** Every field by its code (its ordinal); {@code values()} would copy the array each call. */
  private static final TokenField[] FIELDS_BY_CODE = TokenField.values();

  private VaultFormat() {}

  static int tagSlot(TokenField field) {
    for (int slot = 0; slot < TAGGED_FIELDS.length; slot++) {
      if (TAGGED_FIELDS[slot] == field) {
        return slot;
      }
    }
    throw new IllegalArgumentException(field + " has no lookup tag");
  }

  // ---------------------------------------------------------------------------------------
  // Header

  static byte[] encodeHeader(VaultHeader header, RecordSealer sealer) throws VaultException {
    byte[] keyId = header.keyId.getBytes(StandardCharsets.US_ASCII);
    int size = HEADER_FIXED_BYTES + keyId.length;
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) size);
    out.put(header.vaultId).putLong(header.nextSequence).putLong(header.idHighWater);
    out.putLong(header.writtenAtMillis).put((byte) keyId.length).put(keyId);
    out.put(sealer.headerMac(header.keyId, out.array(), 0, out.position()));
    out.putInt(crc(out.array(), 0, out.position()));
    return out.array();
  }

  /**
   * Parses a header and checks its structure and CRC; the MAC is checked by {@link
   * #verifyHeaderMac}, once the vault id has given the sealer.
   */
  static VaultHeader decodeHeader(ByteBuffer in, long fileSize, String file)
      throws VaultException {
    if (fileSize < 12) {
      throw new DamagedDataException(file + ": " + fileSize + " bytes, too short for a vault"
          + " header (at least " + (HEADER_FIXED_BYTES + 1) + ")", 0);
    }
    byte[] magic = new byte[MAGIC.length];
    in.get(0, magic);
    if (!MessageDigest.isEqual(magic, MAGIC)) {
      // The bytes found are not quoted: a file mistaken for the vault may be a password file
      // or a plaintext token file, whose first bytes are secret.
      throw new DamagedDataException(file + ": offset 0: magic expected "
          + HexFormat.of().formatHex(MAGIC) + " (TKNVAULT), found other bytes; not a tokenvault"
          + " vault", 0);
    }
    int version = Short.toUnsignedInt(in.getShort(8));
    if (version != FORMAT_VERSION) {
      throw new UnsupportedFormatException(file + ": vault format version " + version
          + "; this tokenvault reads version " + FORMAT_VERSION);
    }
    int size = Short.toUnsignedInt(in.getShort(10));
    int keyIdSize = fileSize > 52 ? Byte.toUnsignedInt(in.get(52)) : -1;
    if (size != HEADER_FIXED_BYTES + keyIdSize || keyIdSize < 1 || keyIdSize > 64
        || size > fileSize) {
      throw new DamagedDataException(file + ": offset 10: header size " + size + " does not"
          + " fit a key id of " + keyIdSize + " bytes in a file of " + fileSize + " bytes", 10);
    }
    int crcAt = size - 4;
    int expected = crc(in.array(), 0, crcAt);
    int found = in.getInt(crcAt);
    if (expected != found) {
      throw new DamagedDataException(file + ": offset " + crcAt + ": header CRC expected "
          + hex(expected) + ", found " + hex(found), crcAt);
    }
    byte[] vaultId = new byte[RecordSealer.VAULT_ID_SIZE_BYTES];
    in.get(12, vaultId);
    String keyId = new String(in.array(), 53, keyIdSize, StandardCharsets.US_ASCII);
    return new VaultHeader(vaultId, in.getLong(28), in.getLong(36), in.getLong(44), keyId, size);
  }

  static void verifyHeaderMac(ByteBuffer in, VaultHeader header, RecordSealer sealer,
      String file) throws VaultException {
    int macAt = header.sizeBytes - 4 - HEADER_MAC_BYTES;
    byte[] expected = sealer.headerMac(header.keyId, in.array(), 0, macAt);
    byte[] found = new byte[HEADER_MAC_BYTES];
    in.get(macAt, found);
    if (!MessageDigest.isEqual(expected, found)) {
      throw new DamagedDataException(file + ": offset " + macAt + ": header MAC mismatch (key "
          + header.keyId + "): the keystore's key " + header.keyId + " is not the one this"
          + " vault was written with (wrong keystore?), or the header was altered", macAt);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Frames

  static ByteBuffer encodeFrame(Frame frame) {
    byte[] sealed = java.util.Objects.requireNonNull(frame.sealed, "sealed");
    byte[] id = frame.id.getBytes(StandardCharsets.UTF_8);
    int bodySize = frame.sizeBytes - FRAME_OVERHEAD_BYTES;
    ByteBuffer out = ByteBuffer.allocate(frame.sizeBytes);
    out.put(FRAME_MARKER).put(frame.kind).put((byte) 0).putInt(bodySize);
    out.putInt(crc(out.array(), 0, 8));
    Frame.putIdentityBody(out, frame.sequence, frame.birth, id, frame.tags);
    out.putInt(sealed.length).put(sealed);
    out.putInt(crc(out.array(), 0, out.position()));
    return out.flip();
  }

  /**
   * Returns the size of the frame whose prefix starts at {@code at}, or -1 if the bytes there
   * are not a valid prefix (wrong marker or kind, body too large, or prefix CRC mismatch).
   */
  static int frameSizeAt(ByteBuffer in, int at) {
    if (in.get(at) != FRAME_MARKER[0] || in.get(at + 1) != FRAME_MARKER[1]) {
      return -1;
    }
    byte kind = in.get(at + 2);
    if (kind < Frame.PUT || kind > Frame.CLEAR || in.get(at + 3) != 0) {
      return -1;
    }
    int body = in.getInt(at + 4);
    if (body < 0 || body > MAX_BODY_BYTES) {
      return -1;
    }
    if (crc(in.array(), in.arrayOffset() + at, 8) != in.getInt(at + 8)) {
      return -1;
    }
    return body + FRAME_OVERHEAD_BYTES;
  }

  /** Returns whether the frame of {@code size} bytes at {@code at} has a matching final CRC. */
  static boolean frameChecksumMatches(ByteBuffer in, int at, int size) {
    return crc(in.array(), in.arrayOffset() + at, size - 4) == in.getInt(at + size - 4);
  }

  /**
   * Parses the frame of {@code size} bytes at {@code at}, whose checksums have been checked,
   * and places it at file offset {@code fileOffset}. The sealed record is copied only if
   * {@code keepSealed}; its key id is always read.
   *
   * @throws DamagedDataException if the body's fields contradict its size
   * @throws UnsupportedFormatException if the sealed record has another format version
   */
  static Frame decodeFrame(ByteBuffer in, int at, int size, long fileOffset, String file,
      boolean keepSealed) throws VaultException {
    String what;
    try {
      ByteBuffer body = in.duplicate().position(at + FRAME_PREFIX_BYTES).limit(at + size - 4)
          .slice();
      byte kind = in.get(at + 2);
      long sequence = body.getLong();
      long birth = body.getLong();
      byte[] id = new byte[Short.toUnsignedInt(body.getShort())];
      body.get(id);
      TagKey[] tags = readTags(body);
      int sealedSize = body.getInt();
      if (sealedSize != body.remaining()) {
        throw new IllegalArgumentException("sealed size " + sealedSize + " but "
            + body.remaining() + " bytes left");
      }
      byte[] sealedHeader = new byte[Math.min(sealedSize, 2 + 64)];
      body.get(body.position(), sealedHeader);
      String keyId = RecordSealer.keyIdOf(sealedHeader);
      byte[] sealed = null;
      if (keepSealed) {
        sealed = new byte[sealedSize];
        body.get(sealed);
      }
      return new Frame(kind, sequence, birth, new String(id, StandardCharsets.UTF_8), tags,
          keyId, sealed, sealedSize, fileOffset);
    } catch (DamagedDataException e) {
      what = e.getMessage();
    } catch (RuntimeException e) {
      what = "body of " + (size - FRAME_OVERHEAD_BYTES) + " bytes is malformed ("
          + e.getClass().getSimpleName() + ")";
    }
    throw new DamagedDataException(file + ": frame at offset " + fileOffset + ": " + what
        + " although its checksum matches", fileOffset);
  }

  private static TagKey[] readTags(ByteBuffer body) {
    TagKey[] tags = new TagKey[TAGGED_FIELDS.length];
    int count = Byte.toUnsignedInt(body.get());
    int previous = -1;
    for (int i = 0; i < count; i++) {
      int code = Byte.toUnsignedInt(body.get());
      if (code <= previous) {
        throw new IllegalArgumentException("tag codes not ascending");
      }
      previous = code;
      tags[tagSlot(FIELDS_BY_CODE[code])] = TagKey.readFrom(body);
    }
    return tags;
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  static String hex(int value) {
    return String.format("%08x", value);
  }
}
