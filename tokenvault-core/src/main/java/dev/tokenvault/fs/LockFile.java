package dev.tokenvault.fs;

import static java.util.Objects.requireNonNull;

import dev.tokenvault.VaultLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A lock shared by the threads of this process and by other processes, through an
 * operating-system lock on a file beside the data it guards.
 *
 * <p>Holders are shared (readers) or exclusive (one writer). Within this JVM a read-write lock
 * orders the threads, and one operating-system lock on the file, taken on behalf of all of them,
 * orders the processes. There is one instance per lock file per JVM, because the JDK allows a
 * JVM only one lock on a region of a file, and because closing any channel to a file releases
 * every lock the process holds on it: this class keeps the only channel.
 *
 * <p>An exclusive holder writes one line into the file saying who holds it (process id, command,
 * since when), so that a process that gives up waiting can say whom it waited for. The file
 * holds nothing else, is created owner-only and is never deleted: deleting it while processes
 * use it would let two writers in at once, which the holder detects and recovers from by
 * locking the new file.
 *
 * <p>Limitations: operating-system locks are advisory on Linux and macOS; a program that ignores
 * the lock file can still write the guarded files. Locks on network file systems are only as
 * reliable as the file system's lock service.
 */
public final class LockFile implements AutoCloseable {
  private static final Map<Path, LockFile> OPEN = new HashMap<>();
  private static final int HOLDER_SIZE_BYTES = 160;
  private static final long FIRST_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  private static final long LONGEST_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final String PROCESS = describeProcess();

  private final Path path;
  private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
  private final Object osLockGuard = new Object();
  private FileChannel channel;
  private Object fileKey;
  private FileLock osLock;
  private int sharedHolders;
  /** The callers of {@link #of} that have not closed it yet; guarded by {@link #OPEN}. */
  private int users;
  private Path registeredAs;

  private LockFile(Path path) throws IOException {
    this.path = path;
    reopen();
  }

