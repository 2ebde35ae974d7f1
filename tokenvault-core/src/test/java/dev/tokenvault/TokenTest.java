package dev.tokenvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

final class TokenTest {
  /** Every field set to a value that names it, with a mark no toString may show for secrets. */
  private static Token full() {
    Token.Builder token = Token.builder();
    for (TokenField field : TokenField.values()) {
      token.set(field, "Zq9-" + field.columnName());
    }
    return token.build();
  }

  @Test
  void secretFields_areTheUserNameClientAndTokens() {
    EnumSet<TokenField> secret = EnumSet.noneOf(TokenField.class);
    for (TokenField field : TokenField.values()) {
      if (field.isSecret()) {
        secret.add(field);
      }
    }

    assertThat(secret).containsExactlyInAnyOrder(TokenField.USER_NAME, TokenField.CLIENT_ID,
        TokenField.CLIENT_SECRET, TokenField.REFRESH_TOKEN, TokenField.ACCESS_TOKEN,
        TokenField.GRANT_TOKEN);
  }

  @Test
  void toString_masksEverySecretFieldAndShowsItsLength() {
    Token token = full();

    String text = token.toString();

    for (TokenField field : TokenField.values()) {
      String value = token.get(field);
      if (field.isSecret()) {
        assertThat(text).doesNotContain(value)
            .contains(field.columnName() + "=<" + value.length() + " chars>");
      } else {
        assertThat(text).contains(field.columnName() + "=" + value);
      }
    }
  }

  @Test
  void toString_leavesOutAbsentFields() {
    assertThat(Token.builder().id("7").accessToken("x".repeat(70)).build())
        .hasToString("Token{id=7, access_token=<70 chars>}");
  }

  @ParameterizedTest
  @EnumSource(TokenField.class)
  void builder_emptyString_makesFieldAbsent(TokenField field) {
    Token token = Token.builder().set(field, "").build();

    assertThat(token.has(field)).isFalse();
    assertThat(token.get(field)).isNull();
    assertThat(token).isEqualTo(Token.builder().build());
  }

  @ParameterizedTest
  @EnumSource(TokenField.class)
  void builder_emptyStringOverValue_makesFieldAbsent(TokenField field) {
    Token token = full().toBuilder().set(field, "").build();

    assertThat(token.has(field)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\ud800", "Zq9\udc00Zq9", "Zq9\ud83d", "Zq9\udd11\ud83dZq9",
      "\ud83d\ud83d\udd11"})
  void builder_unpairedSurrogate_isRejectedNamingTheFieldNotTheValue(String value) {
    for (TokenField field : TokenField.values()) {
      assertThatThrownBy(() -> Token.builder().set(field, value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(field.columnName() + ":")
          .hasMessageContaining("unpaired surrogate")
          .hasMessageNotContaining("Zq9");
    }
  }

  @Test
  void builder_surrogatePairs_areAccepted() {
    String value = "\ud83d\udd11 key \ud800\udc00\udbff\udfff";

    assertThat(Token.builder().accessToken(value).build().accessToken()).isEqualTo(value);
  }

  @Test
  void equals_sameFields_isEqualWithSameHashCode() {
    Token a = full();
    Token b = full().toBuilder().build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(null).isNotEqualTo(a.toString());
  }

  @ParameterizedTest
  @EnumSource(TokenField.class)
  void equals_oneFieldDiffers_isNotEqual(TokenField field) {
    Token token = full();

    assertThat(token.toBuilder().set(field, token.get(field) + "x").build())
        .isNotEqualTo(token);
    assertThat(token.toBuilder().set(field, null).build()).isNotEqualTo(token);
  }

  /** The hash code must reveal nothing secret, so secret fields do not enter it. */
  @Test
  void hashCode_ignoresSecretFields() {
    Token token = full();
    Token.Builder otherSecrets = token.toBuilder();
    for (TokenField field : TokenField.values()) {
      if (field.isSecret()) {
        otherSecrets.set(field, "other");
      }
    }

    assertThat(otherSecrets.build()).isNotEqualTo(token).hasSameHashCodeAs(token);
  }

  @Test
  void fillFrom_takesOnlyAbsentFields() {
    Token stored = full();
    Token partial = Token.builder().accessToken("new").build();

    Token merged = partial.fillFrom(stored);

    assertThat(merged.accessToken()).isEqualTo("new");
    assertThat(merged.refreshToken()).isEqualTo(stored.refreshToken());
    assertThat(merged.id()).isEqualTo(stored.id());
  }

  @Test
  void hasOnlyId_andHasCredentials_describeTheFields() {
    assertThat(Token.builder().id("1").build().hasOnlyId()).isTrue();
    assertThat(Token.builder().id("1").apiDomain("d").build().hasOnlyId()).isFalse();
    assertThat(Token.builder().build().hasOnlyId()).isFalse();
    assertThat(Token.builder().grantToken("g").build().hasCredentials()).isTrue();
    assertThat(Token.builder().userName("u").clientId("c").build().hasCredentials()).isFalse();
  }
}
