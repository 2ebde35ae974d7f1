package dev.tokenvault.zoho;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.api.authenticator.Token;
import com.zoho.crm.api.UserSignature;
import com.zoho.crm.api.exception.SDKException;
import dev.tokenvault.TokenField;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SDK tokens for tests, written and read by column name ({@code user_name}, {@code
 * access_token}, ...), the names of the SDK's token file and of contract-cases.json. Uses only
 * SDK members that the stand-in declares, so that the same tests compile against the real SDK.
 */
final class SdkTokens {
  /** The ten columns of the SDK's token file, in its order. */
  static final List<String> COLUMNS = List.of("id", "user_name", "client_id", "client_secret",
      "refresh_token", "access_token", "grant_token", "expiry_time", "redirect_url",
      "api_domain");

  private SdkTokens() {}

  /**
   * Returns a new OAuthToken with the given column values, set exactly as given: an empty
   * string stays an empty string, so that tests can pass the SDK's empty values through.
   */
  static OAuthToken fromColumns(Map<String, String> columns) throws SDKException {
    OAuthToken token = new OAuthToken();
    for (Map.Entry<String, String> column : columns.entrySet()) {
      set(token, column.getKey(), column.getValue());
    }
    return token;
  }

  /**
   * Returns a new OAuthToken for a token of the contract cases: from {@code raw}, the caller's
   * values by {@link TokenField} ordinal with empty strings kept, when there is one, else from
   * {@code token}.
   */
  static OAuthToken fromVault(dev.tokenvault.Token token, String[] raw) throws SDKException {
    Map<String, String> columns = new LinkedHashMap<>();
    for (TokenField field : TokenField.values()) {
      String value = raw != null ? raw[field.ordinal()] : token.get(field);
      if (value != null) {
        columns.put(field.columnName(), value);
      }
    }
    return fromColumns(columns);
  }

  /** Returns the values of an OAuthToken as a tokenvault token; empty strings become absent. */
  static dev.tokenvault.Token toVault(Token token) {
    dev.tokenvault.Token.Builder vault = dev.tokenvault.Token.builder();
    columns(token).forEach((column, value) -> vault.set(TokenField.ofColumnName(column), value));
    return vault.build();
  }

  /** Returns a new OAuthToken from pairs of column name and value. */
  static OAuthToken token(String... columnsAndValues) throws SDKException {
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < columnsAndValues.length; i += 2) {
      columns.put(columnsAndValues[i], columnsAndValues[i + 1]);
    }
    return fromColumns(columns);
  }

  /**
   * Returns the non-empty values of an OAuthToken by column name, in column order: what the
   * contract compares, where an empty string is the same as an absent value.
   */
  static Map<String, String> columns(Token token) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (String column : COLUMNS) {
      put(columns, column, get((OAuthToken) token, column));
    }
    return columns;
  }

  /**
   * Returns a token that is not an OAuthToken. A dynamic proxy implements whatever abstract
   * methods the SDK's Token interface has, the stand-in's one or the real SDK's five.
   */
  static Token notAnOAuthToken() {
    return (Token) Proxy.newProxyInstance(Token.class.getClassLoader(),
        new Class<?>[] {Token.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "equals":
              return proxy == args[0];
            case "hashCode":
              return System.identityHashCode(proxy);
            case "toString":
              return "NotAnOAuthToken";
            default:
              return null;
          }
        });
  }

  /** Returns the value of one column of {@code token} as the object holds it, or null. */
  static String get(OAuthToken token, String column) {
    if (column.equals("user_name")) {
      return token.getUserSignature() == null ? null : token.getUserSignature().getName();
    }
    return switch (column) {
      case "id" -> token.getId();
      case "client_id" -> token.getClientId();
      case "client_secret" -> token.getClientSecret();
      case "refresh_token" -> token.getRefreshToken();
      case "access_token" -> token.getAccessToken();
      case "grant_token" -> token.getGrantToken();
      case "expiry_time" -> token.getExpiresIn();
      case "redirect_url" -> token.getRedirectURL();
      case "api_domain" -> token.getAPIDomain();
      default -> throw new IllegalArgumentException("unknown column " + column);
    };
  }

  private static void put(Map<String, String> columns, String column, String value) {
    if (value != null && !value.isEmpty()) {
      columns.put(column, value);
    }
  }

  /** Sets one column of {@code token} to {@code value}, exactly as given. */
  static void set(OAuthToken token, String column, String value) throws SDKException {
    switch (column) {
      case "id" -> token.setId(value);
      case "user_name" -> token.setUserSignature(new UserSignature(value));
      case "client_id" -> token.setClientId(value);
      case "client_secret" -> token.setClientSecret(value);
      case "refresh_token" -> token.setRefreshToken(value);
      case "access_token" -> token.setAccessToken(value);
      case "grant_token" -> token.setGrantToken(value);
      case "expiry_time" -> token.setExpiresIn(value);
      case "redirect_url" -> token.setRedirectURL(value);
      case "api_domain" -> token.setAPIDomain(value);
      default -> throw new IllegalArgumentException("unknown column " + column);
    }
  }
}
