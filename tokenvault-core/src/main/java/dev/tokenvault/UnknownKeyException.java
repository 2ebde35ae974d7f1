package dev.tokenvault;

/** Thrown when data was sealed with a key id that the keystore does not hold. */
public final class UnknownKeyException extends VaultException {
  private static final long serialVersionUID = 1L;

  private final String keyId;

  /** Creates the exception for {@code keyId}; {@code message} says where the id was found. */
  public UnknownKeyException(String keyId, String message) {
    super(message);
    this.keyId = keyId;
  }

  /** Returns the key id that is missing from the keystore. */
  public String keyId() {
    return keyId;
  }
}
