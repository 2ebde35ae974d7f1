package dev.tokenvault.cli;

import dev.tokenvault.file.FileTokenStore;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Shows the progress of a re-seal: a progress bar on the terminal when there is more than one
 * batch, nothing otherwise. While it is open, an interruption by Ctrl-C prints how to finish.
 */
final class ResealProgress implements FileTokenStore.ResealListener, AutoCloseable {
  private final boolean terminal;
  private final int batchSize;
  private final Thread onInterrupt;
  private @Nullable ProgressBar bar;

  private ResealProgress(CliEnvironment env, int batchSize) {
    this.terminal = env.terminal;
    this.batchSize = batchSize;
    this.onInterrupt = new Thread(() -> {
      env.err.println();
      env.err.println("interrupted: the vault is intact; run 'tokenvault rotate' again to"
          + " finish the rotation");
      env.err.flush();
    }, "tokenvault-rotate-interrupted");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
  }

  /** Starts watching a re-seal done in batches of {@code batchSize}. */
  static ResealProgress start(CliEnvironment env, int batchSize) {
    return new ResealProgress(env, batchSize);
  }

  @Override
  public void progress(long done, long total) {
    if (bar == null && terminal && total > batchSize) {
      // The bar goes to the process's own error stream: it exists only on a real terminal.
      bar = new ProgressBarBuilder().setTaskName("re-sealing").setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setUnit(" records", 1).build();
    }
    if (bar != null) {
      bar.maxHint(total);
      bar.stepTo(done);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onInterrupt);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting: the hook runs, which is what an interruption should do.
    }
  }
}
