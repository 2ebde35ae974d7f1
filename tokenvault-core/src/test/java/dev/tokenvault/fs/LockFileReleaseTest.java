package dev.tokenvault.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.TestKeys;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and closing many vaults must not leave a descriptor open per lock file. */
final class LockFileReleaseTest {
  @TempDir Path dir;

  @Test
  void close_manyVaults_leavesNoLockFileDescriptorOpen() throws Exception {
    try (KeyRing ring = TestKeys.create(dir.resolve("keys.p12"))) {
      long before = openLockDescriptors();
      for (int i = 0; i < 50; i++) {
        try (FileTokenStore store =
            FileTokenStore.builder(dir.resolve("v" + i + ".vault"), ring).create()) {
          store.list();
        }
      }
      ring.addKey();

      assertThat(openLockDescriptors()).isEqualTo(before);
    }
  }

  @Test
  void of_twiceThenCloseOnce_keepsTheLockUsable() throws Exception {
    Path path = dir.resolve("x.lock");
    LockFile first = LockFile.of(path);
    LockFile second = LockFile.of(path);
    assertThat(second).isSameAs(first);
    first.close();

    try (LockFile.Held held = second.acquireExclusive(java.time.Duration.ofSeconds(1))) {
      assertThat(second.isHeldExclusivelyByCurrentThread()).isTrue();
    }
    second.close();
    assertThat(openLockDescriptors()).isZero();
  }

  /** Counts this process's descriptors of files in the test directory ending with .lock. */
  private long openLockDescriptors() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")),
        "needs /proc (Linux) to count descriptors");
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          Path target = Files.readSymbolicLink(fd);
          return target.startsWith(dir.toRealPath()) && target.toString().endsWith(".lock");
        } catch (Exception e) {
          return false;
        }
      }).count();
    }
  }
}
