package dev.tokenvault;

/**
 * Thrown when stored bytes fail their integrity check: a sealed record whose tag does not
 * verify (altered, or moved to another vault or position), a frame whose checksum does not
 * match, or a file header that is not what it should be.
 *
 * <p>The message names the file, the offset and the record or key id where they are known, and
 * states expected versus found for structural values. It never quotes the damaged bytes.
 */
public final class DamagedDataException extends VaultException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /** Creates the exception for damage at {@code offset}, or -1 if the offset is unknown. */
  public DamagedDataException(String message, long offset) {
    super(message);
    this.offset = offset;
  }

  /** Returns the byte offset of the damage in its file, or -1 if unknown. */
  public long offset() {
    return offset;
  }
}
