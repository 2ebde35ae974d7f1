package dev.tokenvault.file;

import java.nio.ByteBuffer;

/**
 * A 16-byte lookup tag as a map key: the keyed hash of a secret field value, never the value.
 */
final class TagKey {
  static final int SIZE_BYTES = 16;

  private final long high;
  private final long low;

  TagKey(long high, long low) {
    this.high = high;
    this.low = low;
  }

  static TagKey of(byte[] tag) {
    ByteBuffer bytes = ByteBuffer.wrap(tag);
    return new TagKey(bytes.getLong(), bytes.getLong());
  }

  static TagKey readFrom(ByteBuffer in) {
    return new TagKey(in.getLong(), in.getLong());
  }

  void writeTo(ByteBuffer out) {
    out.putLong(high).putLong(low);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TagKey)) {
      return false;
    }
    TagKey other = (TagKey) o;
    return high == other.high && low == other.low;
  }

  @Override
  public int hashCode() {
    // The bits are the output of HMAC-SHA256, already uniformly spread.
    return (int) low;
  }

  @Override
  public String toString() {
    return "TagKey{" + Long.toHexString(high >>> 48) + "..}";
  }
}
