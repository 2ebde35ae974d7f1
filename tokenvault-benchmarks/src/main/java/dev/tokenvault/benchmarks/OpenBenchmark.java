package dev.tokenvault.benchmarks;

import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.IOException;
import java.nio.file.Path;
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
 * Opening a prepared vault: reading and checking every frame and building the index, without
 * decrypting any record. Single shot: each iteration is one open. The key ring is opened once,
 * outside the measurement. The file is in the page cache after the first open (the machine has
 * memory to spare), so this is a warm open; a cold one adds the time to read the file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class OpenBenchmark {
  @Param({"100000", "1000000"})
  int tokens;

  private Path vault;
  private KeyRing ring;
  private FileTokenStore opened;

  @Setup(Level.Trial)
  public void prepare() throws VaultException, IOException {
    Path dir = Vaults.prepared(tokens);
    vault = dir.resolve(Vaults.VAULT_FILE);
    ring = Vaults.keys(dir);
  }

  @TearDown(Level.Trial)
  public void closeKeys() {
    ring.close();
  }

  @Benchmark
  public FileTokenStore open() throws VaultException {
    opened = FileTokenStore.builder(vault, ring).open();
    return opened;
  }

  /** Closes the store opened by the iteration, outside the measurement. */
  @TearDown(Level.Iteration)
  public void closeStore() throws VaultException {
    if (opened != null) {
      opened.close();
      opened = null;
    }
  }
}
