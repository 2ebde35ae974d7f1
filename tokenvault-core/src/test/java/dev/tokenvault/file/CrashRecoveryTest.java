package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.VaultChild.CrashWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child process that saves in a loop, at random moments, and checks after each
 * kill that the vault opens and holds every save the child had acknowledged, and at most the
 * one it was making.
 *
 * <p>The child ({@link VaultChild}, role {@code crash}) prints an operation's number only after
 * the call returned, so every number read from its stdout is an acknowledged operation; with
 * one saving thread, "in flight" is the single operation after the last number. Its workload
 * mixes inserts, updates and deletes of six users under a low compaction threshold, so that
 * automatic compaction runs every few saves and some kills land inside it. One trial in six
 * kills the child while it opens the vault, which is when it recovers from the previous kill.
 * Each trial goes on from the vault the previous kill left, recovered by the checking open.
 *
 * <p>25 trials run by default; {@code mvn -Pstress} runs 400.
 */
final class CrashRecoveryTest {
  private static final int TRIALS = Boolean.getBoolean("tokenvault.stress") ? 400 : 25;
  /** The most operations a child completes before the kill. */
  private static final int MAX_ACKNOWLEDGED = 40;
  /** Compaction as soon as dead bytes exceed live ones (about 2 KB here). */
  private static final long MIN_DEAD_BYTES = 512;
  private static final long MAX_EXTRA_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

  @TempDir Path dir;

  @Test
  void kill_atRandomMoments_keepsEveryAcknowledgedSaveAndAtMostOneMore() throws Exception {
    Path keystore = dir.resolve("keys.p12");
    Path vault = dir.resolve("vault").resolve("tokens.vault");
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    Tally tally = new Tally();
    try (KeyRing ring = TestKeys.create(keystore)) {
      FileTokenStore.builder(vault, ring).create().close();
      Map<String, String> state = new TreeMap<>();
      for (int trial = 0; trial < TRIALS; trial++) {
        String context = "seed " + seed + ", trial " + trial;
        long workloadSeed = random.nextLong();
        int target = random.nextInt(6) == 0 ? -1 : random.nextInt(MAX_ACKNOWLEDGED + 1);
        int acknowledged = runAndKill(keystore, vault, workloadSeed, trial, target,
            random.nextLong(), tally);
        state = checkRecovered(ring, vault, new CrashWorkload(workloadSeed, trial, state),
            acknowledged, tally, context);
      }
    }
    System.out.println("crash trials: " + TRIALS + " (seed " + seed + "), " + tally);
    assertThat(tally.trials).isEqualTo(TRIALS);
  }

  /**
   * Starts a child on the vault, lets it acknowledge {@code target} operations (or, if target is
   * -1, none: it is then killed while it opens the vault and recovers it), waits a random
   * fraction of an operation more, kills it, and returns the number of operations it had
   * acknowledged by then.
   */
  private int runAndKill(Path keystore, Path vault, long workloadSeed, int trial, int target,
      long delaySeed, Tally tally) throws Exception {
    Path log = dir.resolve("child-" + trial + ".log");
    try (ChildJvm child = ChildJvm.start(VaultChild.class, log, "crash", keystore.toString(),
        vault.toString(), Long.toString(workloadSeed), Integer.toString(trial),
        Long.toString(MIN_DEAD_BYTES))) {
      child.expectLine("opening");
      List<String> expected = new ArrayList<>(List.of("ready"));
      if (target >= 0) {
        child.expectLine(expected.remove(0));
      }
      for (int i = 0; i < target; i++) {
        child.expectLine(Integer.toString(i));
      }
      // A random moment within the next step, not a synchronisation.
      LockSupport.parkNanos(Math.floorMod(delaySeed, MAX_EXTRA_DELAY_NANOS));
      child.kill();

      int acknowledged = Math.max(target, 0);
      for (String line : child.remainingLines()) {
        if (!expected.isEmpty()) {
          assertThat(line).isEqualTo(expected.remove(0));
          continue;
        }
        assertThat(line).isEqualTo(Integer.toString(acknowledged));
        acknowledged++;
      }
      tally.killedOpening += expected.isEmpty() ? 0 : 1;
      return acknowledged;
    }
  }

  /**
   * Opens the vault a child left and checks that it holds the model after the acknowledged
   * operations or after one more; returns what it holds.
   */
  private Map<String, String> checkRecovered(KeyRing ring, Path vault, CrashWorkload workload,
      int acknowledged, Tally tally, String context) throws Exception {
    for (int i = 0; i < acknowledged; i++) {
      workload.next();
    }
    Map<String, String> done = workload.state();
    workload.next();
    Map<String, String> withInFlight = workload.state();
    boolean leftTemp = !tempFiles(vault).isEmpty();

    Map<String, String> found;
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
      found = checkTokens(store.list(), context);
      assertThat(store.verify().ok()).as(context + ": verify").isTrue();
    }
    assertThat(found).as(context + ": tokens after " + acknowledged + " acknowledged operations")
        .isIn(done, withInFlight);
    assertThat(tempFiles(vault)).as(context + ": temporary files after the open").isEmpty();
    tally.add(acknowledged, !found.equals(done), leftTemp);
    return found;
  }

  /** Checks every field of every token and returns the user name to access token map. */
  private static Map<String, String> checkTokens(List<Token> tokens, String context) {
    Map<String, String> found = new TreeMap<>();
    Set<String> ids = new HashSet<>();
    for (Token token : tokens) {
      assertThat(ids.add(token.id())).as(context + ": id " + token.id() + " twice").isTrue();
      assertThat(found.put(token.userName(), token.accessToken()))
          .as(context + ": a user stored twice").isNull();
      assertThat(token.refreshToken()).as(context + ": refresh token of " + token.id())
          .isEqualTo(CrashWorkload.refreshTokenOf(token.userName()));
      assertThat(token.clientId()).as(context).isEqualTo("client-1");
      assertThat(token.clientSecret()).as(context).isEqualTo("secret-1");
    }
    return found;
  }

  private static List<Path> tempFiles(Path vault) throws Exception {
    try (Stream<Path> files = Files.list(vault.getParent())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tvtmp")).toList();
    }
  }

  /** What the kills hit, for the summary line. */
  private static final class Tally {
    int trials;
    long acknowledged;
    int inFlightKept;
    int tempLeft;
    int killedOpening;

    void add(int acknowledgedOps, boolean keptInFlight, boolean leftTemp) {
      trials++;
      acknowledged += acknowledgedOps;
      inFlightKept += keptInFlight ? 1 : 0;
      tempLeft += leftTemp ? 1 : 0;
    }

    @Override
    public String toString() {
      return acknowledged + " operations acknowledged, in-flight operation found in "
          + inFlightKept + ", compaction temp file left by " + tempLeft + ", killed opening "
          + killedOpening;
    }
  }
}
