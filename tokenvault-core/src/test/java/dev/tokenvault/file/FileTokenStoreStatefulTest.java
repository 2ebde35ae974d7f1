package dev.tokenvault.file;

import static dev.tokenvault.TokenField.ACCESS_TOKEN;
import static dev.tokenvault.TokenField.CLIENT_ID;
import static dev.tokenvault.TokenField.CLIENT_SECRET;
import static dev.tokenvault.TokenField.GRANT_TOKEN;
import static dev.tokenvault.TokenField.ID;
import static dev.tokenvault.TokenField.REFRESH_TOKEN;
import static dev.tokenvault.TokenField.USER_NAME;
import static dev.tokenvault.file.TokenPools.absentOrEmpty;
import static dev.tokenvault.file.TokenPools.anyValue;
import static dev.tokenvault.file.TokenPools.draft;
import static dev.tokenvault.file.TokenPools.lookupValue;
import static dev.tokenvault.file.TokenPools.unknownId;
import static dev.tokenvault.file.TokenPools.unusedUserName;
import static dev.tokenvault.file.TokenPools.value;
import static net.jqwik.api.RandomDistribution.uniform;

import dev.tokenvault.MissingCredentialsException;
import dev.tokenvault.TestKeys;
import dev.tokenvault.TokenField;
import dev.tokenvault.UnknownTokenException;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.TokenStoreModel.Rule;
import dev.tokenvault.file.VaultUnderTest.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.ChangeDetector;
import net.jqwik.api.state.Transformer;
import org.jspecify.annotations.Nullable;

/**
 * Stateful tests of {@link FileTokenStore}: random chains of the contract's operations, plus
 * closing and reopening the vault and compacting it, run against the store and against {@link
 * TokenStoreModel}, an independent in-memory statement of the contract. After every action the
 * two must give the same result or the same error kind, and hold the same tokens in the same
 * order, field by field.
 *
 * <p>The default run is sized for CI on two cores. A longer run, with more and longer chains:
 * {@code mvn -B -q -pl tokenvault-core test -Dtest=FileTokenStoreStatefulTest
 * -Dtokenvault.soak=true}.
 */
final class FileTokenStoreStatefulTest {
  private static final int MAX_ACTIONS = 40;
  private static final int SOAK_MAX_ACTIONS = 150;

  /**
   * The library's loggers. Thousands of vaults are created and compacted here, each logged at
   * INFO; the test keeps WARNING and above. Held here because the logging framework holds
   * loggers weakly and would forget the level.
   */
  private static final Logger LIBRARY_LOGGER = Logger.getLogger("dev.tokenvault");

  private final List<VaultUnderTest> vaults = new ArrayList<>();
  private @Nullable Level savedLevel;
  private @Nullable Path directory;
  private @Nullable KeyRing ring;
  private @Nullable Config config;

  @BeforeProperty
  void createKeyRing() throws IOException, VaultException {
    LabelledStatistics.reset();
    savedLevel = LIBRARY_LOGGER.getLevel();
    LIBRARY_LOGGER.setLevel(Level.WARNING);
    directory = Files.createTempDirectory("stateful-");
    ring = TestKeys.create(directory.resolve("keys.p12"));
  }

