package dev.tokenvault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.Lookup.Rule;
import org.junit.jupiter.api.Test;

/** Which rule a query selects; the full contract is replayed by the contract-case tests. */
final class LookupTest {
  private static final Token STORED = Token.builder().id("1").userName("u@x:1")
      .clientId("cid").clientSecret("cs").refreshToken("rt").accessToken("at")
      .grantToken("gt").build();

  @Test
  void forFind_idOnly_selectsById() {
    Lookup lookup = Lookup.forFind(Token.builder().id("1").build());

    assertThat(lookup.rule()).isEqualTo(Rule.ID);
    assertThat(lookup.matches(STORED)).isTrue();
    assertThat(lookup.matches(STORED.withId("2"))).isFalse();
  }

  @Test
  void forSave_idOnly_selectsNothing() {
    assertThat(Lookup.forSave(Token.builder().id("1").build()).rule()).isEqualTo(Rule.NONE);
  }

  @Test
  void forFind_idWithUserName_selectsByUserName() {
    Lookup lookup = Lookup.forFind(Token.builder().id("9").userName("u@x:1").build());

    assertThat(lookup.rule()).isEqualTo(Rule.USER_NAME);
    assertThat(lookup.matches(STORED)).isTrue();
  }

  @Test
  void userName_winsOverEveryOtherField() {
    Token query = STORED.toBuilder().id(null).userName("other").build();

    Lookup lookup = Lookup.forFind(query);

    assertThat(lookup.rule()).isEqualTo(Rule.USER_NAME);
    assertThat(lookup.matches(STORED)).isFalse();
  }

  @Test
  void userName_comparesExactlyAndCaseSensitively() {
    assertThat(Lookup.forSave(Token.builder().userName("U@x:1").build()).matches(STORED))
        .isFalse();
    assertThat(Lookup.forSave(Token.builder().userName("u@x:1 ").build()).matches(STORED))
        .isFalse();
  }

  @Test
  void emptyUserName_countsAsNoName() {
    Lookup lookup = Lookup.forSave(Token.builder().userName("").accessToken("at").build());

    assertThat(lookup.rule()).isEqualTo(Rule.ACCESS_TOKEN);
    assertThat(lookup.matches(STORED)).isTrue();
  }

  @Test
  void accessToken_withoutClientIdOrSecret_selectsByAccessToken() {
    Lookup lookup = Lookup.forSave(Token.builder().accessToken("at").refreshToken("no").build());

    assertThat(lookup.rule()).isEqualTo(Rule.ACCESS_TOKEN);
    assertThat(lookup.matches(STORED)).isTrue();
  }

  @Test
  void accessToken_withClientIdOnly_selectsNothing() {
    Token query = Token.builder().accessToken("at").clientId("cid").build();

    assertThat(Lookup.forSave(query).rule()).isEqualTo(Rule.NONE);
    assertThat(Lookup.forSave(query).matches(STORED)).isFalse();
  }

  @Test
  void grantOrRefresh_withClientIdAndSecret_matchesEitherToken() {
    Token client = Token.builder().clientId("other-cid").clientSecret("other-cs").build();

    Lookup byGrant = Lookup.forSave(client.toBuilder().grantToken("gt").build());
    Lookup byRefresh = Lookup.forSave(client.toBuilder().refreshToken("rt").build());
    Lookup neither = Lookup.forSave(client.toBuilder().grantToken("x").refreshToken("y").build());
    Lookup crossed = Lookup.forSave(client.toBuilder().grantToken("rt").build());

    assertThat(byGrant.rule()).isEqualTo(Rule.GRANT_OR_REFRESH);
    assertThat(byGrant.matches(STORED)).isTrue();
    assertThat(byRefresh.matches(STORED)).isTrue();
    assertThat(neither.matches(STORED)).isFalse();
    assertThat(crossed.matches(STORED)).isFalse();
  }

  @Test
  void grantOrRefresh_withoutClientSecret_selectsNothing() {
    Token query = Token.builder().clientId("cid").refreshToken("rt").grantToken("gt").build();

    assertThat(Lookup.forSave(query).rule()).isEqualTo(Rule.NONE);
  }

  @Test
  void noKeyField_selectsNothing() {
    Token query = Token.builder().clientId("cid").clientSecret("cs").apiDomain("d").build();

    assertThat(Lookup.forFind(query).rule()).isEqualTo(Rule.NONE);
    assertThat(Lookup.forFind(Token.builder().build()).rule()).isEqualTo(Rule.NONE);
  }

  @Test
  void toString_showsLengthsNotSecretValues() {
    Lookup lookup = Lookup.forSave(Token.builder().clientId("c").clientSecret("s")
        .grantToken("Zq9-grant").refreshToken("Zq9-refresh").build());

    assertThat(lookup).hasToString(
        "Lookup{GRANT_OR_REFRESH, value=<9 chars>, refresh=<11 chars>}");
  }
}
