package dev.tokenvault.crypto;

import static dev.tokenvault.FormatVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenvault.FormatVectors;
import dev.tokenvault.TokenField;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the sealing, the derivations, the lookup tags and the header MAC against the vectors of
 * docs/FORMAT.md ("Test vectors"), which docs/vectors/make_vectors.py computes with Python's
 * {@code cryptography} package from the document alone.
 */
final class RecordSealerKnownAnswerTest {
  private static final JsonNode VECTORS = FormatVectors.root();

  @TempDir static Path dir;
  private static KeyRing ring;
  private static RecordSealer sealer;

  @BeforeAll
  static void openRing() throws Exception {
    ring = FormatVectors.keyRing(dir.resolve("vectors.p12"));
    sealer = RecordSealer.create(ring, hex(VECTORS, "vaultId"));
  }

  @AfterAll
  static void closeRing() {
    sealer.close();
    ring.close();
  }

  @Test
  void derivations_matchVectors() {
    byte[] vaultId = hex(VECTORS, "vaultId");
    for (JsonNode key : VECTORS.get("keys")) {
      byte[] prk = Hkdf.extract(vaultId, hex(key, "key"));
      assertThat(prk).as("PRK of %s", key.get("id")).isEqualTo(hex(key, "prk"));
      assertThat(Hkdf.expand(prk, ascii("tokenvault v1 lookup"), 32))
          .as("lookup key of %s", key.get("id")).isEqualTo(hex(key, "lookupKey"));
      assertThat(Hkdf.expand(prk, ascii("tokenvault v1 header"), 32))
          .as("header key of %s", key.get("id")).isEqualTo(hex(key, "headerKey"));
    }
  }

  @Test
  void recordKey_matchesVectors() {
    byte[] vaultId = hex(VECTORS, "vaultId");
    for (JsonNode vector : VECTORS.get("seal")) {
      byte[] prk = Hkdf.extract(vaultId, keyOf(vector.get("keyId").asText()));
      byte[] info = concat(ascii("tokenvault v1 record\0"), hex(vector, "salt"));
      assertThat(Hkdf.expand(prk, info, 32)).as(name(vector))
          .isEqualTo(hex(vector, "recordKey"));
    }
  }

  @Test
  void seal_fixedSaltAndNonce_matchesVectors() throws Exception {
    assertThat(VECTORS.get("seal")).hasSizeGreaterThanOrEqualTo(3);
    for (JsonNode vector : VECTORS.get("seal")) {
      byte[] sealed = sealer.insecureSeal(vector.get("keyId").asText(),
          hex(vector, "plaintext"), hex(vector, "identity"), hex(vector, "salt"),
          hex(vector, "nonce"));
      assertThat(HexFormat.of().formatHex(sealed)).as(name(vector))
          .isEqualTo(vector.get("sealed").asText());
    }
  }

  @Test
  void open_vectors_returnPlaintext() throws Exception {
    for (JsonNode vector : VECTORS.get("seal")) {
      assertThat(sealer.open(hex(vector, "sealed"), hex(vector, "identity"))).as(name(vector))
          .isEqualTo(hex(vector, "plaintext"));
      assertThat(RecordSealer.keyIdOf(hex(vector, "sealed"))).as(name(vector))
          .isEqualTo(vector.get("keyId").asText());
    }
  }

  @Test
  void lookupTag_matchesVectors() throws Exception {
    assertThat(VECTORS.get("lookupTags")).isNotEmpty();
    for (JsonNode vector : VECTORS.get("lookupTags")) {
      TokenField field = TokenField.ofColumnName(vector.get("field").asText());
      assertThat(field.ordinal()).isEqualTo(vector.get("code").asInt());
      byte[] tag = sealer.lookupTag(vector.get("keyId").asText(), field,
          vector.get("value").asText());
      assertThat(tag).as("%s under %s", field, vector.get("keyId"))
          .isEqualTo(hex(vector, "tag"));
    }
  }

  @Test
  void headerMac_matchesVectors() throws Exception {
    assertThat(VECTORS.get("headers")).isNotEmpty();
    for (JsonNode vector : VECTORS.get("headers")) {
      byte[] input = hex(vector, "macInput");
      byte[] padded = concat(new byte[] {7, 7}, input);
      assertThat(sealer.headerMac(vector.get("keyId").asText(), padded, 2, input.length))
          .as("header MAC under %s", vector.get("keyId")).isEqualTo(hex(vector, "mac"));
    }
  }

  /** The document and the resource must hold the same values: the script writes both. */
  @Test
  void formatDocument_holdsEveryVectorValue() {
    String document = FormatVectors.formatDocument().replaceAll("\\s+", "");
    List<String> missing = new ArrayList<>();
    for (String section : List.of("keys", "seal", "lookupTags", "headers")) {
      for (JsonNode vector : VECTORS.get(section)) {
        vector.properties().forEach(member -> {
          String value = member.getValue().asText();
          if (member.getValue().isTextual() && value.matches("([0-9a-f]{2})+")
              && !document.contains(value)) {
            missing.add(section + "." + member.getKey());
          }
        });
      }
    }
    if (!document.contains(VECTORS.get("vaultFile").get("file").asText())) {
      missing.add("vaultFile.file");
    }
    assertThat(missing).as("vector values absent from docs/FORMAT.md").isEmpty();
  }

  private static byte[] keyOf(String keyId) {
    for (JsonNode key : VECTORS.get("keys")) {
      if (key.get("id").asText().equals(keyId)) {
        return hex(key, "key");
      }
    }
    throw new IllegalArgumentException("no vector key " + keyId);
  }

  private static String name(JsonNode vector) {
    return vector.get("name").asText();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
