/*
 * STAND-IN, COMPILE-ONLY, NEVER PUBLISHED. This is not the Zoho CRM Java SDK: it declares, with
 * the SDK's package, name and signatures, only what tokenvault-zoho uses, so that the adapter
 * builds without Zoho's repository. The zoho-sdk profile replaces it with the real SDK. Where
 * each signature comes from: zoho-sdk-standin/README.md.
 */
package com.zoho.crm.api.exception;

/** Stand-in for the SDK's checked exception: a code, a message and a cause. */
public class SDKException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String code;

  /** Creates an exception with an error code, a message and the exception that caused it. */
  public SDKException(String code, String message, Exception cause) {
    super(message, cause);
    this.code = code;
  }

  /** Returns the error code. */
  public String getCode() {
    return code;
  }
}
