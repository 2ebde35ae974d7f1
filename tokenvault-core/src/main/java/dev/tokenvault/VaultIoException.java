package dev.tokenvault;

import java.io.IOException;

/**
 * Thrown when the operating system failed a file operation: a read, a write, a force, a move or
 * a lock. The message names the file and the operation; the cause is the {@link IOException}.
 */
public final class VaultIoException extends VaultException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the file and what was being done. */
  public VaultIoException(String message, IOException cause) {
    super(message + ": " + describe(cause), cause);
  }

  private static String describe(IOException cause) {
    String text = cause.getMessage();
    return cause.getClass().getSimpleName() + (text == null ? "" : " (" + text + ")");
  }
}
