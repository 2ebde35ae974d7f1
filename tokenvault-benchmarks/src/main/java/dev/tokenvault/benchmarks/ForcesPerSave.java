package dev.tokenvault.benchmarks;

import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed number of saves from several threads through one store, for counting the forces they
 * cost from outside: run it under {@code strace -f -c -e trace=fsync,fdatasync} once with the
 * saves and once with none, and divide the difference in calls by the saves. JMH cannot count
 * system calls; this program makes the count exact.
 *
 * <p>Arguments: tokens in the vault, threads, saves per thread. Each thread updates its own
 * tokens of a fresh copy of the prepared vault. Prints the saves made and the time they took.
 */
public final class ForcesPerSave {
  private ForcesPerSave() {}

  /** Runs the saves; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int tokens = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    int savesPerThread = Integer.parseInt(args[2]);
    Path dir = Vaults.workingCopy(tokens);
    try (KeyRing ring = Vaults.keys(dir);
        FileTokenStore store = FileTokenStore.builder(dir.resolve(Vaults.VAULT_FILE), ring)
            .open()) {
      long nanos = run(store, tokens, threads, savesPerThread);
      long saves = (long) threads * savesPerThread;
      System.out.println(String.format(Locale.ROOT, "threads=%d saves=%d seconds=%.3f"
          + " saves/s=%.0f", threads, saves, nanos / 1e9, saves == 0 ? 0 : saves / (nanos / 1e9)));
    } finally {
      Vaults.deleteTree(dir);
    }
  }

  private static long run(FileTokenStore store, int tokens, int threads, int savesPerThread)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          start.await();
          saveOwnTokens(store, tokens, threads, first, savesPerThread);
          return null;
        }));
      }
      long began = System.nanoTime();
      start.countDown();
      for (Future<?> each : done) {
        each.get();
      }
      return System.nanoTime() - began;
    } finally {
      pool.shutdown();
    }
  }

  private static void saveOwnTokens(FileTokenStore store, int tokens, int stride, int first,
      int saves) throws VaultException {
    SplittableRandom random = new SplittableRandom(first);
    int k = first;
    for (int n = 0; n < saves; n++) {
      store.save(Tokens.refreshed(k, random));
      k = k + stride < tokens ? k + stride : first;
    }
  }
}
