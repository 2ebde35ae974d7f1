package dev.tokenvault.zoho;

import static dev.tokenvault.zoho.SdkTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.crm.api.exception.SDKException;
import dev.tokenvault.MissingCredentialsException;
import dev.tokenvault.TokenDocument;
import dev.tokenvault.UnknownTokenException;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure reaches the SDK as an {@link SDKException} with the code {@code TOKEN_STORE},
 * a message that names the call and what failed and holds no secret, and the original cause.
 */
final class VaultTokenStoreErrorsTest {
  private static final String USER = "alice@example.com:7001";
  private static final String CLIENT_SECRET = "fakeclientsecret000000000000000000000000aa";
  private static final String REFRESH = "1000.fake-refresh-alice";
  private static final String ACCESS = "1000.fake-access-alice";
  /** Every secret that a test here gives the store; none may appear in an error. */
  private static final List<String> SECRETS = List.of(USER, CLIENT_SECRET, REFRESH, ACCESS,
      TestVaults.PASSWORD);

  @TempDir Path dir;
  private VaultTokenStore store;

  @BeforeEach
  void openStore() throws Exception {
    store = TestVaults.create(dir);
    store.saveToken(token("user_name", USER, "client_secret", CLIENT_SECRET,
        "refresh_token", REFRESH, "access_token", ACCESS));
  }

  @AfterEach
  void closeStore() throws Exception {
    store.close();
  }

  @Test
  void findTokenById_unknownId_failsWithTheIdAndUnknownTokenCause() {
    SDKException error = failure(() -> store.findTokenById("42"));

    assertTokenStoreError(error, "findTokenById", UnknownTokenException.class);
    assertThat(error.getMessage()).contains("'42'");
    assertThat(((UnknownTokenException) error.getCause()).tokenId()).isEqualTo("42");
  }

  @Test
  void findTokenById_nullId_failsAsAnUnknownId() {
    SDKException error = failure(() -> store.findTokenById(null));

    assertTokenStoreError(error, "findTokenById", UnknownTokenException.class);
  }

  @Test
  void deleteToken_unknownId_failsWithUnknownTokenCause() {
    SDKException error = failure(() -> store.deleteToken("42"));

    assertTokenStoreError(error, "deleteToken", UnknownTokenException.class);
  }

  @Test
  void saveToken_unknownUserWithoutCredentials_failsWithoutNamingTheUser() throws Exception {
    OAuthToken bob = token("user_name", "bob@example.com:7001", "client_secret", CLIENT_SECRET);

    SDKException error = failure(() -> store.saveToken(bob));

    assertTokenStoreError(error, "saveToken", MissingCredentialsException.class);
    assertThat(error.getMessage()).doesNotContain("bob@example.com");
    assertThat(bob.getId()).isNull();
  }

  @Test
  void saveToken_unknownIdWithoutCredentials_failsWithMissingCredentialsCause()
      throws Exception {
    OAuthToken token = token("id", "9", "expiry_time", "1900000720000");

    SDKException error = failure(() -> store.saveToken(token));

    assertTokenStoreError(error, "saveToken", MissingCredentialsException.class);
  }

  @Test
  void findToken_accessTokenWithUnpairedSurrogate_failsWithoutQuotingIt() throws Exception {
    String broken = ACCESS + "\ud800";
    OAuthToken query = token("access_token", broken);

    SDKException error = failure(() -> store.findToken(query));

    assertTokenStoreError(error, "findToken", IllegalArgumentException.class);
    assertThat(error.getMessage()).contains("access_token");
  }

  @Test
  void saveToken_tokenLargerThanARecordMayBe_failsWithoutQuotingIt() throws Exception {
    String huge = ACCESS.repeat(TokenDocument.MAX_SIZE_BYTES / ACCESS.length() + 1);
    OAuthToken token = token("user_name", USER, "access_token", huge);

    SDKException error = failure(() -> store.saveToken(token));

    assertTokenStoreError(error, "saveToken", IllegalArgumentException.class);
    assertThat(error.getMessage()).doesNotContain(ACCESS);
  }

  @Test
  void everyCall_afterClose_failsWithIllegalStateCause() throws Exception {
    OAuthToken alice = token("user_name", USER);
    store.close();

    assertTokenStoreError(failure(() -> store.findToken(alice)), "findToken",
        IllegalStateException.class);
    assertTokenStoreError(failure(() -> store.findTokenById("1")), "findTokenById",
        IllegalStateException.class);
    assertTokenStoreError(failure(() -> store.saveToken(alice)), "saveToken",
        IllegalStateException.class);
    assertTokenStoreError(failure(() -> store.deleteToken("1")), "deleteToken",
        IllegalStateException.class);
    assertTokenStoreError(failure(() -> store.getTokens()), "getTokens",
        IllegalStateException.class);
    assertTokenStoreError(failure(() -> store.deleteTokens()), "deleteTokens",
        IllegalStateException.class);
  }

  private static SDKException failure(ThrowingCallable call) {
    SDKException error = catchThrowableOfType(SDKException.class, call);
    assertThat(error).as("an SDKException").isNotNull();
    return error;
  }

  /**
   * Asserts the code, that the message names the call and the vault and holds no secret, that
   * the description of the whole exception holds no secret, and the type of the cause.
   */
  private void assertTokenStoreError(SDKException error, String call, Class<?> cause) {
    assertThat(error.getCode()).isEqualTo("TOKEN_STORE");
    assertThat(error.getMessage()).startsWith(call + " failed on vault ")
        .contains(dir.resolve("tokens.vault").toString());
    assertThat(error.getCause()).isInstanceOf(cause);
    for (String secret : SECRETS) {
      assertThat(error.getMessage()).doesNotContain(secret);
      assertThat(error.toString()).doesNotContain(secret);
      assertThat(String.valueOf(error.getCause().getMessage())).doesNotContain(secret);
    }
  }
}
