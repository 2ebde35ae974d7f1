package dev.tokenvault.zoho;

import static dev.tokenvault.zoho.SdkTokens.columns;
import static dev.tokenvault.zoho.SdkTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.api.authenticator.Token;
import com.zoho.crm.api.exception.SDKException;
import dev.tokenvault.UnknownTokenException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's own patterns of store calls, each replayed against the vault store: what the SDK
 * does before every API request (see {@link SdkTokenFlow}), and its {@code revoke} and {@code
 * remove}. Each test checks the calls made, what the SDK's token object holds afterwards, and
 * what the vault holds.
 */
final class SdkCallSequenceTest {
  private static final String CLIENT_ID = "1000.FAKECLIENTID0000000000000000A";
  private static final String CLIENT_SECRET = "fakeclientsecret000000000000000000000000aa";
  private static final String USER = "alice@example.com:7001";

  @TempDir Path dir;
  private VaultTokenStore vault;
  private RecordingStore store;
  private SdkTokenFlow sdk;

  @BeforeEach
  void openStore() throws Exception {
    vault = TestVaults.create(dir);
    store = new RecordingStore(vault);
    sdk = new SdkTokenFlow(store, "1000.alice", null);
  }

  @AfterEach
  void closeStore() throws Exception {
    vault.close();
  }

  @Test
  void firstUse_grantToken_findsNothingThenInsertsAndSetsTheId() throws Exception {
    OAuthToken token = grantToken();

    String accessToken = sdk.request(token);

    assertThat(store.forget()).containsExactly("findToken", "saveToken");
    assertThat(token.getId()).isNotEmpty();
    assertThat(accessToken).isEqualTo("1000.alice-access-1");
    assertThat(columns(vault.findTokenById(token.getId())))
        .containsEntry("grant_token", "1000.fake-grant-alice")
        .containsEntry("refresh_token", "1000.alice-refresh-1")
        .containsEntry("access_token", "1000.alice-access-1")
        .containsEntry("client_secret", CLIENT_SECRET)
        .containsEntry("api_domain", SdkTokenFlow.API_DOMAIN);
  }

  @Test
  void laterRequest_tokenWithId_onlyFindsById() throws Exception {
    OAuthToken token = grantToken();
    sdk.request(token);
    store.forget();

    String accessToken = sdk.request(token);

    assertThat(store.forget()).containsExactly("findTokenById");
    assertThat(accessToken).isEqualTo("1000.alice-access-1");
    assertThat(vault.getTokens()).hasSize(1);
  }

  @Test
  void expiry_findByIdThenSaveWithTheId_updatesTheTokenInPlace() throws Exception {
    OAuthToken token = grantToken();
    sdk.request(token);
    String id = token.getId();
    sdk.advance(SdkTokenFlow.LIFETIME);
    store.forget();

    String accessToken = sdk.request(token);

    assertThat(store.forget()).containsExactly("findTokenById", "saveToken");
    assertThat(accessToken).isEqualTo("1000.alice-access-2");
    List<Token> tokens = vault.getTokens();
    assertThat(tokens).hasSize(1);
    assertThat(columns(tokens.get(0)))
        .containsEntry("id", id)
        .containsEntry("access_token", "1000.alice-access-2")
        .containsEntry("refresh_token", "1000.alice-refresh-1")
        .containsEntry("expiry_time",
            Long.toString(sdk.nowMillis() + SdkTokenFlow.LIFETIME.toMillis()));
  }

  @Test
  void refreshTokenOnly_noStoredToken_insertsAndSetsTheId() throws Exception {
    OAuthToken token = refreshToken();

    String accessToken = sdk.request(token);

    assertThat(store.forget()).containsExactly("findToken", "saveToken");
    assertThat(accessToken).isEqualTo("1000.alice-access-1");
    assertThat(token.getId()).isNotEmpty();
    assertThat(columns(vault.findTokenById(token.getId())))
        .containsEntry("refresh_token", "1000.fake-refresh-alice")
        .containsEntry("access_token", "1000.alice-access-1");
  }

  @Test
  void refreshTokenOnly_storedTokenStillValid_fillsTheCallersObjectAndSavesNothing()
      throws Exception {
    String id = storeAlice(Duration.ofMinutes(30));
    OAuthToken token = refreshToken();

    String accessToken = sdk.request(token);

    assertThat(store.forget()).containsExactly("findToken");
    assertThat(accessToken).isEqualTo("1000.fake-access-alice");
    assertThat(token.getId()).isEqualTo(id);
    assertThat(token.getUserSignature().getName()).isEqualTo(USER);
  }

