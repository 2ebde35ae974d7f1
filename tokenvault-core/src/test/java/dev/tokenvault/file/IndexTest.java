package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class IndexTest {

  @Test
  void apply_putsUnderEqualKeyIds_keepOneKeyIdInstance() throws Exception {
    Index index = new Index("test vault", header(), removed -> { });
    String first = new String("tv-1".toCharArray());
    String second = new String("tv-1".toCharArray());

    index.apply(put(1, "1", first));
    index.apply(put(2, "2", second));

    assertThat(second).isNotSameAs(first);
    assertThat(index.byId("2").keyId).isSameAs(index.byId("1").keyId);
  }

  @Test
  void apply_putUnderAnotherKey_keepsItsOwnKeyId() throws Exception {
    Index index = new Index("test vault", header(), removed -> { });

    index.apply(put(1, "1", "tv-1"));
    index.apply(put(2, "2", "tv-2"));

    assertThat(index.byId("1").keyId).isEqualTo("tv-1");
    assertThat(index.byId("2").keyId).isEqualTo("tv-2");
  }

  private static VaultHeader header() {
    return new VaultHeader(new byte[16], 1, 0, 0, "tv-1", 0);
  }

  private static Frame put(long sequence, String id, String keyId) {
    return Frame.unwritten(Frame.PUT, sequence, sequence, id,
        new TagKey[VaultFormat.TAGGED_FIELDS.length], keyId, sealedStub(keyId))
        .at(100 * sequence);
  }

  /** Bytes with a sealed record's header (version, key id) and room for salt, nonce, tag. */
  static byte[] sealedStub(String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    byte[] sealed = new byte[2 + id.length + 16 + 12 + 16];
    sealed[0] = 1;
    sealed[1] = (byte) id.length;
    System.arraycopy(id, 0, sealed, 2, id.length);
    return sealed;
  }
}
