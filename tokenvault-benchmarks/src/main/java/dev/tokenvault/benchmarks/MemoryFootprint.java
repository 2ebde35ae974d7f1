package dev.tokenvault.benchmarks;

import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures the heap that an open vault retains, per token: the used heap after a full
 * collection with the store open, minus the same before it was opened, divided by the token
 * count. Then reads {@code min(tokens, 10,000)} tokens by id, which fills the record cache, and
 * measures again: the difference is what the cache costs per cached record.
 *
 * <p>Not a JMH benchmark: run it with {@code java -Xmx4g -cp benchmarks.jar
 * dev.tokenvault.benchmarks.MemoryFootprint 100000 1000000}. The arguments are vault sizes;
 * prepared vaults are reused.
 */
public final class MemoryFootprint {
  private static final int CACHE_RECORDS = 10_000;

  private MemoryFootprint() {}

  /** Measures each vault size given as an argument. */
  public static void main(String[] args) throws VaultException, IOException {
    PrintStream out = System.out;
    out.println("tokens  file-bytes/token  heap-after-open  heap/token  cache-bytes/record");
    for (String arg : args) {
      int tokens = Integer.parseInt(arg);
      Path dir = Vaults.prepared(tokens);
      Path vault = dir.resolve(Vaults.VAULT_FILE);
      try (KeyRing ring = Vaults.keys(dir)) {
        measure(out, tokens, Files.size(vault), vault, ring);
      }
    }
  }

  private static void measure(PrintStream out, int tokens, long fileBytes, Path vault,
      KeyRing ring) throws VaultException {
    long before = usedHeapAfterGc();
    FileTokenStore store = FileTokenStore.builder(vault, ring).open();
    try {
      long opened = usedHeapAfterGc() - before;
      int cached = Math.min(tokens, CACHE_RECORDS);
      for (int i = 0; i < cached; i++) {
        store.findById(Tokens.id(i));
      }
      long withCache = usedHeapAfterGc() - before;
      out.println(String.format(Locale.ROOT, "%,d  %,d  %,d  %,d  %,d", tokens,
          fileBytes / tokens, opened, opened / tokens, (withCache - opened) / cached));
    } finally {
      Reference.reachabilityFence(store);
      store.close();
    }
  }

  /** Returns the used heap after full collections, once two in a row agree within 1%. */
  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int round = 0; round < 10; round++) {
      memory.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < used / 100) {
        return used;
      }
      previous = used;
    }
    return previous;
  }
}