  @Test
  void refreshTokenOnly_storedTokenExpired_updatesThatToken() throws Exception {
    String id = storeAlice(Duration.ofSeconds(1));
    OAuthToken token = refreshToken();

    String accessToken = sdk.request(token);

    assertThat(store.forget()).containsExactly("findToken", "saveToken");
    assertThat(accessToken).isEqualTo("1000.alice-access-1");
    List<Token> tokens = vault.getTokens();
    assertThat(tokens).hasSize(1);
    assertThat(columns(tokens.get(0)))
        .containsEntry("id", id)
        .containsEntry("user_name", USER)
        .containsEntry("access_token", "1000.alice-access-1");
  }

  @Test
  void idOnly_knownId_findsByIdAndFillsTheToken() throws Exception {
    String id = storeAlice(Duration.ofMinutes(30));
    OAuthToken token = token("id", id);

    String accessToken = sdk.request(token);

    assertThat(store.forget()).containsExactly("findTokenById");
    assertThat(accessToken).isEqualTo("1000.fake-access-alice");
    assertThat(token.getRefreshToken()).isEqualTo("1000.fake-refresh-alice");
  }

  @Test
  void idOnly_unknownId_failsWithATokenStoreError() throws Exception {
    storeAlice(Duration.ofMinutes(30));
    OAuthToken token = token("id", "99");

    SDKException error = catchThrowableOfType(SDKException.class, () -> sdk.request(token));

    assertThat(store.forget()).containsExactly("findTokenById");
    assertThat(error.getCode()).isEqualTo(VaultTokenStore.ERROR_CODE);
    assertThat(error.getCause()).isInstanceOf(UnknownTokenException.class);
  }

  @Test
  void accessTokenOnly_firstUse_insertsAndLaterRequestsMatchByAccessToken() throws Exception {
    OAuthToken first = token("access_token", "1000.fake-access-carol");
    sdk.request(first);
    List<String> firstCalls = store.forget();
    OAuthToken second = token("access_token", "1000.fake-access-carol");

    String accessToken = sdk.request(second);

    assertThat(firstCalls).containsExactly("findToken", "saveToken");
    assertThat(store.forget()).containsExactly("findToken");
    assertThat(accessToken).isEqualTo("1000.fake-access-carol");
    assertThat(second.getId()).isNotEmpty().isEqualTo(first.getId());
    assertThat(vault.getTokens()).hasSize(1);
  }

  @Test
  void revoke_queryCarryingOnlyAnId_fillsTheCallersRefreshToken() throws Exception {
    String id = storeAlice(Duration.ofMinutes(30));
    OAuthToken query = new OAuthToken();
    query.setId(id);

    store.findToken(query);

    assertThat(query.getRefreshToken()).isEqualTo("1000.fake-refresh-alice");
  }

  @Test
  void revoke_unknownId_returnsNullAndLeavesTheQueryAsItWas() throws Exception {
    storeAlice(Duration.ofMinutes(30));
    OAuthToken query = new OAuthToken();
    query.setId("99");

    Token found = store.findToken(query);

    assertThat(found).isNull();
    assertThat(columns(query)).containsExactly(java.util.Map.entry("id", "99"));
  }

  @Test
  void remove_deleteToken_removesItAndItsIdIsThenUnknown() throws Exception {
    String id = storeAlice(Duration.ofMinutes(30));

    store.deleteToken(id);

    assertThat(vault.getTokens()).isEmpty();
    SDKException error = catchThrowableOfType(SDKException.class, () -> store.findTokenById(id));
    assertThat(error.getCause()).isInstanceOf(UnknownTokenException.class);
  }

  @Test
  void notAnOAuthToken_findReturnsItUnchangedAndSaveIgnoresIt() throws Exception {
    Token other = SdkTokens.notAnOAuthToken();

    Token found = store.findToken(other);
    store.saveToken(other);

    assertThat(found).isSameAs(other);
    assertThat(vault.getTokens()).isEmpty();
  }

  /** The token an application builds for the grant-token flow, as in the SDK's README. */
  private static OAuthToken grantToken() throws SDKException {
    return token("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
        "grant_token", "1000.fake-grant-alice",
        "redirect_url", "https://app.example.com/oauth/callback");
  }

  /** The token an application builds for the refresh-token flow. */
  private static OAuthToken refreshToken() throws SDKException {
    return token("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
        "refresh_token", "1000.fake-refresh-alice");
  }

  /** Stores Alice's token, whose access token expires after {@code validFor}; returns its id. */
  private String storeAlice(Duration validFor) throws Exception {
    OAuthToken alice = token("user_name", USER, "client_id", CLIENT_ID,
        "client_secret", CLIENT_SECRET, "refresh_token", "1000.fake-refresh-alice",
        "access_token", "1000.fake-access-alice",
        "expiry_time", Long.toString(sdk.nowMillis() + validFor.toMillis()));
    vault.saveToken(alice);
    store.forget();
    return alice.getId();
  }
}
