package dev.tokenvault.file;

import java.io.IOException;

/**
 * Lets concurrent writers of one process share a force (group commit).
 *
 * <p>Each write takes a ticket. A writer then waits until its ticket is durable: if no force is
 * running it becomes the forcer and forces everything written so far, otherwise it waits for
 * the running force and checks again. Under concurrent writers one force serves many writes,
 * and a write is never acknowledged before a force that started after it was written.
 */
final class GroupCommit {
  /** Forces the vault's current file. */
  @FunctionalInterface
  interface Forcer {
    void force() throws IOException;
  }

  private long written;
  private long durable;
  private boolean forcing;

  /** Records one write and returns its ticket. */
  synchronized long written() {
    return ++written;
  }

  /**
   * Returns once write {@code ticket} is durable, forcing the file if needed.
   *
   * @throws IOException if the force failed; the write may or may not be durable
   */
  void awaitDurable(long ticket, Forcer forcer) throws IOException {
    long target;
    synchronized (this) {
      while (true) {
        if (durable >= ticket) {
          return;
        }
        if (!forcing) {
          forcing = true;
          target = written;
          break;
        }
        waitUninterruptibly();
      }
    }
    boolean forced = false;
    try {
      forcer.force();
      forced = true;
    } finally {
      synchronized (this) {
        forcing = false;
        if (forced) {
          durable = Math.max(durable, target);
        }
        notifyAll();
      }
    }
  }

  /**
   * Marks every write so far durable, after waiting for a running force to end. Called when the
   * whole file has been rewritten and forced (compaction), before the old file is closed.
   */
  synchronized void allDurable() {
    while (forcing) {
      waitUninterruptibly();
    }
    durable = written;
    notifyAll();
  }

  private void waitUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        wait();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
