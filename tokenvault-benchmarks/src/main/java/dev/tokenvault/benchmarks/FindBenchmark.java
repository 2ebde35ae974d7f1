package dev.tokenvault.benchmarks;

import dev.tokenvault.Token;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The lookups of the contract on a prepared vault: {@code findById} (the SDK's hot path) and
 * {@code find} by each rule, every call a hit.
 *
 * <p>Each call asks for the next token of a random permutation of the whole vault, so at
 * 100,000 tokens most calls miss the record cache (10,000 records by default, {@code -p
 * cacheSize=...} to change it) and read and open their record. With {@code stalenessMillis=0}
 * (the store's default) every call first checks the vault file for other processes' changes
 * (one {@code stat}); with a bound, the check runs at most once per bound.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class FindBenchmark {
  @Param({"10", "10000", "100000"})
  int tokens;

  @Param({"0", "1000"})
  long stalenessMillis;

  @Param({"10000"})
  long cacheSize;

  private KeyRing ring;
  private FileTokenStore store;
  private String[] ids;
  private String[] userNames;
  private String[] accessTokens;
  private String[] refreshTokens;
  private String[] grantTokens;
  private int next;

  /** Opens the prepared vault and lays out the lookup keys in a random order. */
  @Setup(Level.Trial)
  public void open() throws VaultException, IOException {
    Path dir = Vaults.prepared(tokens);
    ring = Vaults.keys(dir);
    store = FileTokenStore.builder(dir.resolve(Vaults.VAULT_FILE), ring)
        .staleness(Duration.ofMillis(stalenessMillis))
        .cacheSize(cacheSize)
        .open();
    int[] order = permutation(tokens, new SplittableRandom(42));
    ids = new String[tokens];
    userNames = new String[tokens];
    accessTokens = new String[tokens];
    refreshTokens = new String[tokens];
    grantTokens = new String[tokens];
    for (int k = 0; k < tokens; k++) {
      Token token = Tokens.token(order[k]);
      ids[k] = token.id();
      userNames[k] = token.userName();
      accessTokens[k] = token.accessToken();
      refreshTokens[k] = token.refreshToken();
      grantTokens[k] = token.grantToken();
    }
    checkEveryLookupHits();
  }

  /** Closes the store and its key ring. */
  @TearDown(Level.Trial)
  public void close() throws VaultException {
    store.close();
    ring.close();
  }

  /** The SDK's hot path: the token with the next id. */
  @Benchmark
  public Token findById() throws VaultException {
    return store.findById(ids[advance()]);
  }

  /** {@code find} by the next user name. */
  @Benchmark
  public Optional<Token> findByUserName() throws VaultException {
    return store.find(byUserName(advance()));
  }

  /** {@code find} by the next access token, alone. */
  @Benchmark
  public Optional<Token> findByAccessToken() throws VaultException {
    return store.find(byAccessToken(advance()));
  }

  /** {@code find} by the next refresh token, with the client's id and secret. */
  @Benchmark
  public Optional<Token> findByRefreshToken() throws VaultException {
    return store.find(byRefreshToken(advance()));
  }

  /** {@code find} by the next grant token, with the client's id and secret. */
  @Benchmark
  public Optional<Token> findByGrantToken() throws VaultException {
    return store.find(byGrantToken(advance()));
  }

  private Token byUserName(int k) {
    return Token.builder().userName(userNames[k]).build();
  }

  private Token byAccessToken(int k) {
    return Token.builder().accessToken(accessTokens[k]).build();
  }

  /** The SDK's refresh lookup: refresh token with the client's id and secret. */
  private Token byRefreshToken(int k) {
    return Token.builder().refreshToken(refreshTokens[k]).clientId(Tokens.CLIENT_ID)
        .clientSecret(Tokens.CLIENT_SECRET).build();
  }

  /** The SDK's first lookup: grant token with the client's id and secret. */
  private Token byGrantToken(int k) {
    return Token.builder().grantToken(grantTokens[k]).clientId(Tokens.CLIENT_ID)
        .clientSecret(Tokens.CLIENT_SECRET).build();
  }

  private int advance() {
    int k = next;
    next = k + 1 == tokens ? 0 : k + 1;
    return k;
  }

  /** A benchmark of misses would measure nothing useful: fail the trial if a lookup misses. */
  private void checkEveryLookupHits() throws VaultException {
    for (int k = 0; k < Math.min(tokens, 20); k++) {
      String expected = ids[k];
      check(store.findById(expected).id(), expected, "findById");
      check(store.find(byUserName(k)), expected, "find by user name");
      check(store.find(byAccessToken(k)), expected, "find by access token");
      check(store.find(byRefreshToken(k)), expected, "find by refresh token");
      check(store.find(byGrantToken(k)), expected, "find by grant token");
    }
  }

  private static void check(Optional<Token> found, String expected, String what) {
    check(found.map(Token::id).orElse(null), expected, what);
  }

  private static void check(String found, String expected, String what) {
    if (!expected.equals(found)) {
      throw new IllegalStateException(what + " of token " + expected + " found " + found);
    }
  }

  /** Returns a random permutation of 0 .. n-1 (Fisher-Yates). */
  static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
