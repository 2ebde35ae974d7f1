package dev.tokenvault.cli;

import dev.tokenvault.KeystoreUnavailableException;
import dev.tokenvault.crypto.Passwords;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the command line in this JVM, as picocli executes it, with captured output, a fixed
 * clock (UTC), chosen environment variables, standard input and prompt answers.
 */
final class Cli {
  /** The moment every run takes as now: 2026-12-03 12:00 UTC. */
  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  /** The time zone of every run. */
  static final ZoneId ZONE = ZoneId.of("UTC");

  /** What one run did. */
  static final class Run {
    final int exitCode;
    final String out;
    final String err;

    Run(int exitCode, String out, String err) {
      this.exitCode = exitCode;
      this.out = out;
      this.err = err;
    }

    /** Returns stdout and stderr together, to search for secrets. */
    String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private final Map<String, String> variables = new HashMap<>();
  private final Deque<String> promptAnswers = new ArrayDeque<>();
  private final List<String> prompts = new ArrayList<>();
  private final List<String> common = new ArrayList<>();
  private String input = "";

  /** Returns a runner whose every run gets {@code --vault}, {@code --keystore} and password. */
  static Cli in(Path dir, Path passwordFile) {
    return new Cli().with("--vault", dir.resolve("tokens.vault").toString(),
        "--keystore", dir.resolve("keys.p12").toString(),
        "--password-file", passwordFile.toString());
  }

  /** Adds arguments given before every command line. */
  Cli with(String... args) {
    common.addAll(List.of(args));
    return this;
  }

  /** Sets an environment variable the runs see. */
  Cli variable(String name, String value) {
    variables.put(name, value);
    return this;
  }

  /** Sets what the runs read on standard input. */
  Cli input(String text) {
    input = text;
    return this;
  }

  /** Queues an answer to the next password prompt. */
  Cli answerPrompt(String password) {
    promptAnswers.add(password);
    return this;
  }

  /** Returns the prompts shown so far. */
  List<String> prompts() {
    return prompts;
  }

  /** Runs {@code tokenvault} with the common arguments, then {@code args}. */
  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment env = new CliEnvironment(new PrintWriter(out, true),
        new PrintWriter(err, true), new BufferedReader(new StringReader(input)),
        variables::get, Clock.fixed(NOW, ZONE), false, this::prompt);
    List<String> all = new ArrayList<>(common);
    all.addAll(List.of(args));
    int exitCode = TokenVaultCommand.run(env, all.toArray(new String[0]));
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** Runs with no common arguments at all. */
  Run runBare(String... args) {
    List<String> saved = new ArrayList<>(common);
    common.clear();
    try {
      return run(args);
    } finally {
      common.addAll(saved);
    }
  }

  private dev.tokenvault.crypto.PasswordSource prompt(String text)
      throws KeystoreUnavailableException {
    prompts.add(text);
    String answer = promptAnswers.poll();
    if (answer == null) {
      throw new KeystoreUnavailableException("no terminal to ask for the password; use a"
          + " password file or the TOKENVAULT_PASSWORD environment variable");
    }
    return Passwords.of(answer.toCharArray());
  }
}
