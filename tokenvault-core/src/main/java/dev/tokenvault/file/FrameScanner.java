package dev.tokenvault.file;

import dev.tokenvault.DamagedDataException;
import dev.tokenvault.VaultException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the frames of a vault file from an offset to the end, and tells a torn tail from damage.
 *
 * <p>The rule (see {@link VaultFormat}): a frame that is incomplete or fails a checksum is a
 * torn tail if no valid frame follows it, and damage otherwise. When a frame's prefix is valid
 * its size is trusted, so "follows" means "starts after its end"; when the prefix itself is
 * invalid the size is unknown, and every later offset is tried.
 */
final class FrameScanner {
  private static final int WINDOW_BYTES = 1 << 20;

  /** Receives each valid frame, in file order. */
  @FunctionalInterface
  interface Sink {
    void accept(Frame frame) throws VaultException;
  }

  /** Where a scan ended: the end of the last valid frame, and the torn tail if any. */
  static final class Result {
    /** End of the last valid frame: where the next frame belongs. */
    final long validEnd;
    /** Size of the file when scanned; {@code fileSize - validEnd} bytes are a torn tail. */
    final long fileSize;

    Result(long validEnd, long fileSize) {
      this.validEnd = validEnd;
      this.fileSize = fileSize;
    }

    boolean hasTornTail() {
      return validEnd < fileSize;
    }

    long tornBytes() {
      return fileSize - validEnd;
    }
  }

  private final FileChannel channel;
  private final String file;
  private final long fileSize;
  private ByteBuffer window = ByteBuffer.allocate(0);
  private long windowStart;

  private final boolean keepSealedPuts;

  private FrameScanner(FileChannel channel, String file, long fileSize,
      boolean keepSealedPuts) {
    this.channel = channel;
    this.file = file;
    this.fileSize = fileSize;
    this.keepSealedPuts = keepSealedPuts;
  }

  /**
   * Reads the frames in {@code [start, fileSize)} and passes each valid one to {@code sink}.
   *
   * @throws DamagedDataException if a frame is damaged and a valid frame follows it
   * @throws IOException if reading failed
   */
  static Result scan(FileChannel channel, String file, long start, long fileSize,
      boolean keepSealedPuts, Sink sink) throws VaultException, IOException {
    return new FrameScanner(channel, file, fileSize, keepSealedPuts).scanFrom(start, sink);
  }

  private Result scanFrom(long start, Sink sink) throws VaultException, IOException {
    long position = start;
    while (position < fileSize) {
      if (fileSize - position < VaultFormat.FRAME_OVERHEAD_BYTES) {
        return new Result(position, fileSize);
      }
      ByteBuffer prefix = view(position, VaultFormat.FRAME_PREFIX_BYTES);
      int size = VaultFormat.frameSizeAt(prefix, prefix.position());
      if (size < 0) {
        return tornOrDamaged(position, position + 1, "invalid frame prefix");
      }
      if (position + size > fileSize) {
        return new Result(position, fileSize);
      }
      ByteBuffer frame = view(position, size);
      if (!VaultFormat.frameChecksumMatches(frame, frame.position(), size)) {
        return tornOrDamaged(position, position + size, "frame CRC mismatch");
      }
      boolean keep = keepSealedPuts || frame.get(frame.position() + 2) != Frame.PUT;
      sink.accept(VaultFormat.decodeFrame(frame, frame.position(), size, position, file, keep));
      position += size;
    }
    return new Result(position, fileSize);
  }

  /**
   * Decides about a bad frame at {@code badAt}: a torn tail if no valid frame starts at or after
   * {@code searchFrom}, damage otherwise.
   */
  private Result tornOrDamaged(long badAt, long searchFrom, String what)
      throws VaultException, IOException {
    long valid = findValidFrame(searchFrom);
    if (valid < 0) {
      return new Result(badAt, fileSize);
    }
    throw new DamagedDataException(file + ": offset " + badAt + ": " + what + ", and a valid"
        + " frame follows at offset " + valid + " (" + (fileSize - badAt) + " bytes from here"
        + " to the end); the vault is damaged, not torn, and was left as it is", badAt);
  }

  private long findValidFrame(long from) throws IOException {
    for (long at = from; at + VaultFormat.FRAME_OVERHEAD_BYTES <= fileSize; at++) {
      ByteBuffer prefix = view(at, VaultFormat.FRAME_PREFIX_BYTES);
      int size = VaultFormat.frameSizeAt(prefix, prefix.position());
      if (size < 0 || at + size > fileSize) {
        continue;
      }
      ByteBuffer frame = view(at, size);
      if (VaultFormat.frameChecksumMatches(frame, frame.position(), size)) {
        return at;
      }
    }
    return -1;
  }

  /**
   * Returns the window positioned at {@code offset}, holding at least {@code length} bytes from
   * there, reading from the file when the current window does not cover them.
   */
  private ByteBuffer view(long offset, int length) throws IOException {
    long windowEnd = windowStart + window.limit();
    if (offset < windowStart || offset + length > windowEnd) {
      fill(offset, length);
    }
    return window.position((int) (offset - windowStart));
  }

  private void fill(long offset, int length) throws IOException {
    // A catch-up usually reads one small frame: size the window to what is left, up to 1 MiB.
    int capacity = (int) Math.max(Math.min(WINDOW_BYTES, fileSize - offset), length);
    if (window.capacity() < capacity) {
      window = ByteBuffer.allocate(capacity);
    }
    window.clear();
    int wanted = (int) Math.min(window.capacity(), fileSize - offset);
    window.limit(wanted);
    while (window.hasRemaining()) {
      int read = channel.read(window, offset + window.position());
      if (read < 0) {
        break;
      }
    }
    window.flip();
    windowStart = offset;
    if (window.limit() < length) {
      throw new IOException("file shrank while being read: " + length + " bytes wanted at "
          + offset + ", " + window.limit() + " read");
    }
  }
}
