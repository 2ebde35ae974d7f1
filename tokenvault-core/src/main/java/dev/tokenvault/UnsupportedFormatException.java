package dev.tokenvault;

/**
 * Thrown when a vault, record or token document declares a format version this library does
 * not read, usually because a newer tokenvault wrote it.
 */
public final class UnsupportedFormatException extends VaultException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} gives the version found and the ones supported. */
  public UnsupportedFormatException(String message) {
    super(message);
  }
}
