package dev.tokenvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

final class TokenDocumentTest {
  /** Marks document text that no error message may repeat. */
  private static final String MARK = "Zq9";

  private static final Token FULL = Token.builder()
      .id("7")
      .userName("alice@example.com:7001")
      .clientId("1000.CLIENT")
      .clientSecret("secret")
      .refreshToken("1000.rt")
      .accessToken("1000.at")
      .grantToken("1000.gt")
      .expiryTime("1767229200000")
      .redirectUrl("https://example.com/cb")
      .apiDomain("https://www.zohoapis.com")
      .build();

  @Test
  void toJson_fullToken_writesVersionThenFieldsInColumnOrder() {
    assertThat(text(TokenDocument.toJson(FULL))).isEqualTo("{\"v\":1,\"id\":\"7\","
        + "\"user_name\":\"alice@example.com:7001\",\"client_id\":\"1000.CLIENT\","
        + "\"client_secret\":\"secret\",\"refresh_token\":\"1000.rt\","
        + "\"access_token\":\"1000.at\",\"grant_token\":\"1000.gt\","
        + "\"expiry_time\":\"1767229200000\",\"redirect_url\":\"https://example.com/cb\","
        + "\"api_domain\":\"https://www.zohoapis.com\"}");
  }

  @Test
  void toJson_absentFields_areLeftOut() {
    Token token = Token.builder().id("3").accessToken("at").build();

    assertThat(text(TokenDocument.toJson(token)))
        .isEqualTo("{\"v\":1,\"id\":\"3\",\"access_token\":\"at\"}");
  }

  /** The escapes of docs/FORMAT.md, "Canonical form". */
  @Test
  void toJson_specialCharacters_areEscapedAsFormatMdSays() {
    Token token = Token.builder().id("\"\\/\b\f\n\r\t\u0001\u001f\u007f\u00e9\u2028\ud83d\udd11")
        .build();

    assertThat(text(TokenDocument.toJson(token))).isEqualTo("{\"v\":1,\"id\":"
        + "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001F\u007f\u00e9\u2028\\uD83D\\uDD11\"}");
  }

  @Test
  void fromJson_toJson_roundTrips() throws Exception {
    Token unicode = FULL.toBuilder().userName("jos\u00e9\u0000\ud83d\udd11@example.com")
        .clientSecret("\"quoted\" \\ back\tslash").build();

    assertThat(TokenDocument.fromJson(TokenDocument.toJson(FULL))).isEqualTo(FULL);
    assertThat(TokenDocument.fromJson(TokenDocument.toJson(unicode))).isEqualTo(unicode);
    assertThat(TokenDocument.fromJson(TokenDocument.toJson(Token.builder().build())))
        .isEqualTo(Token.builder().build());
  }

  @Test
  void fromJson_otherMemberOrderWhitespaceAndEscapes_parses() throws Exception {
    String document = " {\n \"access_token\" : \"a\\u0074\",\t\"id\":\"\\uD83D\\uDD11\","
        + " \"v\" : 1 }\n";

    assertThat(TokenDocument.fromJson(bytes(document)))
        .isEqualTo(Token.builder().id("\ud83d\udd11").accessToken("at").build());
  }

  @Test
  void fromJson_emptyStringField_isAbsent() throws Exception {
    Token token = TokenDocument.fromJson(bytes("{\"v\":1,\"id\":\"4\",\"access_token\":\"\"}"));

    assertThat(token.has(TokenField.ACCESS_TOKEN)).isFalse();
    assertThat(token).isEqualTo(Token.builder().id("4").build());
  }

  @Test
  void fromJson_unknownField_isDamaged() {
    String document = "{\"v\":1,\"id\":\"4\",\"" + MARK + "_field\":\"" + MARK + "\"}";

    assertThatThrownBy(() -> TokenDocument.fromJson(bytes(document)))
        .isInstanceOf(DamagedDataException.class)
        .hasMessageContaining("unknown field")
        .hasMessageNotContaining(MARK);
  }

  @Test
  void fromJson_version2_isUnsupported() {
    assertThatThrownBy(() -> TokenDocument.fromJson(bytes("{\"v\":2,\"id\":\"4\"}")))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("version 2");
  }

