package dev.tokenvault.zoho;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.api.authenticator.store.TokenStore;
import com.zoho.crm.api.UserSignature;
import com.zoho.crm.api.exception.SDKException;
import java.time.Duration;

/**
 * A test double for the SDK's side of the store: the store calls that the SDK's {@code
 * OAuthToken.getToken()} makes before every API request, with a fake accounts server and a fake
 * clock in place of Zoho's. The steps are restated, in our own code, from the public source of
 * the Java SDK for CRM API v8, release 5.0.0 (zoho/zohocrm-java-sdk-8.0, {@code
 * versions/5.0.0/src/main/java/com/zoho/api/authenticator/OAuthToken.java}, commit 48a40bfc):
 *
 * <ol>
 *   <li>a token with an id is read with {@code findTokenById}, its missing fields are copied
 *       from the stored token, and the SDK goes on with the stored token's object; a token
 *       without an id is looked up with {@code findToken}, and when that returns null the SDK
 *       goes on with the token it was given;
 *   <li>without an access token, it gets one with the refresh token, or else with the grant
 *       token; with one that expires within 5 seconds, it refreshes; with an access token but
 *       no expiry time and no id, it saves as it is;
 *   <li>before saving, a token without a user gets the user that the server names (when the
 *       application asks for it), and then {@code saveToken} stores it.
 * </ol>
 */
final class SdkTokenFlow {
  /** The SDK refreshes an access token that expires within this margin. */
  static final Duration REFRESH_MARGIN = Duration.ofSeconds(5);
  /** How long the fake server's access tokens live, as Zoho's do. */
  static final Duration LIFETIME = Duration.ofHours(1);
  /** The API domain the SDK sets from its environment when the token has none. */
  static final String API_DOMAIN = "https://www.zohoapis.com";

  private final TokenStore store;
  private final String tokenPrefix;
  private final String serverUserName;
  private long nowMillis = 1_900_000_000_000L;
  private int issued;

  /**
   * Creates a flow over {@code store}. The fake server's tokens start with {@code tokenPrefix};
   * it names the user {@code serverUserName}, or none if that is null.
   */
  SdkTokenFlow(TokenStore store, String tokenPrefix, String serverUserName) {
    this.store = store;
    this.tokenPrefix = tokenPrefix;
    this.serverUserName = serverUserName;
  }

  /** Moves the fake clock forward. */
  void advance(Duration duration) {
    nowMillis += duration.toMillis();
  }

  /** Returns the fake clock's time, epoch milliseconds. */
  long nowMillis() {
    return nowMillis;
  }

  /** Makes the store calls of one API request for {@code token}; returns its access token. */
  String request(OAuthToken token) throws SDKException {
    OAuthToken current = lookUp(token);
    if (current.getAPIDomain() == null || current.getAPIDomain().isEmpty()) {
      current.setAPIDomain(API_DOMAIN);
    }
    if (needsSave(current)) {
      if (current.getUserSignature() == null && serverUserName != null) {
        current.setUserSignature(new UserSignature(serverUserName));
      }
      store.saveToken(current);
    }
    return current.getAccessToken();
  }

  private OAuthToken lookUp(OAuthToken token) throws SDKException {
    if (token.getId() != null) {
      OAuthToken stored = (OAuthToken) store.findTokenById(token.getId());
      copyMissingFields(token, stored);
      return stored;
    }
    OAuthToken found = (OAuthToken) store.findToken(token);
    return found == null ? token : found;
  }

  private boolean needsSave(OAuthToken token) {
    if (isEmpty(token.getAccessToken())) {
      issueAccessToken(token, !isEmpty(token.getRefreshToken()) ? "refresh" : "grant");
      return true;
    }
    if (!isEmpty(token.getExpiresIn())
        && Long.parseLong(token.getExpiresIn()) - nowMillis < REFRESH_MARGIN.toMillis()) {
      issueAccessToken(token, "refresh");
      return true;
    }
    return token.getExpiresIn() == null && token.getId() == null;
  }

  /** The fake accounts server: a grant also yields a refresh token, a refresh does not. */
  private void issueAccessToken(OAuthToken token, String how) {
    issued++;
    token.setAccessToken(tokenPrefix + "-access-" + issued);
    token.setExpiresIn(Long.toString(nowMillis + LIFETIME.toMillis()));
    if (how.equals("grant")) {
      token.setRefreshToken(tokenPrefix + "-refresh-" + issued);
    }
  }

  /** The SDK's merge after findTokenById: null fields of {@code target} from {@code source}. */
  private static void copyMissingFields(OAuthToken target, OAuthToken source)
      throws SDKException {
    for (String column : SdkTokens.COLUMNS) {
      String value = SdkTokens.get(source, column);
      if (SdkTokens.get(target, column) == null && value != null) {
        SdkTokens.set(target, column, value);
      }
    }
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }
}
