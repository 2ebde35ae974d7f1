package dev.tokenvault;

/** Thrown when a keystore is missing, unreadable, not PKCS12, or holds no usable key. */
public final class KeystoreUnavailableException extends VaultException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the keystore and what is wrong. */
  public KeystoreUnavailableException(String message) {
    super(message);
  }

  /** Creates the exception with the I/O or parsing failure that caused it. */
  public KeystoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
