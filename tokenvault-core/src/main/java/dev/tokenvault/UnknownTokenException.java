package dev.tokenvault;

/**
 * Thrown by {@link TokenStore#findById} and {@link TokenStore#delete} when no stored token has
 * the given id. The SDK relies on this being an error rather than an absent result.
 */
public final class UnknownTokenException extends VaultException {
  private static final long serialVersionUID = 1L;

  private final String tokenId;

  /** Creates the exception for {@code tokenId}. */
  public UnknownTokenException(String tokenId) {
    super("no token with id '" + tokenId + "'");
    this.tokenId = tokenId;
  }

  /** Returns the id that matched no stored token. */
  public String tokenId() {
    return tokenId;
  }
}
