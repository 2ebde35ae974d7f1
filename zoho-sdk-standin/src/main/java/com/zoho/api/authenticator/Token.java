/*
 * STAND-IN, COMPILE-ONLY, NEVER PUBLISHED. This is not the Zoho CRM Java SDK: it declares, with
 * the SDK's package, name and signatures, only what tokenvault-zoho uses, so that the adapter
 * builds without Zoho's repository. The zoho-sdk profile replaces it with the real SDK. Where
 * each signature comes from: zoho-sdk-standin/README.md.
 */
package com.zoho.api.authenticator;

/**
 * Stand-in for the SDK's token interface. It declares no members: the adapter only tells an
 * {@link OAuthToken} from other tokens, and never calls the real interface's methods.
 */
public interface Token {}
