/*
 * STAND-IN, COMPILE-ONLY, NEVER PUBLISHED. This is not the Zoho CRM Java SDK: it declares, with
 * the SDK's package, name and signatures, only what tokenvault-zoho uses, so that the adapter
 * builds without Zoho's repository. The zoho-sdk profile replaces it with the real SDK. Where
 * each signature comes from: zoho-sdk-standin/README.md.
 */
package com.zoho.crm.api;

import com.zoho.crm.api.exception.SDKException;

/** Stand-in for the SDK's user of a token: a user name, usually {@code email:org-id}. */
public class UserSignature {
  private final String name;

  /** Creates the user; the real SDK rejects a null name with an SDKException, and so does this. */
  public UserSignature(String name) throws SDKException {
    if (name == null) {
      throw new SDKException("MANDATORY VALUE ERROR", "stand-in: user name is null", null);
    }
    this.name = name;
  }

  /** Returns the user name. */
  public String getName() {
    return name;
  }
}
