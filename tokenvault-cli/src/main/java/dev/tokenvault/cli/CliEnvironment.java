package dev.tokenvault.cli;

import static java.util.Objects.requireNonNull;

import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.PasswordSource;
import dev.tokenvault.crypto.Passwords;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What one run of the command sees of the world: its output streams, its input, the
 * environment variables, the clock and time zone, whether it talks to a terminal, and how it
 * asks for a password. Tests build their own; {@link #system()} is the real one.
 */
final class CliEnvironment {
  /** Asks for a password with echo off; the real one is {@link Passwords#fromConsole}. */
  @FunctionalInterface
  interface PasswordPrompt {
    /**
     * Asks once and returns a source holding the answer.
     *
     * @throws VaultException if there is no terminal or nothing was entered
     */
    PasswordSource ask(String prompt) throws VaultException;
  }

  final PrintWriter out;
  final PrintWriter err;
  final BufferedReader in;
  final Function<String, @Nullable String> variables;
  final Clock clock;
  final ZoneId zone;
  final boolean terminal;
  final PasswordPrompt prompt;

  CliEnvironment(PrintWriter out, PrintWriter err, BufferedReader in,
      Function<String, @Nullable String> variables, Clock clock, boolean terminal,
      PasswordPrompt prompt) {
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
    this.in = requireNonNull(in, "in");
    this.variables = requireNonNull(variables, "variables");
    this.clock = requireNonNull(clock, "clock");
    this.zone = clock.getZone();
    this.terminal = terminal;
    this.prompt = requireNonNull(prompt, "prompt");
  }

  /** Returns the environment of the running process: its streams, variables and console. */
  static CliEnvironment system() {
    Charset charset = outputCharset();
    return new CliEnvironment(
        new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true),
        new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true),
        new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())),
        System::getenv, Clock.systemDefaultZone(), System.console() != null,
        Passwords::fromConsole);
  }

  /** Returns the value of environment variable {@code name}, or null if unset or empty. */
  @Nullable String variable(String name) {
    String value = variables.apply(name);
    return value == null || value.isEmpty() ? null : value;
  }

  private static Charset outputCharset() {
    String name = System.getProperty("stdout.encoding", System.getProperty("native.encoding"));
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }
}
