package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.VaultException;
import dev.tokenvault.VaultIoException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.fs.SecureFiles;
import dev.tokenvault.fs.StepHook;
import dev.tokenvault.fs.WriteStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fails each step of a whole-file write, before and after it, during compaction, an atomic
 * {@code saveAll} and the first creation of a vault, and checks that the vault is then in its
 * old state or its new one, never a third, and that the store that saw the failure goes on
 * working.
 *
 * <p>A thrown fault lets the write clean up after itself; a crash would not. So the hook also
 * keeps a hard link to the temporary file, under another temporary name, as a crash would leave
 * it, and the test checks that the next open removes it.
 */
final class FaultInjectionTest {
  @TempDir Path dir;
  private KeyRing ring;
  private Path vault;

  @BeforeEach
  void openKeys() throws VaultException {
    ring = TestKeys.create(dir.resolve("keys.p12"));
    vault = dir.resolve("vault").resolve("tokens.vault");
  }

  @AfterEach
  void closeKeys() {
    ring.close();
  }

  /** Every step, before and after it. */
  static Stream<Arguments> faults() {
    List<Arguments> faults = new ArrayList<>();
    for (WriteStep step : WriteStep.values()) {
      faults.add(Arguments.of(step, false));
      faults.add(Arguments.of(step, true));
    }
    return faults.stream();
  }

  /** Whether a fault at this point comes after the commit point, the move. */
  private static boolean committed(WriteStep step, boolean after) {
    return step.compareTo(WriteStep.MOVE) > 0 || (step == WriteStep.MOVE && after);
  }

