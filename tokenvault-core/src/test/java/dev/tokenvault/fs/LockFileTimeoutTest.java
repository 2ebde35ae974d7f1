package dev.tokenvault.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.VaultLockedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lock that another process held past the timeout stays usable by this process. */
final class LockFileTimeoutTest {
  @TempDir Path dir;

  @Test
  void acquire_afterTimingOutOnAnotherProcess_releasesTheThreadLock() throws Exception {
    Path path = dir.resolve("vault.lock");
    LockFile lock = LockFile.of(path);
    Process holder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LockHolderProcess.class.getName(),
        path.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("held");

      assertThatThrownBy(() -> lock.acquireExclusive(Duration.ofMillis(50)))
          .isInstanceOf(VaultLockedException.class).hasMessageContaining("another process");
      assertThatThrownBy(() -> lock.acquireShared(Duration.ofMillis(50)))
          .isInstanceOf(VaultLockedException.class).hasMessageContaining("another process");
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor()).isZero();
    }

    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<Boolean> exclusive = CompletableFuture.supplyAsync(() -> {
        try (LockFile.Held held = lock.acquireExclusive(Duration.ofSeconds(5))) {
          return lock.isHeldExclusivelyByCurrentThread();
        } catch (Exception e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }, other);
      assertThat(exclusive.get()).as("another thread takes the lock once it is free").isTrue();
    } finally {
      other.shutdownNow();
    }
    try (LockFile.Held held = lock.acquireExclusive(Duration.ofSeconds(5))) {
      assertThat(lock.isHeldExclusivelyByCurrentThread()).isTrue();
    }
  }
}
