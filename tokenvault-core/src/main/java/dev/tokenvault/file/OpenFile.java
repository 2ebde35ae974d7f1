package dev.tokenvault.file;

import dev.tokenvault.crypto.RecordSealer;
import java.nio.channels.FileChannel;

/**
 * One vault file as a store has it open: the channel, the identity of the file it reads, the
 * header, the sealer bound to the vault id, and the index built from the frames. A compaction
 * or a reload replaces the whole object.
 *
 * <p>{@link #validEnd} and {@link #knownSize} change as frames are appended or read; they are
 * volatile so that the lock-free staleness check can read them.
 */
final class OpenFile {
  final FileChannel channel;
  final Object fileKey;
  final VaultHeader header;
  final RecordSealer sealer;
  final Index index;
  /** End of the last valid frame: where the next frame is appended. */
  volatile long validEnd;
  /** The file's size when last read; beyond {@link #validEnd} lies a torn tail. */
  volatile long knownSize;

  OpenFile(FileChannel channel, Object fileKey, VaultHeader header, RecordSealer sealer,
      Index index, long validEnd, long knownSize) {
    this.channel = channel;
    this.fileKey = fileKey;
    this.header = header;
    this.sealer = sealer;
    this.index = index;
    this.validEnd = validEnd;
    this.knownSize = knownSize;
  }

  boolean hasTornTail() {
    return validEnd != knownSize;
  }
}
