package dev.tokenvault;

/**
 * Thrown by {@link TokenStore#save} when a token matches no stored token, carries an id or a
 * user name, and has no access, refresh or grant token: there is nothing to store it by.
 */
public final class MissingCredentialsException extends VaultException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the id if the token had one. */
  public MissingCredentialsException(String message) {
    super(message);
  }
}
