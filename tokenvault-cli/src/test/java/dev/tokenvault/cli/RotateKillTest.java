package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.Token;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import dev.tokenvault.file.VaultStats;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenvault rotate} run in a child JVM and killed with SIGKILL at random moments: after
 * each kill, {@code verify} passes, every token is intact, and a second {@code rotate} finishes
 * with every record under the new active key.
 *
 * <p>The kill moments are drawn from the duration of a first, uninterrupted rotation: a third
 * from the child's start (so some land while the key is being added), the rest from the moment
 * it reports the new key (so most land while records are re-sealed, compacted or keys
 * retired). {@code -Dtokenvault.killTrials=N} runs more trials; the seed is printed.
 */
final class RotateKillTest {
  private static final int TOKENS = 400;
  private static final int BATCH = 20;

  @TempDir Path dir;
  @TempDir Path logs;

  @Test
  void rotate_killedAtRandomMoments_leavesAVaultThatVerifiesAndRotatesAgain() throws Exception {
    int trials = Integer.getInteger("tokenvault.killTrials", 10);
    long seed = Long.getLong("tokenvault.killSeed", System.nanoTime());
    Random random = new Random(seed);
    Fixtures f = Fixtures.withVault(dir);
    f.expectOk("import", manyTokens(dir.resolve("many.txt")).toString());
    List<Token> expected = ImportCsvTest.stored(f);

    Timing timing = rotateUninterrupted(f);
    Map<String, Integer> phases = new TreeMap<>();
    for (int trial = 1; trial <= trials; trial++) {
      boolean fromStart = trial % 3 == 0;
      long limitMillis = fromStart ? timing.total : timing.afterKey;
      long delayMillis = (long) (random.nextDouble() * limitMillis);
      String phase = killRotation(f, trial, fromStart, delayMillis);
      phases.merge(phase, 1, Integer::sum);

      Cli.Run verify = f.cli.run("verify");
      assertThat(verify.exitCode).as("trial %d (%s), seed %d: %s", trial, phase, seed, verify)
          .isZero();
      assertThat(ImportCsvTest.stored(f)).as("trial %d: every token intact", trial)
          .containsExactlyElementsOf(expected);

      Cli.Run again = f.cli.run("rotate", "--retire", "--key-iterations", "1000");
      assertThat(again.exitCode).as("trial %d: the second rotate: %s", trial, again).isZero();
      assertAllUnderOneKey(f);
      assertThat(ImportCsvTest.stored(f)).containsExactlyElementsOf(expected);
    }
    System.out.printf("RotateKillTest: %d kills, seed %d, rotation %d ms (%d after the key);"
        + " killed %s; files left: %s%n", trials, seed, timing.total, timing.afterKey, phases,
        leftovers());
    assertThat(f.cli.run("verify").exitCode).isZero();
  }

  /** How long an uninterrupted rotation takes in a child, whole and after the key is added. */
  private static final class Timing {
    final long total;
    final long afterKey;

    Timing(long total, long afterKey) {
      this.total = Math.max(total, 1);
      this.afterKey = Math.max(afterKey, 1);
    }
  }

  private Timing rotateUninterrupted(Fixtures f) throws Exception {
    long start = System.nanoTime();
    Process child = startRotation(f, 0);
    long keyAdded;
    try (BufferedReader out = ChildJvm.output(child)) {
      assertThat(out.readLine()).startsWith("added key ");
      keyAdded = System.nanoTime();
      assertThat(child.waitFor()).as("uninterrupted rotation").isZero();
    }
    long end = System.nanoTime();
    assertAllUnderOneKey(f);
    return new Timing(TimeUnit.NANOSECONDS.toMillis(end - start),
        TimeUnit.NANOSECONDS.toMillis(end - keyAdded));
  }

  /** Starts a rotation, kills it after the delay, and returns the phase the kill hit. */
  private String killRotation(Fixtures f, int trial, boolean fromStart, long delayMillis)
      throws Exception {
    int keysBefore = keyCount(f);
    Process child = startRotation(f, trial);
    try (BufferedReader out = ChildJvm.output(child)) {
      if (!fromStart) {
        String line = out.readLine();
        assertThat(line).as("trial %d", trial).startsWith("added key ");
      }
      // The random moment of the kill; the process's exit is what the test then waits for.
      Thread.sleep(delayMillis);
      child.destroyForcibly();
      child.waitFor();
    }
    assertThat(Files.readString(logs.resolve("rotate-" + trial + ".err")))
        .as("the child's log holds no secret").satisfies(log ->
            assertThat(Fixtures.secretsIn(log)).isEmpty());
    return phaseAfterKill(f, keysBefore, child.exitValue() == 0);
  }

  private Process startRotation(Fixtures f, int trial) throws Exception {
    String retire = trial % 2 == 0 ? "--retire" : "--verbose";
    return ChildJvm.start(Main.class, logs.resolve("rotate-" + trial + ".err"),
        "--vault", f.vault.toString(), "--keystore", f.keystore.toString(),
        "--password-file", f.passwordFile.toString(),
        "rotate", "--batch-size", Integer.toString(BATCH), "--key-iterations", "1000", retire);
  }

  private static String phaseAfterKill(Fixtures f, int keysBefore, boolean finished)
      throws Exception {
    if (finished) {
      return "after it finished";
    }
    try (KeyRing ring = HappyPathTest.openRing(f);
        FileTokenStore store = FileTokenStore.builder(f.vault, ring).readOnly(true).open()) {
      VaultStats stats = store.stats();
      if (ring.keys().size() == keysBefore) {
        return "before the key was added";
      }
      if (stats.recordsPerKey().size() > 1) {
        return "while re-sealing";
      }
      return stats.deadRecords() > 0 ? "before compacting" : "while retiring or exiting";
    }
  }

  private List<String> leftovers() throws Exception {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".tvtmp") || n.contains(".torn-")).sorted()
          .collect(java.util.stream.Collectors.toList());
    }
  }

  private static int keyCount(Fixtures f) throws Exception {
    try (KeyRing ring = HappyPathTest.openRing(f)) {
      return ring.keys().size();
    }
  }

  private static void assertAllUnderOneKey(Fixtures f) throws Exception {
    try (KeyRing ring = HappyPathTest.openRing(f);
        FileTokenStore store = FileTokenStore.builder(f.vault, ring).readOnly(true).open()) {
      assertThat(store.stats().recordsPerKey()).containsOnlyKeys(ring.activeKeyId());
      assertThat(store.verify().ok()).isTrue();
    }
  }

  /** Writes an SDK token file of {@link #TOKENS} tokens and returns its path. */
  static Path manyTokens(Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", dev.tokenvault.cli.plaintext.SdkTokenFile.COLUMNS));
    for (int i = 1; i <= TOKENS; i++) {
      lines.add(i + ",user" + i + "@example.com:7001,1000.CLIENT" + i + ",secret-" + i
          + ",1000.rt-" + i + "-0123456789abcdef0123456789abcdef,1000.at-" + i
          + "-fedcba9876543210fedcba9876543210,," + (1796299200000L + i * 1000L)
          + ",https://app.example.com/oauth,https://www.zohoapis.com");
    }
    return Files.write(file, lines);
  }
}
