package dev.tokenvault.cli;

import dev.tokenvault.fs.LockFile;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM: takes the lock file {@code args[0]} exclusively, as a writer of the vault
 * would, prints {@code held}, and keeps it until its standard input is closed.
 */
public final class LockHolder {
  private LockHolder() {}

  /** Holds the lock named by {@code args[0]} until standard input closes. */
  public static void main(String[] args) throws Exception {
    try (LockFile.Held held = LockFile.of(Path.of(args[0]))
        .acquireExclusive(Duration.ofSeconds(30))) {
      System.out.println("held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Wait for the parent to close our input.
      }
    }
  }
}