  @AfterProperty
  void deleteKeyRing() throws IOException {
    LIBRARY_LOGGER.setLevel(savedLevel);
    if (ring != null) {
      ring.close();
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  // ---------------------------------------------------------------------------------------
  // Properties

  @Property(tries = 150)
  void theVaultAgreesWithTheContractModelAfterEveryAction(@ForAll("configs") Config config,
      @ForAll("chains") ActionChain<VaultUnderTest> chain) {
    runChecked(config, chain);
    checkCoverage();
    LabelledStatistics.coverage("chain length", coverage -> {
      coverage.check("1-9").percentage(p -> p > 3);
      coverage.check("30+").percentage(p -> p > 10);
    });
  }

  @Property(tries = 1000)
  @AddLifecycleHook(SoakOnly.class)
  void theVaultAgreesWithTheContractModelOverLongChains(@ForAll("configs") Config config,
      @ForAll("longChains") ActionChain<VaultUnderTest> chain) {
    runChecked(config, chain);
    checkCoverage();
  }

  @Property(tries = 60)
  void aReopenedVaultListsTheSameTokensBeforeAndAfterCompaction(
      @ForAll("configs") Config config, @ForAll("writes") List<Write> writes) {
    VaultUnderTest vault = newVault(config);
    try {
      int deleted = 0;
      for (Write write : writes) {
        deleted += write.applyTo(vault.store()) ? 1 : 0;
      }
      List<Map<TokenField, String>> before = listOf(vault.store());
      vault.reopen();
      expectSameList("after reopening", before, listOf(vault.store()));
      vault.compact();
      expectSameList("after compact()", before, listOf(vault.store()));
      vault.reopen();
      expectSameList("after compact() and reopening", before, listOf(vault.store()));

      LabelledStatistics.collect("tokens", bucket(before.size(), 1, 5, 10));
      LabelledStatistics.collect("deletes", bucket(deleted, 1, 3));
    } finally {
      closeVaults();
    }
    LabelledStatistics.coverage("tokens", coverage -> {
      // Saves that fail or merge into pooled users leave some vaults empty; most must not be.
      coverage.check("0").percentage(p -> p < 50);
      coverage.check("5-9").percentage(p -> p > 5);
    });
    LabelledStatistics.coverage("deletes", coverage -> coverage.check("3+").count(n -> n > 0));
  }

  private void runChecked(Config config, ActionChain<VaultUnderTest> chain) {
    LabelledStatistics.collect("config", config.toString());
    this.config = config;
    ActionChain<VaultUnderTest> checked = chain
        .withInvariant("list() equals the model", VaultUnderTest::checkListMatchesModel)
        .withInvariant("every token is found by its id",
            VaultUnderTest::checkEveryTokenIsFoundById);
    try {
      checked.run();
    } finally {
      closeVaults();
    }
    LabelledStatistics.collect("chain length", bucket(checked.transformations().size(), 1, 10, 30));
  }

  private static void checkCoverage() {
    LabelledStatistics.coverage("action", coverage -> {
      for (String kind : List.of("save", "save by id", "save by user name",
          "save by access token", "save by grant or refresh", "save without credentials",
          "findById", "delete", "list", "clear", "reopen", "compact")) {
        coverage.check(kind).count(n -> n > 0);
      }
      coverage.check("find").percentage(p -> p > 10);
    });
    LabelledStatistics.coverage("find", coverage -> {
      for (Rule rule : List.of(Rule.ID_ONLY, Rule.USER_NAME, Rule.ACCESS_TOKEN,
          Rule.GRANT_OR_REFRESH)) {
        coverage.check(rule + " hit").count(n -> n > 0);
        coverage.check(rule + " miss").count(n -> n > 0);
      }
      coverage.check(Rule.NONE + " miss").count(n -> n > 0);
    });
    LabelledStatistics.coverage("save", coverage -> {
      for (String effect : List.of("update by id", "update by USER_NAME",
          "update by ACCESS_TOKEN", "update by GRANT_OR_REFRESH", "insert with a new id",
          "insert with its own id", "no credentials")) {
        coverage.check(effect).count(n -> n > 0);
      }
    });
    for (String label : List.of("findById", "delete")) {
      LabelledStatistics.coverage(label, coverage -> {
        coverage.check("known id").count(n -> n > 0);
        coverage.check("unknown id").count(n -> n > 0);
      });
    }
  }

  // ---------------------------------------------------------------------------------------
  // The chains

  @Provide
  Arbitrary<Config> configs() {
    return Combinators.combine(Arbitraries.of(0L, 10_000L), Arbitraries.of(0L, 64L * 1024))
        .as(Config::new);
  }

  @Provide
  Arbitrary<ActionChain<VaultUnderTest>> chains() {
    return actions().withAction(1, Action.just(Transformer.endOfChain()))
        .withMaxTransformations(MAX_ACTIONS);
  }

  @Provide
  Arbitrary<ActionChain<VaultUnderTest>> longChains() {
    return actions().withMaxTransformations(SOAK_MAX_ACTIONS);
  }

  /**
   * Chains on a new vault configured as the property's {@code config} parameter says (read when
   * the chain starts, so that the configuration shrinks apart from the chain). In the default
   * run a "stop" action, weighted 1 against 37 for the others, ends a chain early, so that
   * lengths spread from 1 to {@value #MAX_ACTIONS}.
   */
  private ActionChainArbitrary<VaultUnderTest> actions() {
    return ActionChain.<VaultUnderTest>startWith(() -> newVault(config))
        .withAction(5, saveAnything())
        .withAction(4, saveById())
        .withAction(3, saveByUserName())
        .withAction(2, saveByAccessToken())
        .withAction(3, saveByGrantOrRefresh())
        .withAction(1, saveWithoutCredentials())
        .withAction(8, find())
        .withAction(3, findById())
        .withAction(3, delete())
        .withAction(1, simple("list", VaultUnderTest::list))
        .withAction(1, simple("clear", VaultUnderTest::clear))
        .withAction(2, simple("reopen", VaultUnderTest::reopen))
        .withAction(1, simple("compact", VaultUnderTest::compact))
        .improveShrinkingWith(ChangeCounter::new);
  }

  /** Tells shrinking which steps changed nothing, so that it removes those first. */
  private static final class ChangeCounter implements ChangeDetector<VaultUnderTest> {
    private long before;

    @Override
    public void before(VaultUnderTest state) {
      before = state.changes();
    }

    @Override
    public boolean hasChanged(VaultUnderTest state) {
      return state.changes() != before;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Saves

  /** A save without an id (absent or empty), every other field any value. */
  private static Action.Dependent<VaultUnderTest> saveAnything() {
    return action("save", state -> true, state -> draft(Map.of()), VaultUnderTest::save);
  }

  /** A save with an id: mostly a stored one (an update), else one of the pool (an insert). */
  private static Action.Dependent<VaultUnderTest> saveById() {
    return action("save by id", state -> true,
        state -> draft(Map.of(ID, idToUse(state.model().ids(), TokenPools.IDS))),
        VaultUnderTest::save);
  }

  /** A save without an id that rule 1 decides: a stored user name or a near miss. */
  private static Action.Dependent<VaultUnderTest> saveByUserName() {
    return action("save by user name", has(USER_NAME),
        state -> draft(Map.of(USER_NAME, lookup(state, USER_NAME))), VaultUnderTest::save);
  }

  /** A save without id or user name that rule 2 decides, unless a client field slips in. */
  private static Action.Dependent<VaultUnderTest> saveByAccessToken() {
    return action("save by access token", has(ACCESS_TOKEN),
        state -> draft(accessRule(state)), VaultUnderTest::save);
  }

  /** A save with client id and secret that rule 3 decides, unless one of them is missing. */
  private static Action.Dependent<VaultUnderTest> saveByGrantOrRefresh() {
    return action("save by grant or refresh", has(GRANT_TOKEN).or(has(REFRESH_TOKEN)),
        state -> draft(grantOrRefreshRule(state)), VaultUnderTest::save);
  }

  /**
   * A save that must fail: an id no token has, or no id and a user name no token has, and in
   * either case no access, refresh or grant token (absent or empty).
   */
  private static Action.Dependent<VaultUnderTest> saveWithoutCredentials() {
    return action("save without credentials", state -> true, state -> {
      Map<TokenField, Arbitrary<@Nullable String>> fields = new EnumMap<>(TokenField.class);
      for (TokenField credential : List.of(ACCESS_TOKEN, REFRESH_TOKEN, GRANT_TOKEN)) {
        fields.put(credential, absentOrEmpty());
      }
      Map<TokenField, Arbitrary<@Nullable String>> byId = new EnumMap<>(fields);
      byId.put(ID, nullable(unknownId(state.model().ids())));
      Map<TokenField, Arbitrary<@Nullable String>> byName = new EnumMap<>(fields);
      byName.put(USER_NAME, nullable(unusedUserName(state.model().storedValues(USER_NAME))));
      return Arbitraries.oneOf(draft(byId), draft(byName));
    }, (state, draft) -> {
      state.save(draft);
      if (!state.model().lastEffect().equals("no credentials")) {
        throw new AssertionError("generator: save " + draft + " was meant to fail, but the"
            + " model says " + state.model().lastEffect());
      }
    });
  }

  // ---------------------------------------------------------------------------------------
  // Lookups and deletes

  /** A lookup by each rule, with near misses, id-only queries and queries that no rule takes. */
  private static Action.Dependent<VaultUnderTest> find() {
    return action("find", state -> true, state -> {
      List<String> ids = state.model().ids();
      Map<TokenField, Arbitrary<@Nullable String>> idOnly = new EnumMap<>(TokenField.class);
      for (TokenField field : TokenField.values()) {
        idOnly.put(field, absentOrEmpty());
      }
      idOnly.put(ID, idToUse(ids, TokenPools.IDS));
      Map<TokenField, Arbitrary<@Nullable String>> noRule = new EnumMap<>(TokenField.class);
      for (TokenField field : List.of(USER_NAME, ACCESS_TOKEN, REFRESH_TOKEN, GRANT_TOKEN)) {
        noRule.put(field, absentOrEmpty());
      }
      Map<TokenField, Arbitrary<@Nullable String>> anything = Map.of(ID, anyValue(ID));
      return Arbitraries.frequencyOf(
          Tuple.of(3, draft(idOnly)),
          Tuple.of(1, draft(Map.of(ID, idToUse(ids, TokenPools.IDS), CLIENT_ID,
              nullable(value(CLIENT_ID))))),
          Tuple.of(3, draft(Map.of(USER_NAME, lookup(state, USER_NAME)))),
          Tuple.of(2, draft(accessRule(state))),
          Tuple.of(3, draft(grantOrRefreshRule(state))),
          Tuple.of(1, draft(noRule)),
          Tuple.of(2, draft(anything)));
    }, VaultUnderTest::find);
  }

  /** Reads by id: mostly a stored id, else one that no token has. */
  private static Action.Dependent<VaultUnderTest> findById() {
    return action("findById", state -> true,
        state -> knownOrUnknownId(state.model().ids()), VaultUnderTest::findById);
  }

  /** Deletes by id: mostly a stored id, else one that no token has. */
  private static Action.Dependent<VaultUnderTest> delete() {
    return action("delete", state -> true,
        state -> knownOrUnknownId(state.model().ids()), VaultUnderTest::delete);
  }

  // ---------------------------------------------------------------------------------------
  // Building blocks

  /** The fields of a query or save that rule 2 decides, unless a client field slips in. */
  private static Map<TokenField, Arbitrary<@Nullable String>> accessRule(VaultUnderTest state) {
    Map<TokenField, Arbitrary<@Nullable String>> fields = new EnumMap<>(TokenField.class);
    fields.put(USER_NAME, absentOrEmpty());
    fields.put(ACCESS_TOKEN, lookup(state, ACCESS_TOKEN));
    fields.put(CLIENT_ID, mostly(absentOrEmpty(), nullable(value(CLIENT_ID))));
    fields.put(CLIENT_SECRET, mostly(absentOrEmpty(), nullable(value(CLIENT_SECRET))));
    return fields;
  }

  /** The fields of a query or save that rule 3 decides, unless a client field is missing. */
  private static Map<TokenField, Arbitrary<@Nullable String>> grantOrRefreshRule(
      VaultUnderTest state) {
    Map<TokenField, Arbitrary<@Nullable String>> fields = new EnumMap<>(TokenField.class);
    fields.put(USER_NAME, absentOrEmpty());
    fields.put(CLIENT_ID, mostly(nullable(value(CLIENT_ID)), absentOrEmpty()));
    fields.put(CLIENT_SECRET, mostly(nullable(value(CLIENT_SECRET)), absentOrEmpty()));
    fields.put(GRANT_TOKEN, mostly(lookup(state, GRANT_TOKEN), absentOrEmpty()));
    fields.put(REFRESH_TOKEN, mostly(lookup(state, REFRESH_TOKEN), absentOrEmpty()));
    return fields;
  }

  private static Arbitrary<@Nullable String> lookup(VaultUnderTest state, TokenField field) {
    return nullable(lookupValue(state.model().storedValues(field), field));
  }

  /** A stored id (seven times in ten, if any is stored), else one from {@code others}. */
  private static Arbitrary<@Nullable String> idToUse(List<String> stored, List<String> others) {
    Arbitrary<String> other = Arbitraries.of(others);
    if (stored.isEmpty()) {
      return nullable(other);
    }
    return nullable(Arbitraries.frequencyOf(
        Tuple.of(7, Arbitraries.of(stored)), Tuple.of(3, other)));
  }

  private static Arbitrary<String> knownOrUnknownId(List<String> stored) {
    if (stored.isEmpty()) {
      return unknownId(stored);
    }
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(stored)), Tuple.of(1, unknownId(stored)));
  }

  /** {@code usual} four times in five, else {@code rare}. */
  private static <T> Arbitrary<T> mostly(Arbitrary<T> usual, Arbitrary<T> rare) {
    return Arbitraries.frequencyOf(Tuple.of(4, usual), Tuple.of(1, rare));
  }

  private static Arbitrary<@Nullable String> nullable(Arbitrary<String> values) {
    return values.map(value -> value);
  }

  private static Predicate<VaultUnderTest> has(TokenField field) {
    return state -> !state.model().storedValues(field).isEmpty();
  }

  /** An action whose steps draw a value from the state and run an operation on it. */
  private static <T> Action.Dependent<VaultUnderTest> action(String kind,
      Predicate<VaultUnderTest> precondition,
      Function<VaultUnderTest, Arbitrary<T>> values, Step<T> step) {
    return new Action.Dependent<>() {
      @Override
      public boolean precondition(VaultUnderTest state) {
        return precondition.test(state);
      }

      @Override
      public Arbitrary<Transformer<VaultUnderTest>> transformer(VaultUnderTest state) {
        return values.apply(state).map(value -> Transformer.mutate(kind + " " + value,
            running -> {
              LabelledStatistics.collect("action", kind);
              step.run(running, value);
            }));
      }
    };
  }

  /** An action without a drawn value. */
  private static Action.Dependent<VaultUnderTest> simple(String kind,
      Consumer<VaultUnderTest> step) {
    return new Action.Dependent<>() {
      @Override
      public Arbitrary<Transformer<VaultUnderTest>> transformer(VaultUnderTest state) {
        return Arbitraries.just(Transformer.mutate(kind, running -> {
          LabelledStatistics.collect("action", kind);
          step.accept(running);
        }));
      }
    };
  }

  /** One step of an action: an operation on the state with a drawn value. */
  @FunctionalInterface
  private interface Step<T> {
    void run(VaultUnderTest state, T value);
  }

  // ---------------------------------------------------------------------------------------
  // The reopening property

  /**
   * One write of the reopening property: a save, or a delete of the stored token at a position
   * (modulo the number stored; nothing if none is).
   */
  record Write(@Nullable Draft save, int position) {
    /** Applies the write; returns whether it deleted a token. Contract errors are ignored. */
    boolean applyTo(FileTokenStore store) {
      try {
        if (save != null) {
          store.save(save.toToken());
          return false;
        }
        List<Map<TokenField, String>> stored = listOf(store);
        if (stored.isEmpty()) {
          return false;
        }
        store.delete(stored.get(position % stored.size()).get(ID));
        return true;
      } catch (MissingCredentialsException | UnknownTokenException e) {
        return false;
      } catch (VaultException e) {
        throw new AssertionError("the store failed: " + e.getMessage(), e);
      }
    }

    @Override
    public String toString() {
      return save != null ? "save " + save : "delete #" + position;
    }
  }

  @Provide
  Arbitrary<List<Write>> writes() {
    Arbitrary<Write> saves = draft(Map.of(ID, mostly(absentOrEmpty(), nullable(value(ID)))))
        .map(draft -> new Write(draft, 0));
    Arbitrary<Write> deletes = Arbitraries.integers().between(0, 50)
        .map(position -> new Write(null, position));
    return Arbitraries.frequencyOf(Tuple.of(3, saves), Tuple.of(1, deletes)).list()
        .ofMinSize(3).ofMaxSize(30).withSizeDistribution(uniform());
  }

  private static List<Map<TokenField, String>> listOf(FileTokenStore store) {
    try {
      return Outcome.fieldsOf(store.list());
    } catch (VaultException e) {
      throw new AssertionError("the store failed: " + e.getMessage(), e);
    }
  }

  private static void expectSameList(String when, List<Map<TokenField, String>> expected,
      List<Map<TokenField, String>> actual) {
    String difference = Masked.firstDifference(actual, expected);
    if (difference != null) {
      throw new AssertionError("list() " + when + " differs from list() before (\"store\" is "
          + when + ", \"model\" before): " + difference);
    }
  }

  // ---------------------------------------------------------------------------------------

  /** Creates an empty vault, the same path for every try, and closes it with the try. */
  private VaultUnderTest newVault(Config config) {
    VaultUnderTest vault = VaultUnderTest.create(directory.resolve("vault"), ring, config);
    vaults.add(vault);
    return vault;
  }

  private void closeVaults() {
    for (VaultUnderTest vault : vaults) {
      vault.close();
    }
    vaults.clear();
  }

  /**
   * Returns the bucket of {@code n} among {@code 0-(b1-1)}, {@code b1-(b2-1)}, ..., {@code
   * last+}; a bucket of one number is named by it.
   */
  private static String bucket(int n, int... bounds) {
    int low = 0;
    for (int bound : bounds) {
      if (n < bound) {
        return low == bound - 1 ? Integer.toString(low) : low + "-" + (bound - 1);
      }
      low = bound;
    }
    return low + "+";
  }

  /** Skips the long run unless {@code -Dtokenvault.soak=true} asks for it. */
  static final class SoakOnly implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return Boolean.getBoolean("tokenvault.soak") ? SkipResult.doNotSkip()
          : SkipResult.skip("the long run needs -Dtokenvault.soak=true");
    }
  }
}
