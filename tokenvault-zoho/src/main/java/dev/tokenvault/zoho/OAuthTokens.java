package dev.tokenvault.zoho;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.crm.api.UserSignature;
import com.zoho.crm.api.exception.SDKException;
import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Converts between the SDK's mutable {@link OAuthToken} and tokenvault's immutable {@link Token}.
 *
 * <p>The ten fields map one to one onto the SDK's token file columns: the user is the name of
 * the token's {@link UserSignature}, and the expiry time is the SDK's {@code expiresIn}, epoch
 * milliseconds as text. An empty string is the same as an absent value in both directions: it
 * becomes absent on the way in, and an empty field of the caller's object counts as one to fill.
 */
final class OAuthTokens {

  /** The nine plain text fields; the user name travels inside a UserSignature, handled apart. */
  private static final List<Property> PROPERTIES = List.of(
      new Property(TokenField.ID, OAuthToken::getId, OAuthToken::setId),
      new Property(TokenField.CLIENT_ID, OAuthToken::getClientId, OAuthToken::setClientId),
      new Property(TokenField.CLIENT_SECRET, OAuthToken::getClientSecret,
          OAuthToken::setClientSecret),
      new Property(TokenField.REFRESH_TOKEN, OAuthToken::getRefreshToken,
          OAuthToken::setRefreshToken),
      new Property(TokenField.ACCESS_TOKEN, OAuthToken::getAccessToken,
          OAuthToken::setAccessToken),
      new Property(TokenField.GRANT_TOKEN, OAuthToken::getGrantToken, OAuthToken::setGrantToken),
      new Property(TokenField.EXPIRY_TIME, OAuthToken::getExpiresIn, OAuthToken::setExpiresIn),
      new Property(TokenField.REDIRECT_URL, OAuthToken::getRedirectURL,
          OAuthToken::setRedirectURL),
      new Property(TokenField.API_DOMAIN, OAuthToken::getAPIDomain, OAuthToken::setAPIDomain));

  private OAuthTokens() {}

  /**
   * Returns the values of {@code sdk} as a tokenvault token; empty strings become absent.
   *
   * @throws IllegalArgumentException if a value is not well-formed Unicode
   */
  static Token toVault(OAuthToken sdk) {
    Token.Builder token = Token.builder().userName(userName(sdk));
    for (Property property : PROPERTIES) {
      token.set(property.field, property.getter.apply(sdk));
    }
    return token.build();
  }

  /** Returns a new SDK token holding the values of {@code stored}. */
  static OAuthToken toSdk(Token stored) throws SDKException {
    OAuthToken sdk = new OAuthToken();
    fillEmptyFields(sdk, stored);
    return sdk;
  }

  /**
   * Sets every field of {@code target} that is null or empty and that {@code source} has, and
   * leaves every other field of {@code target} as it is. This is the merge of the contract,
   * done on the caller's own object, which the SDK goes on using.
   */
  static void fillEmptyFields(OAuthToken target, Token source) throws SDKException {
    if (isEmpty(userName(target)) && source.userName() != null) {
      target.setUserSignature(new UserSignature(source.userName()));
    }
    for (Property property : PROPERTIES) {
      String value = source.get(property.field);
      if (isEmpty(property.getter.apply(target)) && value != null) {
        property.setter.accept(target, value);
      }
    }
  }

  private static @Nullable String userName(OAuthToken sdk) {
    UserSignature user = sdk.getUserSignature();
    return user == null ? null : user.getName();
  }

  private static boolean isEmpty(@Nullable String value) {
    return value == null || value.isEmpty();
  }

  /** One text field of the SDK's token and the tokenvault field it maps to. */
  private static final class Property {
    final TokenField field;
    final Function<OAuthToken, @Nullable String> getter;
    final BiConsumer<OAuthToken, String> setter;

    Property(TokenField field, Function<OAuthToken, @Nullable String> getter,
        BiConsumer<OAuthToken, String> setter) {
      this.field = field;
      this.getter = getter;
      this.setter = setter;
    }
  }
}
