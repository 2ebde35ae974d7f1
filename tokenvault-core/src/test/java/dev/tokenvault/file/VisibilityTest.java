package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store sees what another process committed: on its next call with the default staleness of
 * zero, and at the latest once its staleness bound has passed otherwise.
 *
 * <p>The other process is a {@link VaultChild} in the {@code session} role, driven line by line,
 * so each step happens strictly after the previous one returned. The waits below are not
 * synchronisation: waiting out the bound is the condition under which the guarantee holds.
 */
final class VisibilityTest {
  private static final Duration BOUND = Duration.ofMillis(200);

  @TempDir Path dir;
  private Path keystore;
  private KeyRing ring;
  private Path vault;

  @BeforeEach
  void createVault() throws VaultException {
    keystore = dir.resolve("keys.p12");
    ring = TestKeys.create(keystore);
    vault = dir.resolve("tokens.vault");
    FileTokenStore.builder(vault, ring).create().close();
  }

  @AfterEach
  void closeKeys() {
    ring.close();
  }

  @Test
  void read_defaultStaleness_seesOtherProcessesChangesOnNextCall() throws Exception {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).open();
        ChildJvm child = session(Duration.ZERO)) {
      Token alice = store.save(token("alice@example.com:1", "at-a-0"));
      expect(child, alice.id(), "at-a-0", "match");

      // Its changes reach the child on its next call: update, insert, delete.
      store.save(Token.builder().id(alice.id()).accessToken("at-a-1").build());
      expect(child, alice.id(), "at-a-1", "match");
      Token bob = store.save(token("bob@example.com:1", "at-b-0"));
      expect(child, bob.id(), "at-b-0", "match");
      store.delete(alice.id());
      expect(child, alice.id(), "at-a-1", "unknown");

      // Also after a compaction replaced the file under the child's feet.
      store.compact();
      store.save(Token.builder().id(bob.id()).accessToken("at-b-1").build());
      expect(child, bob.id(), "at-b-1", "match");
      store.clear();
      child.send("count");
      child.expectLine("0");

      // And the child's changes reach this store on its next call, compacted or not.
      String carol = saveIn(child, "carol@example.com:1", "at-c-0");
      assertThat(store.findById(carol).accessToken()).isEqualTo("at-c-0");
      child.send("compact");
      child.expectLine("compacted");
      saveIn(child, "carol@example.com:1", "at-c-1");
      assertThat(store.findById(carol).accessToken()).isEqualTo("at-c-1");
      quit(child);
    }
  }

  @Test
  void read_stalenessBound_seesOtherProcessesSaveOnceBoundPassed() throws Exception {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).staleness(BOUND).open();
        ChildJvm child = session(BOUND)) {
      Token alice = store.save(token("alice@example.com:1", "at-a-0"));
      waitOutBound(System.nanoTime());
      expect(child, alice.id(), "at-a-0", "match");
      for (int round = 1; round <= 5; round++) {
        // This process saves; the child, reading within its bound, may still see the old
        // value, but once the bound has passed it must see the new one.
        store.save(Token.builder().id(alice.id()).accessToken("at-a-" + round).build());
        waitOutBound(System.nanoTime());
        expect(child, alice.id(), "at-a-" + round, "match");

        // The child saves; this store, with the same bound, sees it once the bound passed.
        saveIn(child, "alice@example.com:1", "at-a-child-" + round);
        waitOutBound(System.nanoTime());
        assertThat(store.findById(alice.id()).accessToken()).isEqualTo("at-a-child-" + round);
      }
      quit(child);
    }
  }

  @Test
  void read_stalenessBound_seesOwnSavesAtOnce() throws Exception {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).staleness(Duration.ofHours(1))
        .open()) {
      store.list();
      for (int i = 0; i < 5; i++) {
        Token saved = store.save(token("alice@example.com:1", "at-a-" + i));
        assertThat(store.findById(saved.id()).accessToken()).isEqualTo("at-a-" + i);
      }
    }
    try (ChildJvm child = session(Duration.ofHours(1))) {
      String id = saveIn(child, "bob@example.com:1", "at-b-0");
      expect(child, id, "at-b-0", "match");
      saveIn(child, "bob@example.com:1", "at-b-1");
      expect(child, id, "at-b-1", "match");
      quit(child);
    }
  }

  // ---------------------------------------------------------------------------------------

  private ChildJvm session(Duration staleness) throws Exception {
    ChildJvm child = ChildJvm.start(VaultChild.class, dir.resolve("session.log"), "session",
        keystore.toString(), vault.toString(), Long.toString(staleness.toMillis()));
    child.expectLine("ready");
    return child;
  }

  /** Asks the child whether token {@code id} has {@code access}; expects {@code answer}. */
  private static void expect(ChildJvm child, String id, String access, String answer)
      throws Exception {
    child.send("expect " + id + " " + access);
    child.expectLine(answer);
  }

  /** Has the child save a token and returns its id. */
  private static String saveIn(ChildJvm child, String user, String access) throws Exception {
    child.send("save " + user + " " + access);
    String line = child.nextLine();
    assertThat(line).startsWith("saved ");
    return line.substring("saved ".length());
  }

  private static void quit(ChildJvm child) throws Exception {
    child.send("quit");
    assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
  }

  /** Returns once {@link #BOUND} (and a millisecond) has passed since {@code sinceNanos}. */
  private static void waitOutBound(long sinceNanos) {
    long until = sinceNanos + BOUND.toNanos() + TimeUnit.MILLISECONDS.toNanos(1);
    for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private static Token token(String user, String access) {
    return Token.builder().userName(user).accessToken(access).refreshToken("rt-" + user)
        .build();
  }
}