  /** A newer version may add fields: the version decides, wherever "v" stands. */
  @ParameterizedTest
  @ValueSource(strings = {
    "{\"v\":2,\"id\":\"4\",\"scope\":\"x\"}",
    "{\"id\":\"4\",\"scope\":\"x\",\"v\":2}",
    "{\"v\":2,\"scopes\":[\"a\",{\"b\":1}],\"id\":\"4\"}",
    "{\"v\":2,\"id\":4}"
  })
  void fromJson_version2WithFieldsVersion1LacksOrRetypes_isUnsupported(String document) {
    assertThatThrownBy(() -> TokenDocument.fromJson(bytes(document)))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("version 2");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"id\":\"4\"}",
    "{\"v\":\"1\",\"id\":\"4\"}",
    "{\"v\":1.0,\"id\":\"4\"}",
    "{\"v\":true,\"id\":\"4\"}",
    "{\"v\":99999999999,\"id\":\"4\"}",
    "{\"v\":-1,\"id\":\"4\"}",
    "{\"v\":null,\"id\":\"4\"}"
  })
  void fromJson_missingOrMistypedVersion_isDamaged(String document) {
    assertThatThrownBy(() -> TokenDocument.fromJson(bytes(document)))
        .isInstanceOf(DamagedDataException.class)
        .hasMessageContaining(document.contains("\"v\"") ? "version \"v\" is not a small"
            : "no version field");
  }

  /** Each document carries MARK in its values or names; no message may repeat it. */
  @ParameterizedTest
  @ValueSource(strings = {
    "",
    "{\"v\":1,\"access_token\":\"Zq9-at",
    "{\"v\":1,\"access_token\":\"Zq9-at\"",
    "{\"v\":1,\"access_token\":\"Zq9-at\"} {\"access_token\":\"Zq9-2\"}",
    "{\"v\":1,\"access_token\":\"Zq9-at\"} Zq9",
    "[\"Zq9-at\"]",
    "\"Zq9-at\"",
    "{\"v\":1,\"access_token\":Zq9}",
    "{\"v\":1,\"access_token\":null,\"id\":\"Zq9\"}",
    "{\"v\":1,\"access_token\":[\"Zq9-at\"]}",
    "{\"v\":1,\"access_token\":{\"Zq9\":\"Zq9-at\"}}",
    "{\"v\":1,\"access_token\":\"Zq9-a\",\"access_token\":\"Zq9-b\"}",
    "{'v':1,'access_token':'Zq9-at'}",
    "{\"v\":1,/* Zq9 */\"access_token\":\"Zq9-at\"}",
    "{\"v\":1,\"access_token\":\"Zq9\\q\"}",
    "{\"v\":1,\"access_token\":\"Zq9\u0001raw control\"}",
    "{\"v\":1,\"access_token\":\"Zq9\\uD800Zq9\"}",
    "{\"v\":1,\"access_token\":\"Zq9\\uDC00\\uD800\"}",
    "{\"v\":1,\"Zq9-field\":\"Zq9-at\"}"
  })
  void fromJson_malformed_isDamagedWithoutQuotingTheDocument(String document) {
    assertThat(document).satisfiesAnyOf(d -> assertThat(d).contains(MARK),
        d -> assertThat(d).isEmpty());

    assertThatThrownBy(() -> TokenDocument.fromJson(bytes(document)))
        .isInstanceOf(DamagedDataException.class)
        .hasMessageStartingWith("token document: ")
        .hasMessageNotContaining(MARK)
        .hasNoCause();
  }

  @Test
  void fromJson_invalidUtf8_isDamagedWithoutQuotingTheDocument() {
    byte[] document = bytes("{\"v\":1,\"access_token\":\"Zq9-\u00ff-Zq9\"}");
    int at = indexOf(document, (byte) 0xc3);
    document[at + 1] = (byte) 0x28;

    assertThatThrownBy(() -> TokenDocument.fromJson(document))
        .isInstanceOf(DamagedDataException.class)
        .hasMessageNotContaining(MARK);
  }

  @Test
  void fromJson_documentAtSizeLimit_parses() throws Exception {
    byte[] document = documentOfSize(TokenDocument.MAX_SIZE_BYTES);

    assertThat(TokenDocument.fromJson(document).accessToken())
        .hasSize(TokenDocument.MAX_SIZE_BYTES - 25);
  }

  @Test
  void fromJson_documentAboveSizeLimit_isDamaged() {
    byte[] document = documentOfSize(TokenDocument.MAX_SIZE_BYTES + 1);

    assertThatThrownBy(() -> TokenDocument.fromJson(document))
        .isInstanceOf(DamagedDataException.class)
        .hasMessageContaining(Integer.toString(TokenDocument.MAX_SIZE_BYTES + 1))
        .hasMessageNotContaining("aaaa");
  }

  @Test
  void toJson_tokenAtSizeLimit_serializes() {
    Token token = Token.builder().id("1").accessToken("a".repeat(TokenDocument.MAX_SIZE_BYTES
        - "{\"v\":1,\"id\":\"1\",\"access_token\":\"\"}".length())).build();

    assertThat(TokenDocument.toJson(token)).hasSize(TokenDocument.MAX_SIZE_BYTES);
  }

  @Test
  void toJson_tokenAboveSizeLimit_throwsWithoutQuotingIt() {
    Token token = Token.builder().id("1").accessToken(MARK.repeat(TokenDocument.MAX_SIZE_BYTES
        / 3)).build();

    assertThatThrownBy(() -> TokenDocument.toJson(token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit is " + TokenDocument.MAX_SIZE_BYTES)
        .hasMessageNotContaining(MARK);
  }

  @Test
  void wipe_zeroesTheDocument() {
    byte[] document = TokenDocument.toJson(FULL);

    TokenDocument.wipe(document);

    assertThat(document).containsOnly(0);
  }

  /** Returns {"v":1,"access_token":"aaa..."} of exactly {@code size} bytes. */
  private static byte[] documentOfSize(int size) {
    String prefix = "{\"v\":1,\"access_token\":\"";
    String document = prefix + "a".repeat(size - prefix.length() - 2) + "\"}";
    assertThat(document).hasSize(size);
    return bytes(document);
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    throw new IllegalArgumentException("byte not found in " + Arrays.toString(bytes));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
