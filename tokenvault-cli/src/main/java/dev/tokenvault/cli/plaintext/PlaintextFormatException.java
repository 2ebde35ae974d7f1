package dev.tokenvault.cli.plaintext;

/**
 * Thrown when a plaintext token source cannot be imported: it is not in the expected format, or
 * one of its rows is invalid. The message names the file and, where known, the line and column
 * or the table row; it never quotes a value, since a value may be a secret.
 */
public final class PlaintextFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the file and the place. */
  public PlaintextFormatException(String message) {
    super(message);
  }

  /** Creates the exception with the failure that caused it, which holds no value either. */
  public PlaintextFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
