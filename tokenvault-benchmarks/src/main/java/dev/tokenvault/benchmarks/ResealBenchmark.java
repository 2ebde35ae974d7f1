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
 * A key rotation: with a new active key in the keystore, re-seal every record of the vault
 * (open each under the old key, seal it under the new one, in appended batches of {@code
 * batchSize}, each forced) and compact. Single shot; each iteration works on a fresh, forced
 * copy of the prepared vault, opened outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ResealBenchmark {
  @Param({"100000"})
  int tokens;

  @Param({"1000"})
  int batchSize;

  private Path dir;
  private KeyRing ring;
  private FileTokenStore store;

  /** Opens a fresh copy of the prepared vault and adds a key, which becomes the active key. */
  @Setup(Level.Iteration)
  public void openCopyWithNewKey() throws VaultException, IOException {
    dir = Vaults.workingCopy(tokens);
    ring = Vaults.keys(dir);
    store = FileTokenStore.builder(dir.resolve(Vaults.VAULT_FILE), ring).open();
    ring.addKey();
  }

  /** Closes the store and deletes the copy. */
  @TearDown(Level.Iteration)
  public void dropCopy() throws VaultException, IOException {
    store.close();
    ring.close();
    Vaults.deleteTree(dir);
  }

  /** Re-seals every record under the new key and compacts; fails if any record was missed. */
  @Benchmark
  public long reseal() throws VaultException {
    long resealed = store.reseal(batchSize, null);
    if (resealed != tokens) {
      throw new IllegalStateException("re-sealed " + resealed + " of " + tokens + " records");
    }
    return resealed;
  }
}
