package dev.tokenvault.fs;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM: takes the lock file {@code args[0]} exclusively, prints {@code held}, and
 * keeps the lock until its standard input is closed. Public: the java launcher starts it.
 */
public final class LockHolderProcess {
  private LockHolderProcess() {}

  /** Holds the lock named by {@code args[0]} until standard input closes. */
  public static void main(String[] args) throws Exception {
    try (LockFile.Held held = LockFile.of(Path.of(args[0]))
        .acquireExclusive(Duration.ofSeconds(30))) {
      System.out.println("held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Hold until the parent closes our input.
      }
    }
  }
}
