package dev.tokenvault;

/**
 * Thrown when a keystore cannot be opened with the password given. PKCS12 cannot tell a wrong
 * password from a keystore whose integrity check was altered, so the message names both.
 */
public final class WrongPasswordException extends VaultException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the keystore. */
  public WrongPasswordException(String message) {
    super(message);
  }
}
