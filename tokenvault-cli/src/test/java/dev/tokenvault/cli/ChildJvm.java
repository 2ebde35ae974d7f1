package dev.tokenvault.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class of the test class path in a child JVM, as another process would run. */
final class ChildJvm {
  private ChildJvm() {}

  /** Starts {@code main} with {@code args}; its error stream goes to {@code stderr}. */
  static Process start(Class<?> main, Path stderr, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.add("-XX:TieredStopAtLevel=1");
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectError(stderr.toFile())
        .start();
  }

  /** Returns a reader of the child's standard output, as UTF-8 lines. */
  static BufferedReader output(Process child) {
    return new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8));
  }
}
