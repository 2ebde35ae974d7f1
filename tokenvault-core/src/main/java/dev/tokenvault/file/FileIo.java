package dev.tokenvault.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional reads and writes that complete fully, and that an interrupt pending on the calling
 * thread does not turn into a closed channel.
 *
 * <p>The JDK closes a file channel when a thread using it is interrupted, which would fail every
 * other thread of the store. The pending interrupt is cleared for the duration of the call and
 * restored afterwards; an interrupt that arrives during the call itself can still close the
 * channel, and the store then reopens the file on its next call.
 */
final class FileIo {
  private FileIo() {}

  static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      long at = position;
      while (buffer.hasRemaining()) {
        int read = channel.read(buffer, at);
        if (read < 0) {
          throw new EOFException("end of file at offset " + at + ", " + buffer.remaining()
              + " bytes short");
        }
        at += read;
      }
    } finally {
      restore(interrupted);
    }
  }

  static void writeFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      long at = position;
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
    } finally {
      restore(interrupted);
    }
  }

  static void force(FileChannel channel, boolean metadata) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      channel.force(metadata);
    } finally {
      restore(interrupted);
    }
  }

  static void truncate(FileChannel channel, long size) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      channel.truncate(size);
    } finally {
      restore(interrupted);
    }
  }

  /** Copies {@code count} bytes from {@code source} at {@code position} to the end of target. */
  static void copy(FileChannel source, long position, long count, FileChannel target)
      throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      long done = 0;
      while (done < count) {
        long moved = source.transferTo(position + done, count - done, target);
        if (moved <= 0) {
          throw new EOFException("source ended at offset " + (position + done));
        }
        done += moved;
      }
    } finally {
      restore(interrupted);
    }
  }

  private static void restore(boolean interrupted) {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
