/*
 * STAND-IN, COMPILE-ONLY, NEVER PUBLISHED. This is not the Zoho CRM Java SDK: it declares, with
 * the SDK's package, name and signatures, only what tokenvault-zoho uses, so that the adapter
 * builds without Zoho's repository. The zoho-sdk profile replaces it with the real SDK. Where
 * each signature comes from: zoho-sdk-standin/README.md.
 */
package com.zoho.api.authenticator;

import com.zoho.crm.api.UserSignature;

/**
 * Stand-in for the SDK's OAuth token: the ten values a token store keeps, as plain properties.
 * The real class also requests and refreshes tokens; the stand-in only holds values.
 */
public class OAuthToken implements Token {
  private String id;
  private UserSignature userSignature;
  private String clientId;
  private String clientSecret;
  private String refreshToken;
  private String accessToken;
  private String grantToken;
  private String expiresIn;
  private String redirectUrl;
  private String apiDomain;

  /** Creates a token with every value absent. */
  public OAuthToken() {}

  /** Returns the id in the token store, or null. */
  public String getId() {
    return id;
  }

  /** Sets the id. */
  public void setId(String id) {
    this.id = id;
  }

  /** Returns the user, or null. */
  public UserSignature getUserSignature() {
    return userSignature;
  }

  /** Sets the user. */
  public void setUserSignature(UserSignature userSignature) {
    this.userSignature = userSignature;
  }

  /** Returns the OAuth client id. */
  public String getClientId() {
    return clientId;
  }

  /** Sets the OAuth client id. */
  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  /** Returns the OAuth client secret. */
  public String getClientSecret() {
    return clientSecret;
  }

  /** Sets the OAuth client secret. */
  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  /** Returns the refresh token. */
  public String getRefreshToken() {
    return refreshToken;
  }

  /** Sets the refresh token. */
  public void setRefreshToken(String refreshToken) {
    this.refreshToken = refreshToken;
  }

  /** Returns the access token. */
  public String getAccessToken() {
    return accessToken;
  }

  /** Sets the access token. */
  public void setAccessToken(String accessToken) {
    this.accessToken = accessToken;
  }

  /** Returns the grant token. */
  public String getGrantToken() {
    return grantToken;
  }

  /** Sets the grant token. */
  public void setGrantToken(String grantToken) {
    this.grantToken = grantToken;
  }

  /** Returns the expiry time, epoch milliseconds as text (the SDK's expiry_time column). */
  public String getExpiresIn() {
    return expiresIn;
  }

  /** Sets the expiry time. */
  public void setExpiresIn(String expiresIn) {
    this.expiresIn = expiresIn;
  }

  /** Returns the redirect URL. */
  public String getRedirectURL() {
    return redirectUrl;
  }

  /** Sets the redirect URL. */
  public void setRedirectURL(String redirectUrl) {
    this.redirectUrl = redirectUrl;
  }

  /** Returns the API domain. */
  public String getAPIDomain() {
    return apiDomain;
  }

  /** Sets the API domain. */
  public void setAPIDomain(String apiDomain) {
    this.apiDomain = apiDomain;
  }
}
