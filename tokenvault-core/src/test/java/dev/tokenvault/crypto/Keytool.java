package dev.tokenvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JDK's own {@code keytool}, the one of the JVM running the tests, as a child process.
 * Passwords go through a file or an environment variable, never the command line.
 */
final class Keytool {
  /** The environment variable that {@link #withEnvPassword} sets for the child process. */
  static final String PASSWORD_VARIABLE = "TV_TEST_STOREPASS";

  private static final long TIMEOUT_MINUTES = 2;

  private Keytool() {}

  /** What one run printed and how it exited. */
  static final class Result {
    final int exitCode;
    final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }

    /** Asserts a zero exit code, showing the output otherwise, and returns this. */
    Result assertSucceeded() {
      assertThat(exitCode).as("keytool exit code; it printed:%n%s", output).isZero();
      return this;
    }
  }

  /** Runs keytool with {@code args}, appending {@code -storepass:file passwordFile}. */
  static Result withPasswordFile(Path passwordFile, String... args) throws IOException {
    List<String> command = command(args);
    command.add("-storepass:file");
    command.add(passwordFile.toString());
    return run(command, Map.of());
  }

  /** Runs keytool with {@code args}, passing {@code password} in an environment variable. */
  static Result withEnvPassword(String password, String... args) throws IOException {
    List<String> command = command(args);
    command.add("-storepass:env");
    command.add(PASSWORD_VARIABLE);
    return run(command, Map.of(PASSWORD_VARIABLE, password));
  }

  /** Returns the path of the running JDK's keytool. */
  static Path executable() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool");
  }

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable().toString());
    command.addAll(List.of(args));
    command.add("-noprompt");
    return command;
  }

  private static Result run(List<String> command, Map<String, String> environment)
      throws IOException {
    assertThat(Files.isExecutable(executable())).as("keytool at %s", executable()).isTrue();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("keytool did not exit within " + TIMEOUT_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while waiting for keytool", e);
    }
    return new Result(process.exitValue(), output);
  }
}
