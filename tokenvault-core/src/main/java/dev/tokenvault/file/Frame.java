package dev.tokenvault.file;

import dev.tokenvault.TokenField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One frame of the vault file, as written or as read: a put, a delete or a clear, with the
 * record identity that its sealed payload is bound to. See {@link VaultFormat} for the bytes.
 */
final class Frame {
  static final byte PUT = 1;
  static final byte DELETE = 2;
  static final byte CLEAR = 3;

  final byte kind;
  final long sequence;
  final long birth;
  final String id;
  final TagKey[] tags;
  /** The id of the key that sealed the payload, from the sealed record's header. */
  final String keyId;
  /** The sealed record, or null where a scan did not keep it (puts, while opening). */
  final byte @Nullable [] sealed;
  /** Offset of the frame in its file, or -1 for a frame not yet written. */
  final long offset;
  /** Size of the whole frame in bytes, prefix and checksums included. */
  final int sizeBytes;

  Frame(byte kind, long sequence, long birth, String id, TagKey[] tags, String keyId,
      byte @Nullable [] sealed, int sealedSize, long offset) {
    this.kind = kind;
    this.sequence = sequence;
    this.birth = birth;
    this.id = id;
    this.tags = tags;
    this.keyId = keyId;
    this.sealed = sealed;
    this.offset = offset;
    this.sizeBytes = VaultFormat.FRAME_OVERHEAD_BYTES + bodySize(id, tags, sealedSize);
  }

  /** Returns this frame placed at file offset {@code newOffset}. */
  Frame at(long newOffset) {
    return new Frame(kind, sequence, birth, id, tags, keyId, sealed,
        sizeBytes - VaultFormat.FRAME_OVERHEAD_BYTES - bodySize(id, tags, 0), newOffset);
  }

  /** Returns a new frame, not yet written, holding {@code sealed}. */
  static Frame unwritten(byte kind, long sequence, long birth, String id, TagKey[] tags,
      String keyId, byte[] sealed) {
    return new Frame(kind, sequence, birth, id, tags, keyId, sealed, sealed.length, -1);
  }

  /** Returns the tag of {@code field}, or null if the frame has none for it. */
  TagKey tag(TokenField field) {
    return tags[VaultFormat.tagSlot(field)];
  }

  /**
   * Returns the record identity the sealed payload is bound to: the vault format version, the
   * kind, and the body up to the sealed record's size field (sequence, birth, id, tags).
   */
  static byte[] identity(byte kind, long sequence, long birth, String id, TagKey[] tags) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(3 + identityBodySize(idBytes.length, tags));
    out.putShort((short) VaultFormat.FORMAT_VERSION).put(kind);
    putIdentityBody(out, sequence, birth, idBytes, tags);
    return out.array();
  }

  byte[] identity() {
    return identity(kind, sequence, birth, id, tags);
  }

  static int bodySize(String id, TagKey[] tags, int sealedSize) {
    int idSize = id.getBytes(StandardCharsets.UTF_8).length;
    return identityBodySize(idSize, tags) + 4 + sealedSize;
  }

  private static int identityBodySize(int idSize, TagKey[] tags) {
    return 8 + 8 + 2 + idSize + 1 + (1 + TagKey.SIZE_BYTES) * count(tags);
  }

  static void putIdentityBody(ByteBuffer out, long sequence, long birth, byte[] id,
      TagKey[] tags) {
    out.putLong(sequence).putLong(birth).putShort((short) id.length).put(id);
    out.put((byte) count(tags));
    for (int slot = 0; slot < tags.length; slot++) {
      if (tags[slot] != null) {
        out.put((byte) VaultFormat.TAGGED_FIELDS[slot].ordinal());
        tags[slot].writeTo(out);
      }
    }
  }

  static int count(TagKey[] tags) {
    int count = 0;
    for (TagKey tag : tags) {
      if (tag != null) {
        count++;
      }
    }
    return count;
  }

  String kindName() {
    return kind == PUT ? "put" : kind == DELETE ? "delete" : "clear";
  }

  @Override
  public String toString() {
    return "Frame{" + kindName() + " #" + sequence + " id=" + id + " at " + offset + ", "
        + sizeBytes + " bytes, tags " + Arrays.stream(tags).filter(t -> t != null).count() + "}";
  }
}
