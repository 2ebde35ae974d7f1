/*
 * STAND-IN, COMPILE-ONLY, NEVER PUBLISHED. This is not the Zoho CRM Java SDK: it declares, with
 * the SDK's package, name and signatures, only what tokenvault-zoho uses, so that the adapter
 * builds without Zoho's repository. The zoho-sdk profile replaces it with the real SDK. Where
 * each signature comes from: zoho-sdk-standin/README.md.
 */
package com.zoho.api.authenticator;

/**
 * Stand-in for the SDK's token interface. Only {@link #getId()} is declared: the real interface
 * has further methods that the adapter never calls.
 */
public interface Token {

  /** Returns the token's id in its store, or null. */
  String getId();
}