  @ParameterizedTest(name = "{0}, after: {1}")
  @MethodSource("faults")
  void compact_failingAtStep_leavesOldOrNewVaultAndStoreKeepsWorking(WriteStep step,
      boolean after) throws Exception {
    Fault fault = new Fault(vault);
    Map<String, Token> model;
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).stepHook(fault)
        .compactionMinDeadBytes(Long.MAX_VALUE).create()) {
      model = fillWithDeadRecords(store);
      byte[] before = Files.readAllBytes(vault);

      fault.arm(step, after);
      VaultException thrown = catchThrowableOfType(store::compact, VaultException.class);
      assertThat(thrown).as("compact() with a fault").isInstanceOf(VaultIoException.class);
      assertThat(fault.fired).isTrue();
      checkOldOrNew(before, committed(step, after));
      assertThat(thrown.getMessage()).contains(committed(step, after) ? "was replaced"
          : "it is unchanged");

      // A fresh open finds the same tokens and removes what the "crash" left.
      assertThat(openAndRead()).isEqualTo(model);
      assertThat(tempFiles()).as("temporary files after the next open").isEmpty();

      // The store that saw the failure sees the right state and goes on working.
      assertThat(read(store)).isEqualTo(model);
      assertThat(store.stats().deadRecords()).isEqualTo(committed(step, after) ? 0 : 5);
      Token added = store.save(token("erin@example.com:1", "at-e"));
      model.put(added.id(), added);
      model.put("1", store.save(Token.builder().id("1").accessToken("at-a-3").build()));
      assertThat(read(store)).isEqualTo(model);
      store.compact();
      assertThat(store.stats().deadRecords()).isZero();
      assertThat(read(store)).isEqualTo(model);
    }
    assertThat(openAndRead()).isEqualTo(model);
  }

  @ParameterizedTest(name = "{0}, after: {1}")
  @MethodSource("faults")
  void saveAll_failingAtStep_storesAllOrNoneAndStoreKeepsWorking(WriteStep step, boolean after)
      throws Exception {
    Fault fault = new Fault(vault);
    Map<String, Token> model;
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).stepHook(fault)
        .compactionMinDeadBytes(Long.MAX_VALUE).create()) {
      model = fillWithDeadRecords(store);
      byte[] before = Files.readAllBytes(vault);
      List<Token> batch = List.of(token("erin@example.com:1", "at-e"),
          Token.builder().id("1").accessToken("at-a-3").build(),
          token("frank@example.com:1", "at-f"));

      fault.arm(step, after);
      VaultException thrown = catchThrowableOfType(() -> store.saveAll(batch),
          VaultException.class);
      assertThat(thrown).as("saveAll() with a fault").isInstanceOf(VaultIoException.class);
      checkOldOrNew(before, committed(step, after));
      if (committed(step, after)) {
        // The new file is in place: all three saves are in it, though saveAll failed.
        model.put("5", batch.get(0).withId("5"));
        model.put("1", batch.get(1).fillFrom(model.get("1")));
        model.put("6", batch.get(2).withId("6"));
      }

      assertThat(openAndRead()).isEqualTo(model);
      assertThat(tempFiles()).as("temporary files after the next open").isEmpty();
      assertThat(read(store)).isEqualTo(model);
      Token added = store.save(token("gina@example.com:1", "at-g"));
      model.put(added.id(), added);
      assertThat(read(store)).isEqualTo(model);
    }
    assertThat(openAndRead()).isEqualTo(model);
  }

  @ParameterizedTest(name = "{0}, after: {1}")
  @MethodSource("faults")
  void create_failingAtStep_leavesNoVaultOrAnEmptyOne(WriteStep step, boolean after)
      throws Exception {
    Fault fault = new Fault(vault);
    fault.arm(step, after);
    VaultException thrown = catchThrowableOfType(
        () -> FileTokenStore.builder(vault, ring).stepHook(fault).create(),
        VaultException.class);
    assertThat(thrown).as("create() with a fault").isInstanceOf(VaultIoException.class);
    assertThat(fault.fired).isTrue();

    if (committed(step, after)) {
      try (FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
        assertThat(store.list()).isEmpty();
        assertThat(store.verify().ok()).isTrue();
      }
    } else {
      assertThat(vault).doesNotExist();
      assertThat(catchThrowableOfType(() -> FileTokenStore.builder(vault, ring).open(),
          VaultException.class)).hasMessageContaining("does not exist");
    }
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).openOrCreate()) {
      assertThat(tempFiles()).as("temporary files after the next open").isEmpty();
      Token saved = store.save(token("alice@example.com:1", "at-a"));
      assertThat(store.findById(saved.id())).isEqualTo(saved);
    }
  }

  // ---------------------------------------------------------------------------------------

  /**
   * Saves four tokens, updates two, one of them twice, and deletes one: five dead
   * records (three old versions, the deleted record and the deletion). Returns the
   * tokens by id.
   */
  private Map<String, Token> fillWithDeadRecords(FileTokenStore store) throws VaultException {
    Map<String, Token> model = new TreeMap<>();
    for (String user : List.of("alice", "bob", "carol", "dave")) {
      Token saved = store.save(token(user + "@example.com:1", "at-" + user));
      model.put(saved.id(), saved);
    }
    model.put("1", store.save(Token.builder().id("1").accessToken("at-a-2").build()));
    model.put("2", store.save(Token.builder().id("2").accessToken("at-b-2").build()));
    model.put("1", store.save(Token.builder().id("1").expiryTime("1700000000000").build()));
    store.delete("3");
    model.remove("3");
    assertThat(store.stats().deadRecords()).isEqualTo(5);
    assertThat(read(store)).isEqualTo(model);
    return model;
  }

  /** The vault is byte for byte the old file, or a rewritten one, with no dead record. */
  private void checkOldOrNew(byte[] before, boolean committed) throws Exception {
    byte[] now = Files.readAllBytes(vault);
    if (!committed) {
      assertThat(now).as("vault after a fault before the move").isEqualTo(before);
      return;
    }
    assertThat(now).as("vault after a fault after the move").isNotEqualTo(before);
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).readOnly(true).open()) {
      assertThat(store.stats().deadRecords()).isZero();
    }
  }

  private Map<String, Token> openAndRead() throws VaultException {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
      assertThat(store.verify().ok()).isTrue();
      return read(store);
    }
  }

  /** Returns the tokens by id, after checking that each reads the same by id. */
  private static Map<String, Token> read(FileTokenStore store) throws VaultException {
    Map<String, Token> tokens = new TreeMap<>();
    for (Token token : store.list()) {
      assertThat(tokens.put(token.id(), token)).isNull();
      assertThat(store.findById(token.id())).isEqualTo(token);
    }
    return tokens;
  }

  private List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(vault.getParent())) {
      return files.filter(f -> f.getFileName().toString().endsWith(SecureFiles.TEMP_SUFFIX))
          .toList();
    }
  }

  private static Token token(String user, String access) {
    return Token.builder().userName(user).accessToken(access).refreshToken("rt-" + user)
        .clientId("client-1").clientSecret("secret-1").build();
  }

  /**
   * Throws an {@link IOException} once, at the armed step, after linking the temporary file
   * (if one exists then) under a second temporary name, as a crash would have left it.
   */
  private static final class Fault implements StepHook {
    private final Path vault;
    private WriteStep step;
    private boolean after;
    boolean fired;

    Fault(Path vault) {
      this.vault = vault;
    }

    void arm(WriteStep atStep, boolean afterStep) {
      this.step = atStep;
      this.after = afterStep;
    }

    @Override
    public void at(WriteStep now, boolean done) throws IOException {
      if (fired || now != step || done != after) {
        return;
      }
      fired = true;
      try (Stream<Path> files = Files.list(vault.getParent())) {
        for (Path temp : files.filter(f -> SecureFiles.isTempFileOf(f, vault)).toList()) {
          Files.createLink(SecureFiles.tempFileFor(vault), temp);
        }
      }
      throw new IOException("injected fault " + (done ? "after " : "before ") + now);
    }
  }
}
