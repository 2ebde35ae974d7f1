package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.DamagedDataException;
import dev.tokenvault.TokenField;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

final class VaultFormatTest {
  /** Offset of the first tag's field code in a frame whose token id is one byte long. */
  private static final int FIRST_TAG_CODE_AT = VaultFormat.FRAME_PREFIX_BYTES + 8 + 8 + 2 + 1 + 1;

  @Test
  void decodeFrame_encodedFrame_readsEachTagIntoItsSlot() throws Exception {
    byte[] frame = encodedFrameWithUserNameTag();

    Frame decoded = VaultFormat.decodeFrame(ByteBuffer.wrap(frame), 0, frame.length, 0,
        "test vault", true);

    assertThat(decoded.tag(TokenField.USER_NAME)).isEqualTo(new TagKey(1, 2));
    assertThat(decoded.tag(TokenField.ACCESS_TOKEN)).isNull();
    assertThat(decoded.keyId).isEqualTo("tv-1");
  }

  @Test
  void decodeFrame_tagCodeBeyondTheLastField_isDamage() {
    byte[] frame = encodedFrameWithUserNameTag();
    assertThat(frame[FIRST_TAG_CODE_AT]).isEqualTo((byte) TokenField.USER_NAME.ordinal());
    frame[FIRST_TAG_CODE_AT] = (byte) TokenField.values().length;
    ByteBuffer.wrap(frame).putInt(frame.length - 4, VaultFormat.crc(frame, 0, frame.length - 4));

    assertThatThrownBy(() -> VaultFormat.decodeFrame(ByteBuffer.wrap(frame), 0, frame.length, 0,
        "test vault", true))
        .isInstanceOf(DamagedDataException.class)
        .hasMessageContaining("frame at offset 0");
  }

  private static byte[] encodedFrameWithUserNameTag() {
    TagKey[] tags = new TagKey[VaultFormat.TAGGED_FIELDS.length];
    tags[VaultFormat.tagSlot(TokenField.USER_NAME)] = new TagKey(1, 2);
    Frame frame = Frame.unwritten(Frame.PUT, 1, 1, "1", tags, "tv-1",
        IndexTest.sealedStub("tv-1"));
    ByteBuffer bytes = VaultFormat.encodeFrame(frame);
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    return copy;
  }
}
