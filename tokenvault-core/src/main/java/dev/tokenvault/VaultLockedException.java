package dev.tokenvault;

/** Thrown when another process held a vault's lock for longer than the caller would wait. */
public final class VaultLockedException extends VaultException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the lock file and its holder if known. */
  public VaultLockedException(String message) {
    super(message);
  }
}