  /**
   * Returns the lock of {@code path} for this JVM, creating the file owner-only if needed. Each
   * call must be matched by one {@link #close()}, once every hold taken through it has been
   * released; the last close releases the file's descriptor.
   *
   * @throws IOException if the lock file cannot be opened or created
   */
  public static LockFile of(Path path) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    synchronized (OPEN) {
      // Keyed by the real path, so that two names of one file share one lock. Nothing here
      // opens and closes a descriptor of an existing lock file: closing any descriptor of a
      // file drops every lock this process holds on it.
      if (Files.exists(absolute)) {
        LockFile known = OPEN.get(absolute.toRealPath());
        if (known != null) {
          known.users++;
          return known;
        }
      }
      LockFile created = new LockFile(absolute);
      created.registeredAs = absolute.toRealPath();
      created.users = 1;
      OPEN.put(created.registeredAs, created);
      return created;
    }
  }

  /**
   * Gives back one use of this lock; the last user's close closes the descriptor, which is safe
   * then because no thread of this process holds the lock any more.
   *
   * @throws IOException if closing the descriptor failed
   */
  @Override
  public void close() throws IOException {
    synchronized (OPEN) {
      if (users == 0) {
        return;
      }
      if (--users == 0) {
        OPEN.remove(registeredAs);
        synchronized (osLockGuard) {
          channel.close();
        }
      }
    }
  }

  /** Returns the lock file's path. */
  public Path path() {
    return path;
  }

  /**
   * Takes the lock shared with other readers, waiting at most {@code timeout}.
   *
   * @throws VaultLockedException if another process held it exclusively for the whole timeout
   * @throws IOException if the operating system failed the lock
   */
  public Held acquireShared(Duration timeout) throws VaultLockedException, IOException {
    long deadline = deadline(timeout);
    Lock threadLock = threads.readLock();
    lockThreads(threadLock, deadline);
    try {
      synchronized (osLockGuard) {
        if (sharedHolders == 0) {
          osLock = lockProcesses(true, deadline);
        }
        sharedHolders++;
      }
    } catch (VaultLockedException | IOException | RuntimeException | Error e) {
      threadLock.unlock();
      throw e;
    }
    return () -> {
      try {
        synchronized (osLockGuard) {
          if (--sharedHolders == 0) {
            releaseProcesses();
          }
        }
      } finally {
        threadLock.unlock();
      }
    };
  }

  /**
   * Takes the lock exclusively, waiting at most {@code timeout}, and records this process as
   * its holder.
   *
   * @throws VaultLockedException if another thread or process held it for the whole timeout
   * @throws IOException if the operating system failed the lock
   */
  public Held acquireExclusive(Duration timeout) throws VaultLockedException, IOException {
    long deadline = deadline(timeout);
    Lock threadLock = threads.writeLock();
    lockThreads(threadLock, deadline);
    try {
      synchronized (osLockGuard) {
        osLock = lockProcesses(false, deadline);
        writeHolder();
      }
    } catch (VaultLockedException | IOException | RuntimeException | Error e) {
      threadLock.unlock();
      throw e;
    }
    return () -> {
      try {
        synchronized (osLockGuard) {
          releaseProcesses();
        }
      } finally {
        threadLock.unlock();
      }
    };
  }

  /** Returns whether the current thread holds this lock exclusively. */
  public boolean isHeldExclusivelyByCurrentThread() {
    return threads.isWriteLockedByCurrentThread();
  }

  /** A held lock; closing it releases it. */
  @FunctionalInterface
  public interface Held extends AutoCloseable {
    /** Releases the lock. */
    @Override
    void close();
  }

  private void lockThreads(Lock threadLock, long deadline) throws VaultLockedException {
    try {
      if (!threadLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new VaultLockedException(
            "timed out waiting for " + path + ": held by another thread of this process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VaultLockedException("interrupted while waiting for " + path);
    }
  }

  /**
   * Takes the operating-system lock, polling with a growing pause until the deadline. Polling
   * rather than blocking keeps the wait bounded and never interruptible, because an interrupt
   * would close the channel and drop the locks of the whole process.
   */
  private FileLock lockProcesses(boolean shared, long deadline)
      throws VaultLockedException, IOException {
    long pause = FIRST_WAIT_NANOS;
    while (true) {
      FileLock lock = tryLockUninterruptibly(shared);
      if (lock != null) {
        if (stillTheFileAtPath()) {
          return lock;
        }
        lock.release();
        reopen();
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new VaultLockedException(
            "timed out waiting for " + path + ": held by another process (" + holder() + ")");
      }
      LockSupport.parkNanos(Math.min(pause, left));
      pause = Math.min(pause * 2, LONGEST_WAIT_NANOS);
    }
  }

  private FileLock tryLockUninterruptibly(boolean shared) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      return channel.tryLock(0, Long.MAX_VALUE, shared);
    } catch (ClosedChannelException e) {
      // An interrupt closed the channel during the call; only this thread used it, so nothing
      // else was lost. Open it again and report "not acquired" so that the caller retries.
      reopen();
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void releaseProcesses() {
    FileLock lock = osLock;
    osLock = null;
    if (lock == null || !lock.isValid()) {
      return;
    }
    boolean interrupted = Thread.interrupted();
    try {
      lock.release();
    } catch (IOException e) {
      // Releasing failed: the channel is unusable. Reopening drops whatever lock remained.
      try {
        reopen();
      } catch (IOException again) {
        e.addSuppressed(again);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean stillTheFileAtPath() throws IOException {
    try {
      return fileKey == null || fileKey.equals(Files.readAttributes(path,
          java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private void reopen() throws IOException {
    if (channel != null) {
      channel.close();
    }
    channel = SecureFiles.openOrCreate(path);
    fileKey = Files.readAttributes(path,
        java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  private void writeHolder() throws IOException {
    String line = PROCESS + " since " + Instant.now();
    byte[] text = new byte[HOLDER_SIZE_BYTES];
    java.util.Arrays.fill(text, (byte) ' ');
    byte[] content = line.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(content, 0, text, 0, Math.min(content.length, HOLDER_SIZE_BYTES - 1));
    text[HOLDER_SIZE_BYTES - 1] = '\n';
    boolean interrupted = Thread.interrupted();
    try {
      ByteBuffer buffer = ByteBuffer.wrap(text);
      while (buffer.hasRemaining()) {
        channel.write(buffer, buffer.position());
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Returns what the last exclusive holder wrote, or a note that it is unknown. */
  private String holder() {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(HOLDER_SIZE_BYTES);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
          .trim();
      return text.isEmpty() ? "holder unknown" : "last writer: " + text;
    } catch (IOException e) {
      return "holder unknown";
    }
  }

  private static String describeProcess() {
    ProcessHandle self = ProcessHandle.current();
    String command = self.info().command().map(c -> Path.of(c).getFileName().toString())
        .orElse("unknown command");
    return "pid " + self.pid() + " (" + command + ")";
  }

  private static long deadline(Duration timeout) {
    requireNonNull(timeout, "timeout");
    long nanos = timeout.isNegative() ? 0 : timeout.toNanos();
    long now = System.nanoTime();
    return now + nanos < now ? Long.MAX_VALUE : now + nanos;
  }
}
