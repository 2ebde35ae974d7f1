package dev.tokenvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.TestKeys;
import dev.tokenvault.VaultIoException;
import dev.tokenvault.fs.StepHook;
import dev.tokenvault.fs.WriteStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure injected before and after each step of the keystore's atomic replacement leaves the
 * old keystore, byte for byte, or the new one, complete: never a third state.
 */
final class KeyRingWriteFaultTest {
  @TempDir Path dir;

  /** The change a case makes to a keystore holding tv-1 and tv-2 (active). */
  enum Change {
    ADD_KEY,
    REMOVE_KEY
  }

  static Stream<Arguments> faults() {
    List<Arguments> faults = new ArrayList<>();
    for (Change change : Change.values()) {
      for (WriteStep step : WriteStep.values()) {
        faults.add(Arguments.of(change, step, false));
        faults.add(Arguments.of(change, step, true));
      }
    }
    return faults.stream();
  }

  /** Whether a failure at this point comes after the commit point, the move. */
  private static boolean afterCommit(WriteStep step, boolean done) {
    return step.compareTo(WriteStep.MOVE) > 0 || (step == WriteStep.MOVE && done);
  }

  @ParameterizedTest(name = "{0}, failing {2} {1}")
  @MethodSource("faults")
  void change_failingAtStep_leavesOldOrNewKeystore(Change change, WriteStep step, boolean done)
      throws Exception {
    Path keystore = dir.resolve("keys.p12");
    try (KeyRing setup = TestKeys.create(keystore)) {
      setup.addKey();
    }
    byte[] before = Files.readAllBytes(keystore);
    FailAt hook = new FailAt(step, done);

    try (KeyRing ring = KeyRing.builder(keystore)
        .password(Passwords.of(TestKeys.PASSWORD.toCharArray())).iterations(TestKeys.ITERATIONS)
        .stepHook(hook).open()) {
      hook.armed = true;
      assertThatThrownBy(() -> apply(change, ring))
          .isInstanceOf(VaultIoException.class)
          .hasMessageContaining(keystore.toString())
          .hasRootCauseMessage("injected failure " + (done ? "after " : "before ") + step);
      assertThat(hook.fired).isTrue();

      assertThat(leftoverFiles()).containsExactlyInAnyOrder("keys.p12", "keys.p12.lock");
      if (afterCommit(step, done)) {
        assertNewState(change, keystore);
        assertThat(ring.refreshIfChanged()).isTrue();
        assertThat(ring.keys()).extracting(KeyInfo::id).isEqualTo(expectedIds(change));
      } else {
        assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
        assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("tv-1", "tv-2");
        assertThat(ring.refreshIfChanged()).isFalse();
      }

      if (!afterCommit(step, done)) {
        apply(change, ring);
      }
      assertThat(ring.keys()).extracting(KeyInfo::id).isEqualTo(expectedIds(change));
    }
    assertNewState(change, keystore);
  }

  @Test
  void create_failingBeforeTheMove_leavesNoKeystoreAndNoTemporaryFile() throws Exception {
    Path keystore = dir.resolve("keys.p12");
    FailAt hook = new FailAt(WriteStep.FORCE_FILE, true);
    hook.armed = true;

    assertThatThrownBy(() -> KeyRing.builder(keystore)
        .password(Passwords.of(TestKeys.PASSWORD.toCharArray()))
        .iterations(TestKeys.ITERATIONS).stepHook(hook).create())
        .isInstanceOf(VaultIoException.class);

    assertThat(keystore).doesNotExist();
    assertThat(leftoverFiles()).containsExactly("keys.p12.lock");
  }

  private static void apply(Change change, KeyRing ring) throws Exception {
    if (change == Change.ADD_KEY) {
      ring.addKey();
    } else {
      ring.removeKey("tv-1");
    }
  }

  private static List<String> expectedIds(Change change) {
    return change == Change.ADD_KEY ? List.of("tv-1", "tv-2", "tv-3") : List.of("tv-2");
  }

  private static void assertNewState(Change change, Path keystore) throws Exception {
    try (KeyRing reopened = TestKeys.open(keystore)) {
      assertThat(reopened.keys()).extracting(KeyInfo::id).isEqualTo(expectedIds(change));
    }
  }

  private List<String> leftoverFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  /** Throws once, at one step of the next write after being armed. */
  private static final class FailAt implements StepHook {
    private final WriteStep step;
    private final boolean done;
    volatile boolean armed;
    volatile boolean fired;

    FailAt(WriteStep step, boolean done) {
      this.step = step;
      this.done = done;
    }

    @Override
    public void at(WriteStep current, boolean currentDone) throws IOException {
      if (armed && !fired && current == step && currentDone == done) {
        fired = true;
        throw new IOException("injected failure " + (done ? "after " : "before ") + step);
      }
    }
  }
}
