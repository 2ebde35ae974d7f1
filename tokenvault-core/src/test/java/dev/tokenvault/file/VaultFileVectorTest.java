package dev.tokenvault.file;

import static dev.tokenvault.FormatVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenvault.FormatVectors;
import dev.tokenvault.Token;
import dev.tokenvault.TokenDocument;
import dev.tokenvault.TokenField;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.RecordSealer;
import dev.tokenvault.fs.SecureFiles;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the vault file layout against the complete vault file of docs/FORMAT.md ("A complete
 * vault file"), computed by docs/vectors/make_vectors.py from the document alone: this code
 * writes the same header, identities, documents and frames, and reads the file back.
 */
final class VaultFileVectorTest {
  private static final JsonNode VAULT = FormatVectors.root().get("vaultFile");
  private static final HexFormat HEX = HexFormat.of();

  @TempDir static Path dir;
  private static KeyRing ring;
  private static RecordSealer sealer;

  @BeforeAll
  static void openRing() throws Exception {
    ring = FormatVectors.keyRing(dir.resolve("vectors.p12"));
    sealer = RecordSealer.create(ring, hex(VAULT, "vaultId"));
  }

  @AfterAll
  static void closeRing() {
    sealer.close();
    ring.close();
  }

  @Test
  void encodeHeader_vectorHeader_matches() throws Exception {
    VaultHeader header = new VaultHeader(hex(VAULT, "vaultId"),
        VAULT.get("nextSequence").asLong(), VAULT.get("idHighWater").asLong(),
        VAULT.get("writtenAtMillis").asLong(), VAULT.get("keyId").asText(), 0);

    assertThat(HEX.formatHex(VaultFormat.encodeHeader(header, sealer)))
        .isEqualTo(VAULT.get("header").asText());
  }

  @Test
  void encodeFrame_vectorFrames_match() throws Exception {
    for (JsonNode vector : VAULT.get("frames")) {
      Frame frame = frameOf(vector);

      assertThat(HEX.formatHex(frame.identity())).as(describe(vector))
          .isEqualTo(vector.get("identity").asText());
      assertThat(HEX.formatHex(bytesOf(VaultFormat.encodeFrame(frame)))).as(describe(vector))
          .isEqualTo(vector.get("bytes").asText());
    }
  }

  @Test
  void toJson_vectorTokens_giveVectorDocuments() {
    for (JsonNode vector : VAULT.get("frames")) {
      if (vector.get("kind").asText().equals("put")) {
        Token token = FormatVectors.token(vector.get("fields"));

        assertThat(HEX.formatHex(TokenDocument.toJson(token))).as(describe(vector))
            .isEqualTo(vector.get("plaintext").asText());
      }
    }
  }

  @Test
  void open_vectorFile_holdsItsLiveTokens() throws Exception {
    Path vault = dir.resolve("vector.vault");
    write(vault, hex(VAULT, "file"));
    Token alice = FormatVectors.token(VAULT.get("liveTokens").get(0));

    try (FileTokenStore store = FileTokenStore.builder(vault, ring).readOnly(true).open()) {
      assertThat(store.list()).containsExactly(alice);
      assertThat(store.find(Token.builder().userName(alice.userName()).build()))
          .contains(alice);
      assertThat(store.find(Token.builder().accessToken(alice.accessToken()).build()))
          .contains(alice);
      VerifyReport report = store.verify();
      assertThat(report.problems()).isEmpty();
      assertThat(report.frames()).isEqualTo(3);
    }
  }

  /** Rebuilds the frame of {@code vector} from its fields, with tags computed here. */
  private static Frame frameOf(JsonNode vector) throws Exception {
    byte kind = switch (vector.get("kind").asText()) {
      case "put" -> Frame.PUT;
      case "delete" -> Frame.DELETE;
      default -> Frame.CLEAR;
    };
    String keyId = vector.get("keyId").asText();
    TagKey[] tags = new TagKey[VaultFormat.TAGGED_FIELDS.length];
    if (kind == Frame.PUT) {
      Token token = FormatVectors.token(vector.get("fields"));
      for (TokenField field : VaultFormat.TAGGED_FIELDS) {
        if (token.has(field)) {
          tags[VaultFormat.tagSlot(field)] =
              TagKey.of(sealer.lookupTag(keyId, field, token.get(field)));
        }
      }
    }
    return Frame.unwritten(kind, vector.get("sequence").asLong(), vector.get("birth").asLong(),
        vector.get("id").asText(), tags, keyId, hex(vector, "sealed"));
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static void write(Path path, byte[] contents) throws Exception {
    try (FileChannel file = SecureFiles.createNew(path)) {
      ByteBuffer bytes = ByteBuffer.wrap(contents);
      while (bytes.hasRemaining()) {
        file.write(bytes);
      }
    }
  }

  private static String describe(JsonNode vector) {
    return vector.get("kind").asText() + " frame #" + vector.get("sequence").asLong();
  }
}
