package dev.tokenvault.zoho;

import static java.util.Objects.requireNonNull;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.api.authenticator.Token;
import com.zoho.api.authenticator.store.TokenStore;
import com.zoho.crm.api.exception.SDKException;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.PasswordSource;
import dev.tokenvault.file.FileTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Zoho CRM Java SDK's {@link TokenStore}, kept in a tokenvault: tokens sealed with
 * AES-256-GCM, every save durable and atomic, threads and processes sharing one vault safely,
 * and the SDK's per-request lookups answered from memory.
 *
 * <p>Give it to the SDK where the plaintext {@code FileStore} or {@code DBStore} went:
 *
 * <pre>{@code
 * VaultTokenStore store = VaultTokenStore.builder(Path.of("tokens.vault"), Path.of("keys.p12"))
 *     .password(Passwords.fromEnvironment("TOKENVAULT_PASSWORD"))
 *     .open();
 * new Initializer.Builder().environment(environment).token(token).store(store).initialize();
 * }</pre>
 *
 * <p><b>Behaviour.</b> The six calls keep the rules of the SDK's own file store (see {@link
 * dev.tokenvault.TokenStore} and {@link dev.tokenvault.Lookup}), including what the SDK relies
 * on: {@link #findToken} fills the empty fields of the caller's {@link OAuthToken} and returns
 * that same object; {@link #saveToken} sets the stored id, and any other field the caller left
 * empty, on the caller's object; {@link #findTokenById} of an unknown id throws. An empty string
 * counts as an absent value everywhere. The behaviours that tokenvault fixes on purpose are
 * those of the contract: a query carrying only an id matches by id (so the SDK's {@code revoke}
 * works), generated ids are never reused, values round-trip byte for byte, and concurrent
 * callers never lose each other's saves.
 *
 * <p>A token that is not an {@link OAuthToken} is none of this store's business, as for the
 * SDK's own stores: {@link #findToken} returns it unchanged and {@link #saveToken} ignores it.
 *
 * <p><b>Errors.</b> Every failure is an {@link SDKException} whose code is {@link #ERROR_CODE}
 * ({@code TOKEN_STORE}, the code of the SDK's own stores), whose message names the call and
 * what failed (ids, paths and sizes, never a token, secret or user name), and whose cause is
 * the original exception, usually a {@link VaultException}.
 *
 * <p>Instances are safe for use by many threads, as the SDK's multi-user {@code switchUser}
 * pattern needs; each call changes only the SDK token object it was given.
 */
public final class VaultTokenStore implements TokenStore, AutoCloseable {
  /** The code of every {@link SDKException} this store throws, as the SDK's own stores use. */
  public static final String ERROR_CODE = "TOKEN_STORE";

  private final dev.tokenvault.TokenStore vault;
  private final String name;
  private final @Nullable KeyRing ownedRing;
  private final boolean ownsVault;

  private VaultTokenStore(dev.tokenvault.TokenStore vault, String name,
      @Nullable KeyRing ownedRing, boolean ownsVault) {
    this.vault = vault;
    this.name = name;
    this.ownedRing = ownedRing;
    this.ownsVault = ownsVault;
  }

  /**
   * Returns a builder for the store kept in the vault file {@code vault}, sealed under the keys
   * of the PKCS12 keystore {@code keystore}.
   */
  public static Builder builder(Path vault, Path keystore) {
    return new Builder(vault, keystore);
  }

  /**
   * Returns a store that answers the SDK's calls from {@code vault}, which the caller opened
   * and keeps: {@link #close()} leaves it open.
   */
  public static VaultTokenStore of(dev.tokenvault.TokenStore vault) {
    requireNonNull(vault, "vault");
    return new VaultTokenStore(vault, vault.toString(), null, false);
  }

  // ---------------------------------------------------------------------------------------
  // The six calls of the SDK

  /**
   * Looks up the stored token that {@code token} selects and, if there is one, fills every
   * null or empty field of {@code token} from it and returns {@code token} itself. Returns null
   * if nothing matches, and {@code token} unchanged if it is not an {@link OAuthToken}.
   *
   * @throws SDKException with code {@code TOKEN_STORE} if the vault cannot be read
   */
  @Override
  public @Nullable Token findToken(Token token) throws SDKException {
    if (!(token instanceof OAuthToken)) {
      return token;
    }
    OAuthToken query = (OAuthToken) token;
    Optional<dev.tokenvault.Token> found =
        call("findToken", () -> vault.find(OAuthTokens.toVault(query)));
    if (found.isEmpty()) {
      return null;
    }
    OAuthTokens.fillEmptyFields(query, found.get());
    return query;
  }

  /**
   * Returns a new {@link OAuthToken} holding the stored token with this id.
   *
   * @throws SDKException with code {@code TOKEN_STORE} if no stored token has this id (its
   *     cause is a {@link dev.tokenvault.UnknownTokenException}), or the vault cannot be read
   */
  @Override
  public Token findTokenById(String id) throws SDKException {
    dev.tokenvault.Token stored = call("findTokenById", () -> vault.findById(orEmpty(id)));
    return OAuthTokens.toSdk(stored);
  }

  /**
   * Stores {@code token}: updates the stored token with its id, or else the one its user name,
   * access token, or grant or refresh token selects, keeping every stored value it leaves
   * empty; inserts it if nothing matches. Then sets on {@code token} its id and every other
   * field it left empty, as stored. Ignores a token that is not an {@link OAuthToken}.
   *
   * @throws SDKException with code {@code TOKEN_STORE} if nothing matches and the token has an
   *     id or a user name but no access, refresh or grant token (cause: {@link
   *     dev.tokenvault.MissingCredentialsException}), or the vault cannot be written
   */
  @Override
  public void saveToken(Token token) throws SDKException {
    if (!(token instanceof OAuthToken)) {
      return;
    }
    OAuthToken sdk = (OAuthToken) token;
    dev.tokenvault.Token saved = call("saveToken", () -> vault.save(OAuthTokens.toVault(sdk)));
    OAuthTokens.fillEmptyFields(sdk, saved);
  }

  /**
   * Deletes the stored token with this id.
   *
   * @throws SDKException with code {@code TOKEN_STORE} if no stored token has this id, or the
   *     vault cannot be written
   */
  @Override
  public void deleteToken(String id) throws SDKException {
    call("deleteToken", () -> {
      vault.delete(orEmpty(id));
      return null;
    });
  }

  /**
   * Returns every stored token as a new {@link OAuthToken}, oldest first.
   *
   * @throws SDKException with code {@code TOKEN_STORE} if the vault cannot be read
   */
  @Override
  public List<Token> getTokens() throws SDKException {
    List<dev.tokenvault.Token> stored = call("getTokens", vault::list);
    List<Token> tokens = new ArrayList<>(stored.size());
    for (dev.tokenvault.Token token : stored) {
      tokens.add(OAuthTokens.toSdk(token));
    }
    return tokens;
  }

  /**
   * Deletes every stored token.
   *
   * @throws SDKException with code {@code TOKEN_STORE} if the vault cannot be written
   */
  @Override
  public void deleteTokens() throws SDKException {
    call("deleteTokens", () -> {
      vault.clear();
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------

  /**
   * Closes what this store opened: the vault and the key ring of a store made by {@link
   * #builder}; nothing for a store made by {@link #of}. Further calls then fail.
   *
   * @throws VaultException if the vault file could not be released
   */
  @Override
  public void close() throws VaultException {
    try {
      if (ownsVault) {
        vault.close();
      }
    } finally {
      if (ownedRing != null) {
        ownedRing.close();
      }
    }
  }

  /** Returns the vault this store keeps its tokens in, for messages. */
  @Override
  public String toString() {
    return "VaultTokenStore{" + name + "}";
  }

  /** One call on the vault. */
  @FunctionalInterface
  private interface VaultCall<T> {
    T run() throws VaultException;
  }

  private <T> T call(String operation, VaultCall<T> call) throws SDKException {
    try {
      return call.run();
    } catch (VaultException | RuntimeException e) {
      throw new SDKException(ERROR_CODE, operation + " failed on " + name + ": " + reason(e), e);
    }
  }

  /**
   * Returns why {@code failure} happened, for a message. tokenvault's own exceptions (the
   * checked family and the argument and state errors it throws) are written to hold no secret,
   * so their messages are quoted; any other exception is named by its class only, because its
   * message was not written with that care.
   */
  private static String reason(Exception failure) {
    if (failure instanceof VaultException
        || failure instanceof IllegalArgumentException
        || failure instanceof IllegalStateException) {
      return failure.getMessage();
    }
    return failure.getClass().getName();
  }

  /** The SDK never passes a null id; if it did, no stored token would have it. */
  private static String orEmpty(@Nullable String id) {
    return id == null ? "" : id;
  }

  /**
   * Builds a {@link VaultTokenStore} over a vault file and a keystore. The store owns both and
   * closes both; if building fails, whatever was opened is closed again, the password source
   * included.
   */
  public static final class Builder {
    private final Path vaultPath;
    private final Path keystorePath;
    private @Nullable PasswordSource passwords;
    private Duration staleness = Duration.ZERO;
    private int keystoreIterations = KeyRing.DEFAULT_ITERATIONS;

    private Builder(Path vaultPath, Path keystorePath) {
      this.vaultPath = requireNonNull(vaultPath, "vault");
      this.keystorePath = requireNonNull(keystorePath, "keystore");
    }

    /**
     * Sets where the keystore password comes from, for example {@code
     * Passwords.fromEnvironment("TOKENVAULT_PASSWORD")} or {@code Passwords.fromFile(path)}.
     * The store takes ownership of the source and closes it. Required.
     */
    public Builder password(PasswordSource passwords) {
      this.passwords = requireNonNull(passwords, "passwords");
      return this;
    }

    /**
     * Sets how long a lookup may go without checking for other processes' saves; the default,
     * zero, checks on every call. See {@link FileTokenStore.Builder#staleness}.
     *
     * @throws IllegalArgumentException if {@code staleness} is negative
     */
    public Builder staleness(Duration staleness) {
      requireNonNull(staleness, "staleness");
      if (staleness.isNegative()) {
        throw new IllegalArgumentException("staleness " + staleness + " is negative");
      }
      this.staleness = staleness;
      return this;
    }

    /**
     * Sets the PBKDF2 iteration count of a keystore that {@link #openOrCreate()} creates; the
     * default is {@link KeyRing#DEFAULT_ITERATIONS}. An existing keystore keeps its own.
     *
     * @throws IllegalArgumentException if below {@link KeyRing#MIN_ITERATIONS}
     */
    public Builder keystoreIterations(int iterations) {
      if (iterations < KeyRing.MIN_ITERATIONS) {
        throw new IllegalArgumentException("keystore iterations " + iterations
            + " is below the minimum of " + KeyRing.MIN_ITERATIONS);
      }
      this.keystoreIterations = iterations;
      return this;
    }

    /**
     * Opens the existing keystore and the existing vault, as {@code tokenvault import} or
     * {@code tokenvault init} left them.
     *
     * @throws IllegalStateException if no password source was set
     * @throws VaultException if either file is missing, the password is wrong, or the vault
     *     cannot be read
     */
    public VaultTokenStore open() throws VaultException {
      return start(false);
    }

    /**
     * Opens the keystore and the vault, creating each first if it does not exist: a new
     * keystore with one key, and an empty vault.
     *
     * @throws IllegalStateException if no password source was set
     * @throws VaultException if a file cannot be created or read, or the password is wrong
     */
    public VaultTokenStore openOrCreate() throws VaultException {
      return start(true);
    }

    private VaultTokenStore start(boolean create) throws VaultException {
      if (passwords == null) {
        throw new IllegalStateException("no password source: call password(...) first");
      }
      KeyRing ring = openRing(passwords, create);
      try {
        FileTokenStore.Builder files = FileTokenStore.builder(vaultPath, ring)
            .staleness(staleness);
        FileTokenStore vault = create ? files.openOrCreate() : files.open();
        return new VaultTokenStore(vault, "vault " + vault.path(), ring, true);
      } catch (VaultException | RuntimeException e) {
        ring.close();
        throw e;
      }
    }

    private KeyRing openRing(PasswordSource source, boolean create) throws VaultException {
      KeyRing.Builder keys = KeyRing.builder(keystorePath).password(source);
      if (create && !Files.exists(keystorePath)) {
        return keys.iterations(keystoreIterations).create();
      }
      return keys.open();
    }
  }
}
