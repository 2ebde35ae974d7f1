package dev.tokenvault.benchmarks;

import dev.tokenvault.Token;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Saves per second through one store shared by 4 threads, beside the same on 1 thread: the
 * ratio shows how much group commit (one force serving the saves written while the previous
 * force ran) gains. Each thread updates its own tokens. How many forces a save costs is
 * counted outside JMH, by {@link ForcesPerSave} under {@code strace}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ConcurrentSaveBenchmark {
  @Param({"10000"})
  int tokens;

  private final AtomicInteger threads = new AtomicInteger();
  private Path dir;
  private KeyRing ring;
  private FileTokenStore store;

  /** Opens a fresh, forced copy of the prepared vault, shared by every thread. */
  @Setup(Level.Trial)
  public void openCopy() throws VaultException, IOException {
    dir = Vaults.workingCopy(tokens);
    ring = Vaults.keys(dir);
    store = FileTokenStore.builder(dir.resolve(Vaults.VAULT_FILE), ring).open();
  }

  /** Closes the store and deletes the copy. */
  @TearDown(Level.Trial)
  public void dropCopy() throws VaultException, IOException {
    store.close();
    ring.close();
    Vaults.deleteTree(dir);
  }

  /** One saving thread: it updates the tokens {@code thread, thread + 4, thread + 8, ...}. */
  @State(Scope.Thread)
  public static class Saver {
    private static final int STRIDE = 4;
    private SplittableRandom random;
    private int first;
    private int next;

    /** Takes the next thread number, which chooses this thread's tokens. */
    @Setup(Level.Trial)
    public void join(ConcurrentSaveBenchmark shared) {
      first = shared.threads.getAndIncrement() % STRIDE;
      next = first;
      random = new SplittableRandom(first);
    }

    int advance(int tokens) {
      int k = next;
      next = k + STRIDE < tokens ? k + STRIDE : first;
      return k;
    }
  }

  /** One save of a refreshed token, from 4 threads at once. */
  @Benchmark
  @Threads(4)
  public Token update4Threads(Saver saver) throws VaultException {
    return store.save(Tokens.refreshed(saver.advance(tokens), saver.random));
  }

  /** One save of a refreshed token, from 1 thread: the baseline of the ratio. */
  @Benchmark
  @Threads(1)
  public Token update1Thread(Saver saver) throws VaultException {
    return store.save(Tokens.refreshed(saver.advance(tokens), saver.random));
  }
}
