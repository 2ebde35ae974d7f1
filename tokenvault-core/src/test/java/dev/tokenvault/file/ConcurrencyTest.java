package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers at once, in several processes, in several threads of one store, and through two
 * stores of one JVM: no save is lost, no token is duplicated, and tokens nobody touches stay as
 * they were. The process test saves four times as much under {@code -Pstress}.
 *
 * <p>Each saving thread owns its users ({@link VaultChild#saverUser}) and stores numbered values
 * ({@link VaultChild#saverValue}), so the last value of every user is known, and a reader can
 * tell that it never goes back in time.
 */
final class ConcurrencyTest {
  private static final int UNTOUCHED = 20;
  private static final int PROCESS_SAVES = Boolean.getBoolean("tokenvault.stress") ? 2000 : 500;
  private static final Duration CHILD_RUN = Duration.ofMinutes(3);

  @TempDir Path dir;
  private Path keystore;
  private KeyRing ring;
  private Path vault;

  @BeforeEach
  void openKeys() throws VaultException {
    keystore = dir.resolve("keys.p12");
    ring = TestKeys.create(keystore);
    vault = dir.resolve("tokens.vault");
  }

  @AfterEach
  void closeKeys() {
    ring.close();
  }

  @Test
  void save_twoProcessesTwoThreadsEach_losesAndDuplicatesNothing() throws Exception {
    int threads = 2;
    int saves = PROCESS_SAVES;
    int users = 10;
    List<Token> untouched;
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      untouched = saveUntouched(store);
    }
    List<String> names = List.of("p0", "p1");
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (String name : names) {
        children.add(ChildJvm.start(VaultChild.class, dir.resolve(name + ".log"), "saver",
            keystore.toString(), vault.toString(), name, Integer.toString(threads),
            Integer.toString(saves), Integer.toString(users), Long.toString(16 * 1024)));
      }
      for (ChildJvm child : children) {
        child.expectLine("ready");
      }
      for (ChildJvm child : children) {
        child.send("go");
      }
      try (FileTokenStore reader = FileTokenStore.builder(vault, ring).open()) {
        int reads = readUntilDone(reader, untouched, children);
        assertThat(reads).as("reads while the children saved").isPositive();
      }
      for (ChildJvm child : children) {
        assertThat(child.awaitExit(CHILD_RUN)).as("exit code, log:\n" + child.log()).isZero();
      }
      // Every save appended a frame of more than 100 bytes: a smaller file was compacted, by
      // one child while the other process saved and this one read.
      try (FileTokenStore store = FileTokenStore.builder(vault, ring).readOnly(true).open()) {
        assertThat(store.stats().fileSizeBytes()).as("vault size after the saves")
            .isLessThan(100L * names.size() * threads * saves);
      }
    } finally {
      for (ChildJvm child : children) {
        child.close();
      }
    }
    checkFinal(untouched, names, threads, saves, users);
  }

  @Test
  void save_manyThreadsOfOneStoreWhileOthersRead_losesNothing() throws Exception {
    int savers = 4;
    int saves = 150;
    int users = 5;
    try (FileTokenStore store = FileTokenStore.builder(vault, ring)
        .compactionMinDeadBytes(8 * 1024).create()) {
      List<Token> untouched = saveUntouched(store);
      AtomicBoolean saving = new AtomicBoolean(true);
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < savers; t++) {
        int thread = t;
        tasks.add(() -> saveAndReadBack(store, store, "one", thread, saves, users));
      }
      for (int r = 0; r < 3; r++) {
        tasks.add(() -> {
          readWhile(store, untouched, saving);
          return null;
        });
      }
      runAll(tasks, savers, saving);
      checkFinal(untouched, List.of("one"), savers, saves, users);
    }
  }

  @Test
  void save_throughTwoStoresOfOneJvm_eachSeesTheOthersSavesAtOnce() throws Exception {
    int saves = 150;
    int users = 5;
    try (FileTokenStore first = FileTokenStore.builder(vault, ring)
            .compactionMinDeadBytes(8 * 1024).create();
        FileTokenStore second = FileTokenStore.builder(vault, ring)
            .compactionMinDeadBytes(8 * 1024).open()) {
      List<Token> untouched = saveUntouched(first);
      AtomicBoolean saving = new AtomicBoolean(true);
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        FileTokenStore writer = t % 2 == 0 ? first : second;
        FileTokenStore other = t % 2 == 0 ? second : first;
        tasks.add(() -> saveAndReadBack(writer, other, "two", thread, saves, users));
      }
      tasks.add(() -> {
        readWhile(second, untouched, saving);
        return null;
      });
      runAll(tasks, 4, saving);
      checkFinal(untouched, List.of("two"), 4, saves, users);
    }
  }

  @Test
  void openOrCreate_twoStoresRacingOnAMissingVault_bothOpenOneVault() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        Path missing = dir.resolve("race-" + round).resolve("tokens.vault");
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<FileTokenStore> open = () -> {
          start.await();
          return FileTokenStore.builder(missing, ring).openOrCreate();
        };
        Future<FileTokenStore> one = pool.submit(open);
        Future<FileTokenStore> two = pool.submit(open);
        try (FileTokenStore first = one.get(); FileTokenStore second = two.get()) {
          Token saved = first.save(token("alice@example.com:1", "at-a"));
          assertThat(second.findById(saved.id())).as("round " + round).isEqualTo(saved);
          assertThat(second.stats().vaultId()).isEqualTo(first.stats().vaultId());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Workers

  /**
   * Saves like a saver child, and after each save reads the token back through {@code reader}:
   * no other thread writes this user, so it must read exactly what was saved.
   */
  private static Void saveAndReadBack(FileTokenStore writer, FileTokenStore reader, String name,
      int thread, int saves, int users) throws VaultException {
    for (int i = 0; i < saves; i++) {
      String user = VaultChild.saverUser(name, thread, i % users);
      Token saved = writer.save(Token.builder().userName(user)
          .accessToken(VaultChild.saverValue(name, thread, i)).refreshToken("rt-" + user)
          .build());
      assertThat(saved.userName()).isEqualTo(user);
      assertThat(reader.findById(saved.id())).as("read back of save " + i).isEqualTo(saved);
      assertThat(reader.find(Token.builder().userName(user).build())).hasValue(saved);
    }
    return null;
  }

  /** Checks consistent snapshots until {@code saving} turns false. */
  private static void readWhile(FileTokenStore store, List<Token> untouched,
      AtomicBoolean saving) throws VaultException {
    Map<String, Integer> seen = new HashMap<>();
    while (saving.get()) {
      checkSnapshot(store, untouched, seen);
    }
  }

  /**
   * Reads through {@code reader} until every child printed {@code done}; returns the number of
   * snapshots checked.
   */
  private static int readUntilDone(FileTokenStore reader, List<Token> untouched,
      List<ChildJvm> children) throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    Set<ChildJvm> running = new HashSet<>(children);
    int reads = 0;
    while (!running.isEmpty()) {
      checkSnapshot(reader, untouched, seen);
      reads++;
      for (ChildJvm child : List.copyOf(running)) {
        String line = child.pollLine(Duration.ZERO);
        if (line != null) {
          assertThat(line).isEqualTo("done");
          running.remove(child);
        }
      }
    }
    return reads;
  }

  /**
   * Checks one listing: untouched tokens intact, no id or user twice, and no user's value older
   * than one seen before.
   */
  private static void checkSnapshot(FileTokenStore store, List<Token> untouched,
      Map<String, Integer> seen) throws VaultException {
    List<Token> tokens = store.list();
    assertThat(tokens.subList(0, UNTOUCHED)).isEqualTo(untouched);
    Set<String> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (Token token : tokens) {
      assertThat(ids.add(token.id())).as("id %s twice", token.id()).isTrue();
      assertThat(names.add(token.userName())).as("user of %s twice", token.id()).isTrue();
      if (!token.accessToken().startsWith("at-untouched")) {
        int save = saveNumber(token.accessToken());
        Integer before = seen.put(token.userName(), save);
        assertThat(save).as("save number of %s", token.id()).isGreaterThanOrEqualTo(
            before == null ? 0 : before);
      }
    }
  }

  private static void runAll(List<Callable<Void>> tasks, int savers, AtomicBoolean saving)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(pool.submit(task));
      }
      for (Future<Void> saver : futures.subList(0, savers)) {
        saver.get(3, TimeUnit.MINUTES);
      }
      saving.set(false);
      for (Future<Void> future : futures) {
        future.get(1, TimeUnit.MINUTES);
      }
    } finally {
      saving.set(false);
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Checks

  /**
   * Opens the vault afresh and checks that it holds the untouched tokens as saved and, for each
   * saving thread's user, exactly one token with its last value; nothing else.
   */
  private void checkFinal(List<Token> untouched, List<String> names, int threads, int saves,
      int users) throws VaultException {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).readOnly(true).open()) {
      List<Token> tokens = store.list();
      assertThat(tokens).hasSize(UNTOUCHED + names.size() * threads * users);
      assertThat(tokens.subList(0, UNTOUCHED)).isEqualTo(untouched);
      Map<String, String> last = new HashMap<>();
      Set<String> ids = new HashSet<>();
      for (Token token : tokens.subList(UNTOUCHED, tokens.size())) {
        assertThat(ids.add(token.id())).as("id %s twice", token.id()).isTrue();
        assertThat(last.put(token.userName(), token.accessToken())).as("user twice").isNull();
        assertThat(token.refreshToken()).isEqualTo("rt-" + token.userName());
      }
      for (String name : names) {
        for (int thread = 0; thread < threads; thread++) {
          for (int user = 0; user < users; user++) {
            assertThat(last.get(VaultChild.saverUser(name, thread, user)))
                .as("last value of user %d of thread %d of %s", user, thread, name)
                .isEqualTo(VaultChild.saverValue(name, thread,
                    VaultChild.lastSaveOf(user, saves, users)));
          }
        }
      }
      assertThat(store.verify().ok()).isTrue();
    }
  }

  private static List<Token> saveUntouched(FileTokenStore store) throws VaultException {
    List<Token> saved = new ArrayList<>();
    for (int i = 0; i < UNTOUCHED; i++) {
      saved.add(store.save(token("untouched-" + i + "@example.com:1", "at-untouched-" + i)));
    }
    return saved;
  }

  private static int saveNumber(String value) {
    return Integer.parseInt(value.substring(value.lastIndexOf("-s") + 2));
  }

  private static Token token(String user, String access) {
    return Token.builder().userName(user).accessToken(access).refreshToken("rt-" + user)
        .clientId("client-1").clientSecret("secret-1").build();
  }
}
