package dev.tokenvault.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test sources, for the tests that need a second
 * process: one that is killed mid-write, or that shares a vault with the test's own process.
 *
 * <p>The child runs the test JVM's own {@code java} with the test class path. Its stdout is read
 * line by line on a daemon thread; only lines ended by a newline count, so a line the child was
 * writing when it was killed is never taken for a whole one. Its stderr (its log) goes to a file
 * beside the test's data, for diagnostics. Lines go to its stdin through {@link #send}.
 */
final class ChildJvm implements AutoCloseable {
  /** What the reader thread queues when stdout ends. */
  private static final String END = new String("<end of stdout>");
  private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final OutputStream stdin;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(this::readStdout, "stdout of child " + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code main} in a new JVM with {@code args}, its log going to {@code stderr}.
   *
   * @throws IOException if the JVM cannot be started
   */
  static ChildJvm start(Class<?> main, Path stderr, String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(),
        // A child lives a second or two: start fast rather than optimise.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectError(stderr.toFile())
        .start();
    return new ChildJvm(process, stderr);
  }

  /** Returns the child's process id. */
  long pid() {
    return process.pid();
  }

  /**
   * Returns the next whole line the child printed, waiting at most a minute.
   *
   * @throws AssertionError if the child ended or stayed silent first
   */
  String nextLine() throws InterruptedException {
    String line = pollLine(LINE_TIMEOUT);
    if (line == null) {
      throw new AssertionError("child " + process.pid() + " printed nothing for "
          + LINE_TIMEOUT + "; its log:\n" + log());
    }
    return line;
  }

  /**
   * Returns the next whole line the child printed, or null if it printed none within {@code
   * timeout}.
   *
   * @throws AssertionError if the child's stdout ended
   */
  String pollLine(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == END) {
      lines.add(END);
      throw new AssertionError("child " + process.pid() + " ended; its log:\n" + log());
    }
    return line;
  }

  /** Returns the next line, which must be {@code expected}. */
  void expectLine(String expected) throws InterruptedException {
    String line = nextLine();
    if (!line.equals(expected)) {
      throw new AssertionError("child " + process.pid() + " printed '" + line + "', expected '"
          + expected + "'; its log:\n" + log());
    }
  }

  /** Sends one line to the child's stdin. */
  void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /**
   * Kills the child with SIGKILL and waits until it is gone. Through its process handle:
   * {@link Process#destroyForcibly()} would also close the pipes and lose what the child printed
   * last.
   */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor();
  }

  /**
   * Waits for the child to exit by itself and returns its exit code.
   *
   * @throws AssertionError if it is still running after {@code timeout}
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("child " + process.pid() + " still running after " + timeout
          + "; its log:\n" + log());
    }
    return process.exitValue();
  }

  /**
   * Returns every whole line printed and not yet taken, once stdout has ended (after {@link
   * #kill} or {@link #awaitExit}).
   */
  List<String> remainingLines() throws InterruptedException {
    List<String> rest = new ArrayList<>();
    while (true) {
      String line = lines.poll(LINE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new AssertionError("stdout of child " + process.pid() + " did not end");
      }
      if (line == END) {
        lines.add(END);
        return rest;
      }
      rest.add(line);
    }
  }

  /** Returns what the child wrote to stderr so far. */
  String log() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private void readStdout() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            lines.add(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(buffer[i]);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      // An unfinished last line is dropped: the child was killed while printing it.
      lines.add(END);
    }
  }
}
