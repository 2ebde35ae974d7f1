package dev.tokenvault;

/**
 * The checked exception family of tokenvault: every failure of a vault, a keystore or a record.
 *
 * <p>Each subclass is one case a caller can act on. Messages are short, say what failed and
 * where (paths, offsets, record and key ids, sizes, allowed values) and never contain a token,
 * a secret, a password, key material or decrypted data; causes are chosen with the same care.
 */
public class VaultException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that contains no secret. */
  public VaultException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause, neither of which contains a secret. */
  public VaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
