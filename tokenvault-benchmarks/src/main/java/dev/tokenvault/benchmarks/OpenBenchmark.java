package dev.tokenvault.benchmarks;

import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 *
 * <p>Besides the wall time, each iteration reports two secondary figures that another
 * program's load on the machine inflates less: {@code cpuMillis}, the processor time of the
 * opening thread, and {@code gcMillis}, the time the collectors report for the collections
 * during the open.
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

  /** Prepares the vault if needed and opens its key ring. */
  @Setup(Level.Trial)
  public void prepare() throws VaultException, IOException {
    Path dir = Vaults.prepared(tokens);
    vault = dir.resolve(Vaults.VAULT_FILE);
    ring = Vaults.keys(dir);
  }

  /** Closes the key ring. */
  @TearDown(Level.Trial)
  public void closeKeys() {
    ring.close();
  }

  /** Processor and collector time of one open, reported beside its wall time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Costs {
    /** CPU time of the opening thread, in milliseconds. */
    public double cpuMillis;
    /** Time the collectors report for the collections during the open, in milliseconds. */
    public double gcMillis;

    /** Starts each iteration's figures from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      cpuMillis = 0;
      gcMillis = 0;
    }
  }

  /** Opens the vault, and records the opening thread's CPU time and the collections' time. */
  @Benchmark
  public FileTokenStore open(Costs costs) throws VaultException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long gcBefore = gcMillis();
    opened = FileTokenStore.builder(vault, ring).open();
    costs.cpuMillis = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6;
    costs.gcMillis = gcMillis() - gcBefore;
    return opened;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, collector.getCollectionTime());
    }
    return total;
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
