package dev.tokenvault.file;

import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.UnknownTokenException;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The main class of the child processes that the robustness tests start through {@link
 * ChildJvm}. The first argument names the role; the child prints one line per event on stdout
 * and logs to stderr. Nothing it prints is a token value: test values are fake, but the habit
 * holds.
 *
 * <ul>
 *   <li>{@code crash KEYSTORE VAULT SEED RUN MIN_DEAD_BYTES}: prints {@code opening}, opens the
 *       vault (recovering what the last kill left), prints {@code ready}, then runs the {@link
 *       CrashWorkload} for ever, printing each operation's number after it returned. The test
 *       kills it.
 *   <li>{@code saver KEYSTORE VAULT NAME THREADS SAVES USERS MIN_DEAD_BYTES}: opens the vault,
 *       prints {@code ready}, waits for {@code go} on stdin, then runs THREADS threads that each
 *       save SAVES times over USERS users of their own ({@link #saverUser}, {@link
 *       #saverValue}): inserts first, then updates. Prints {@code done} and exits 0, or exits 1.
 *   <li>{@code session KEYSTORE VAULT STALENESS_MILLIS}: opens the vault with that staleness
 *       bound, prints {@code ready}, then answers commands on stdin, one line each: {@code save
 *       USER ACCESS} prints {@code saved ID}; {@code expect ID ACCESS} prints {@code match},
 *       {@code differs} or {@code unknown}; {@code count} prints the number of tokens; {@code
 *       compact} prints {@code compacted}; {@code quit} exits 0.
 * </ul>
 */
final class VaultChild {
  private VaultChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    try (KeyRing ring = TestKeys.open(Path.of(args[1]))) {
      switch (args[0]) {
        case "crash":
          crash(ring, args, out);
          break;
        case "saver":
          saver(ring, args, out);
          break;
        case "session":
          session(ring, args, out);
          break;
        default:
          throw new IllegalArgumentException("unknown role " + args[0]);
      }
    }
    System.exit(0);
  }

  private static void print(PrintStream out, String line) {
    out.println(line);
    out.flush();
  }

  // ---------------------------------------------------------------------------------------
  // crash

  private static void crash(KeyRing ring, String[] args, PrintStream out) throws VaultException {
    Path vault = Path.of(args[2]);
    long seed = Long.parseLong(args[3]);
    int run = Integer.parseInt(args[4]);
    long minDeadBytes = Long.parseLong(args[5]);
    print(out, "opening");
    try (FileTokenStore store = FileTokenStore.builder(vault, ring)
        .compactionMinDeadBytes(minDeadBytes).open()) {
      CrashWorkload workload = new CrashWorkload(seed, run, CrashWorkload.stateOf(store));
      print(out, "ready");
      for (int i = 0; ; i++) {
        workload.next().applyTo(store);
        print(out, Integer.toString(i));
      }
    }
  }

  /**
   * The operations of one crash run, drawn from a seed: saves (inserts and updates) and deletes
   * of a few users, so that dead records pile up and automatic compaction runs often. The child
   * performs them; the test replays them on a model to know what the vault must hold. Both
   * start from the same state, so they draw the same operations.
   */
  static final class CrashWorkload {
    static final int USERS = 6;

    private final Random random;
    private final int run;
    private final Map<String, String> state;
    private int count;

    CrashWorkload(long seed, int run, Map<String, String> state) {
      this.random = new Random(seed);
      this.run = run;
      this.state = new TreeMap<>(state);
    }

    /** Returns the user name to access token map of the tokens in {@code store}. */
    static Map<String, String> stateOf(FileTokenStore store) throws VaultException {
      Map<String, String> state = new TreeMap<>();
      for (Token token : store.list()) {
        state.put(token.userName(), token.accessToken());
      }
      return state;
    }

    /** Returns the refresh token that every save of {@code user} carries. */
    static String refreshTokenOf(String user) {
      return "rt-" + user;
    }

    /** Draws the next operation and applies it to this workload's model. */
    Op next() {
      String user = "user-" + random.nextInt(USERS) + "@example.com:1";
      int roll = random.nextInt(10);
      String access = "at-" + run + "-" + count++;
      Op op;
      if (!state.containsKey(user)) {
        op = new Op(Op.INSERT, user, access);
        state.put(user, access);
      } else if (roll < 8) {
        op = new Op(Op.UPDATE, user, access);
        state.put(user, access);
      } else {
        op = new Op(Op.DELETE, user, null);
        state.remove(user);
      }
      return op;
    }

    /** Returns the model: what the vault holds after the operations drawn so far. */
    Map<String, String> state() {
      return new TreeMap<>(state);
    }
  }

  /** One operation of a {@link CrashWorkload}. */
  static final class Op {
    static final int INSERT = 1;
    static final int UPDATE = 2;
    static final int DELETE = 3;

    final int kind;
    final String user;
    final String access;

    Op(int kind, String user, String access) {
      this.kind = kind;
      this.user = user;
      this.access = access;
    }

    void applyTo(FileTokenStore store) throws VaultException {
      if (kind == INSERT) {
        store.save(Token.builder().userName(user).accessToken(access)
            .refreshToken(CrashWorkload.refreshTokenOf(user)).clientId("client-1")
            .clientSecret("secret-1").build());
      } else if (kind == UPDATE) {
        // Only the changed fields: the save must keep the rest.
        store.save(Token.builder().userName(user).accessToken(access).build());
      } else {
        Token found = store.find(Token.builder().userName(user).build()).orElseThrow();
        store.delete(found.id());
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // saver

  /** Returns the user name of user {@code user} of thread {@code thread} of saver {@code name}. */
  static String saverUser(String name, int thread, int user) {
    return name + "-t" + thread + "-u" + user + "@example.com:1";
  }

  /** Returns the access token that save {@code save} of a saver thread stores. */
  static String saverValue(String name, int thread, int save) {
    return "at-" + name + "-t" + thread + "-s" + save;
  }

  /** Returns the last save of {@code user} among {@code saves} saves over {@code users} users. */
  static int lastSaveOf(int user, int saves, int users) {
    return user + (saves - 1 - user) / users * users;
  }

  private static void saver(KeyRing ring, String[] args, PrintStream out) throws Exception {
    Path vault = Path.of(args[2]);
    String name = args[3];
    int threads = Integer.parseInt(args[4]);
    int saves = Integer.parseInt(args[5]);
    int users = Integer.parseInt(args[6]);
    long minDeadBytes = Long.parseLong(args[7]);
    try (FileTokenStore store = FileTokenStore.builder(vault, ring)
        .compactionMinDeadBytes(minDeadBytes).lockTimeout(Duration.ofSeconds(60)).open()) {
      print(out, "ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      if (!"go".equals(in.readLine())) {
        throw new IllegalStateException("expected go");
      }
      List<Thread> running = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Thread worker = new Thread(() -> {
          try {
            saveAll(store, name, thread, saves, users);
          } catch (Throwable e) {
            synchronized (failures) {
              failures.add(e);
            }
          }
        }, name + "-" + t);
        worker.start();
        running.add(worker);
      }
      for (Thread worker : running) {
        worker.join();
      }
      if (!failures.isEmpty()) {
        failures.get(0).printStackTrace();
        System.exit(1);
      }
      print(out, "done");
    }
  }

  /** Saves user {@code i % users} with value {@code i}: the first round inserts, then updates. */
  static void saveAll(FileTokenStore store, String name, int thread, int saves, int users)
      throws VaultException {
    for (int i = 0; i < saves; i++) {
      String user = saverUser(name, thread, i % users);
      Token saved = store.save(Token.builder().userName(user)
          .accessToken(saverValue(name, thread, i)).refreshToken("rt-" + user).build());
      if (!saved.userName().equals(user)) {
        throw new IllegalStateException("save " + i + " of thread " + thread
            + " updated another user's token " + saved.id());
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // session

  private static void session(KeyRing ring, String[] args, PrintStream out) throws Exception {
    Path vault = Path.of(args[2]);
    Duration staleness = Duration.ofMillis(Long.parseLong(args[3]));
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).staleness(staleness)
        .open()) {
      print(out, "ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        print(out, answer(store, line.split(" ")));
      }
    }
  }

  private static String answer(FileTokenStore store, String[] command) throws VaultException {
    switch (command[0]) {
      case "save":
        return "saved " + store.save(Token.builder().userName(command[1])
            .accessToken(command[2]).build()).id();
      case "expect":
        try {
          String access = store.findById(command[1]).accessToken();
          return command[2].equals(access) ? "match" : "differs";
        } catch (UnknownTokenException e) {
          return "unknown";
        }
      case "count":
        return Integer.toString(store.list().size());
      case "compact":
        store.compact();
        return "compacted";
      default:
        throw new IllegalArgumentException("unknown command " + command[0]);
    }
  }
}
