/*
 * STAND-IN, COMPILE-ONLY, NEVER PUBLISHED. This is not the Zoho CRM Java SDK: it declares, with
 * the SDK's package, name and signatures, only what tokenvault-zoho uses, so that the adapter
 * builds without Zoho's repository. The zoho-sdk profile replaces it with the real SDK. Where
 * each signature comes from: zoho-sdk-standin/README.md.
 */
package com.zoho.api.authenticator.store;

import com.zoho.api.authenticator.Token;
import com.zoho.crm.api.exception.SDKException;
import java.util.List;

/** Stand-in for the SDK's token store interface: the six calls through which it keeps tokens. */
public interface TokenStore {

  /** Returns the stored token that matches {@code token}, or null. */
  Token findToken(Token token) throws SDKException;

  /** Returns the stored token with this id. */
  Token findTokenById(String id) throws SDKException;

  /** Stores {@code token}, inserting or updating. */
  void saveToken(Token token) throws SDKException;

  /** Deletes the stored token with this id. */
  void deleteToken(String id) throws SDKException;

  /** Returns every stored token. */
  List<Token> getTokens() throws SDKException;

  /** Deletes every stored token. */
  void deleteTokens() throws SDKException;
}
