package dev.tokenvault.benchmarks;

import dev.tokenvault.Token;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.IOException;
import java.nio.file.Path;
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
 * One thread's {@code save}: an update of an existing token (a refresh: new access token and
 * expiry, by id) and an insert of a new user's token (no id: looked up by user name, missed,
 * stored under a new id). Every save appends one frame and forces it before it returns, so
 * these figures are dominated by the disk; compare them with {@link DiskBenchmark}.
 *
 * <p>Each measurement iteration starts from a fresh copy of the prepared vault of {@code
 * tokens} tokens (forced to disk before the iteration starts), so an insert run holds {@code
 * tokens} plus at most one iteration's inserts. Updates leave dead records behind; when they
 * outweigh the live ones (after about 80 updates at 10 tokens, never within an iteration at
 * 10,000 or more) the saving thread compacts the vault, and that save is slower: the mean
 * includes it, the median does not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SaveBenchmark {
  @Param({"10", "10000", "100000"})
  int tokens;

  private final SplittableRandom random = new SplittableRandom(7);
  private int[] order;
  private int next;
  private long inserted;
  private Path dir;
  private KeyRing ring;
  private FileTokenStore store;

  /** Prepares the vault if needed and draws the order in which tokens are updated. */
  @Setup(Level.Trial)
  public void prepare() throws VaultException, IOException {
    Vaults.prepared(tokens);
    order = FindBenchmark.permutation(tokens, new SplittableRandom(42));
  }

  /** Opens a fresh, forced copy of the prepared vault. */
  @Setup(Level.Iteration)
  public void openCopy() throws VaultException, IOException {
    dir = Vaults.workingCopy(tokens);
    ring = Vaults.keys(dir);
    store = FileTokenStore.builder(dir.resolve(Vaults.VAULT_FILE), ring).open();
  }

  /** Closes the store and deletes the copy. */
  @TearDown(Level.Iteration)
  public void dropCopy() throws VaultException, IOException {
    store.close();
    ring.close();
    Vaults.deleteTree(dir);
  }

  /** Saves a refreshed access token over the next token of a random permutation. */
  @Benchmark
  public Token update() throws VaultException {
    int k = next;
    next = k + 1 == tokens ? 0 : k + 1;
    return store.save(Tokens.refreshed(order[k], random));
  }

  /** Saves a new user's token. */
  @Benchmark
  public Token insert() throws VaultException {
    return store.save(Tokens.newUser("single", inserted++, random));
  }
}
