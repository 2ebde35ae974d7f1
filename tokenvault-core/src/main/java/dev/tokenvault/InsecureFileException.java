package dev.tokenvault;

/**
 * Thrown in strict mode when a vault, lock or keystore file can be read or written by users
 * other than its owner.
 */
public final class InsecureFileException extends VaultException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the file and its permissions. */
  public InsecureFileException(String message) {
    super(message);
  }
}
