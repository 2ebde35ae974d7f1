package dev.tokenvault;

import java.util.List;
import java.util.Optional;

/**
 * The six operations through which the Zoho SDKs keep OAuth tokens, typed.
 *
 * <p>The rules are those of the SDK's own file store, so that swapping stores changes nothing an
 * application can observe, except the behaviours the contract fixes on purpose. Which stored
 * token a partial token selects is decided by {@link Lookup}; see its documentation for the
 * rules in order. An empty string is the same as an absent value everywhere: {@link Token}
 * already holds no empty value.
 *
 * <p>Implementations are safe for use by many threads.
 */
public interface TokenStore extends AutoCloseable {

  /**
   * Returns the stored token that {@code query} selects, merged into the query: every field the
   * query leaves absent is taken from the stored token, and every field it has is kept. When
   * several stored tokens match, the oldest wins. Returns empty if nothing matches.
   *
   * @throws VaultException if the store cannot be read, or a matching record fails to open
   */
  Optional<Token> find(Token query) throws VaultException;

  /**
   * Returns the stored token with exactly this id. This is the SDK's hot path.
   *
   * @throws UnknownTokenException if no stored token has this id
   * @throws VaultException if the store cannot be read, or the record fails to open
   */
  Token findById(String id) throws VaultException;

  /**
   * Stores {@code token} and returns the token as stored, with its id.
   *
   * <p>If the token has an id, the stored token with that id is updated; otherwise the stored
   * token that {@link Lookup#forSave} selects is. An update keeps every stored field the token
   * leaves absent, so a save never clears a field. If nothing is updated the token is inserted:
   * under its own id if it has one, else under a new id that no token of this store has ever
   * had.
   *
   * @throws MissingCredentialsException if nothing matches and the token has an id or a user
   *     name but no access, refresh or grant token
   * @throws IllegalArgumentException if the token's document would exceed {@link
   *     TokenDocument#MAX_SIZE_BYTES}
   * @throws VaultException if the store cannot be read or written
   */
  Token save(Token token) throws VaultException;

  /**
   * Deletes the stored token with this id.
   *
   * @throws UnknownTokenException if no stored token has this id
   * @throws VaultException if the store cannot be written
   */
  void delete(String id) throws VaultException;

  /**
   * Returns every stored token, oldest first (the order in which they were first saved).
   *
   * @throws VaultException if the store cannot be read, or a record fails to open
   */
  List<Token> list() throws VaultException;

  /**
   * Deletes every stored token.
   *
   * @throws VaultException if the store cannot be written
   */
  void clear() throws VaultException;

  /**
   * Releases the store's files and wipes the key material it holds. Further calls fail.
   *
   * @throws VaultException if releasing a file failed
   */
  @Override
  void close() throws VaultException;
}
