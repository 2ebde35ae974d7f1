package dev.tokenvault.file;

import dev.tokenvault.TokenField;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The state of a stateful test: a {@link FileTokenStore} on its own files and the {@link
 * TokenStoreModel} it must agree with. Each operation runs on both and fails the test unless
 * they give the same result or the same error kind; {@link #checkListMatchesModel()} compares
 * their whole contents.
 *
 * <p>Failure messages show ids and lengths only, never a value.
 */
final class VaultUnderTest implements AutoCloseable {

  /**
   * How the store under test is configured.
   *
   * @param cacheSize records the store's cache keeps; 0 makes every read open its record
   * @param compactionMinDeadBytes dead bytes below which the store never compacts by itself; 0
   *     makes it compact whenever dead records outweigh live ones
   */
  record Config(long cacheSize, long compactionMinDeadBytes) {
    @Override
    public String toString() {
      return "cache " + cacheSize + ", auto-compaction from " + compactionMinDeadBytes + " B";
    }
  }

  private final Path directory;
  private final Path vault;
  private final KeyRing ring;
  private final Config config;
  private final TokenStoreModel model = new TokenStoreModel();
  private FileTokenStore store;
  private long changes;

  private VaultUnderTest(Path directory, KeyRing ring, Config config, FileTokenStore store) {
    this.directory = directory;
    this.vault = store.path();
    this.ring = ring;
    this.config = config;
    this.store = store;
  }

  /**
   * Creates a new, empty vault in {@code directory}, which must not exist; {@link #close()}
   * deletes it again.
   *
   * <p>Every try of a property uses the same directory, one after the other: the store keeps a
   * lock-file channel per vault path for the life of the JVM, so a new path for each of
   * thousands of tries would hold thousands of file descriptors.
   */
  static VaultUnderTest create(Path directory, KeyRing ring, Config config) {
    try {
      Files.createDirectory(directory);
      FileTokenStore store = builder(directory.resolve("tokens.vault"), ring, config).create();
      return new VaultUnderTest(directory, ring, config, store);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (VaultException e) {
      throw new AssertionError("cannot create a vault: " + e.getMessage(), e);
    }
  }

  private static FileTokenStore.Builder builder(Path vault, KeyRing ring, Config config) {
    return FileTokenStore.builder(vault, ring).cacheSize(config.cacheSize())
        .compactionMinDeadBytes(config.compactionMinDeadBytes());
  }

  /** Returns the model, for generators that draw stored ids and values. */
  TokenStoreModel model() {
    return model;
  }

  /** Returns the store under test. */
  FileTokenStore store() {
    return store;
  }

  /**
   * Returns how many operations so far changed the tokens or the files: what shrinking asks to
   * tell the steps that matter from pure queries.
   */
  long changes() {
    return changes;
  }

  // ---------------------------------------------------------------------------------------
  // The operations, each run on the store and the model and compared

  /** Saves on both; a new token takes the id the store chose, which the model checks. */
  void save(Draft draft) {
    List<Map<TokenField, String>> before = model.list();
    Outcome fromStore = call(() -> Outcome.capture(() -> store.save(draft.toToken())));
    Outcome fromModel = model.save(draft, () -> {
      if (fromStore.error() != null) {
        throw new AssertionError("save " + draft + ": the store failed with "
            + fromStore.error() + " where the model inserts a new token");
      }
      return fromStore.tokenId();
    });
    LabelledStatistics.collect("save", model.lastEffect());
    changes += before.equals(model.list()) ? 0 : 1;
    expectSame("save " + draft, fromStore, fromModel);
  }

  /** Looks up on both. */
  void find(Draft query) {
    Outcome fromStore = call(() -> Outcome.capture(() -> store.find(query.toToken())));
    Outcome fromModel = model.find(query);
    LabelledStatistics.collect("find", model.lastEffect());
    expectSame("find " + query, fromStore, fromModel);
  }

  /** Reads one token by id on both. */
  void findById(String id) {
    Outcome fromStore = call(() -> Outcome.capture(() -> store.findById(id)));
    Outcome fromModel = model.findById(id);
    LabelledStatistics.collect("findById", model.lastEffect());
    expectSame("findById " + id, fromStore, fromModel);
  }

  /** Deletes on both. */
  void delete(String id) {
    Outcome fromStore = call(() -> Outcome.capture(() -> {
      store.delete(id);
      return null;
    }));
    Outcome fromModel = model.delete(id);
    LabelledStatistics.collect("delete", model.lastEffect());
    changes += fromModel.error() == null ? 1 : 0;
    expectSame("delete " + id, fromStore, fromModel);
  }

  /** Lists on both. */
  void list() {
    Outcome fromStore = call(() -> Outcome.capture(store::list));
    expectSame("list", fromStore, Outcome.of(model.list()));
  }

  /** Deletes everything on both. */
  void clear() {
    call(() -> {
      store.clear();
      return null;
    });
    model.clear();
    changes++;
  }

  /** Closes the store and opens a new instance on the same files. */
  void reopen() {
    call(() -> {
      store.close();
      store = builder(vault, ring, config).open();
      return null;
    });
    changes++;
  }

  /** Compacts the store; the model has nothing to do. */
  void compact() {
    call(() -> {
      store.compact();
      return null;
    });
    changes++;
  }

  // ---------------------------------------------------------------------------------------
  // Invariants

  /** Checks that {@code list()} equals the model: same ids, same order, every field. */
  void checkListMatchesModel() {
    List<Map<TokenField, String>> fromStore = call(() -> Outcome.fieldsOf(store.list()));
    String difference = Masked.firstDifference(fromStore, model.list());
    if (difference != null) {
      throw new AssertionError("list() differs from the model: " + difference);
    }
  }

  /** Checks that {@code findById} of every id the model holds returns the model's token. */
  void checkEveryTokenIsFoundById() {
    for (Map<TokenField, String> expected : model.list()) {
      String id = expected.get(TokenField.ID);
      Outcome fromStore = call(() -> Outcome.capture(() -> store.findById(id)));
      expectSame("findById " + id + " (invariant)", fromStore, Outcome.of(expected));
    }
  }

  // ---------------------------------------------------------------------------------------

  /** Closes the store, ignoring a failure, and deletes the vault's directory. */
  @Override
  public void close() {
    try {
      store.close();
    } catch (VaultException | RuntimeException e) {
      // Closing after a failed action may fail too; the action's failure is what matters.
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Describes the state by size only. */
  @Override
  public String toString() {
    return "vault with " + model.ids().size() + " tokens " + model.ids() + " (" + config + ")";
  }

  @SuppressWarnings("unchecked")
  private static void expectSame(String call, Outcome fromStore, Outcome fromModel) {
    if (fromStore.equals(fromModel)) {
      return;
    }
    String detail = "";
    Object a = fromStore.value();
    Object b = fromModel.value();
    if (a instanceof Optional && b instanceof Optional
        && ((Optional<?>) a).isPresent() && ((Optional<?>) b).isPresent()) {
      a = ((Optional<?>) a).get();
      b = ((Optional<?>) b).get();
    }
    if (a instanceof Map && b instanceof Map) {
      detail = "; fields that differ: " + Masked.differences(
          (Map<TokenField, String>) a, (Map<TokenField, String>) b);
    } else if (a instanceof List && b instanceof List) {
      detail = "; " + Masked.firstDifference(
          (List<Map<TokenField, String>>) a, (List<Map<TokenField, String>>) b);
    }
    throw new AssertionError(call + ": the store gave " + fromStore.describe()
        + ", the model " + fromModel.describe() + detail);
  }

  /** A call of the store; a vault exception other than the contract's errors fails the test. */
  @FunctionalInterface
  private interface StoreCall<T> {
    T run() throws VaultException;
  }

  private static <T> @Nullable T call(StoreCall<T> call) {
    try {
      return call.run();
    } catch (VaultException e) {
      throw new AssertionError("the store failed: " + e.getClass().getSimpleName() + ": "
          + e.getMessage(), e);
    }
  }
}
