package dev.tokenvault.file;

import dev.tokenvault.DamagedDataException;
import dev.tokenvault.Token;
import dev.tokenvault.TokenDocument;
import dev.tokenvault.VaultException;
import dev.tokenvault.VaultIoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a whole vault file independently of a store's state: the header's checksum and MAC,
 * then every frame's checksum, order and authentication tag, and every token document.
 */
final class Verifier {
  private final OpenFile open;
  private final String name;
  private final List<String> problems = new ArrayList<>();
  private long frames;

  private Verifier(OpenFile open, String name) {
    this.open = open;
    this.name = name;
  }

  /**
   * Verifies the file behind {@code open}; the caller holds the vault's lock, so the file does
   * not change meanwhile.
   *
   * @throws VaultException if the file cannot be read at all
   */
  static VerifyReport verify(OpenFile open, String name) throws VaultException {
    return new Verifier(open, name).run();
  }

  private VerifyReport run() throws VaultException {
    Index index = new Index(name, open.header, removed -> {});
    long tornAt = -1;
    long tornBytes = 0;
    try {
      long size = open.channel.size();
      checkHeader(size);
      FrameScanner.Result result = FrameScanner.scan(open.channel, name,
          open.header.sizeBytes, size, true, frame -> {
            frames++;
            check(frame);
            index.apply(frame);
          });
      if (result.hasTornTail()) {
        tornAt = result.validEnd;
        tornBytes = result.tornBytes();
      }
    } catch (DamagedDataException e) {
      problems.add(e.getMessage() + " (frames after it were not checked)");
    } catch (IOException e) {
      throw new VaultIoException("cannot read " + name, e);
    }
    return new VerifyReport(index.size(), frames, index.recordsPerKey(), problems, tornAt,
        tornBytes);
  }

  private void checkHeader(long size) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(open.header.sizeBytes);
    FileIo.readFully(open.channel, bytes, 0);
    try {
      VaultHeader header = VaultFormat.decodeHeader(bytes, size, name);
      VaultFormat.verifyHeaderMac(bytes, header, open.sealer, name);
    } catch (VaultException e) {
      problems.add(e.getMessage());
    }
  }

  /** Opens one frame; a failure is recorded as a problem and the scan goes on. */
  private void check(Frame frame) {
    byte[] plaintext = null;
    try {
      plaintext = open.sealer.open(frame.sealed, frame.identity());
      if (frame.kind == Frame.PUT) {
        Token token = TokenDocument.fromJson(plaintext);
        if (!frame.id.equals(token.id())) {
          problems.add(where(frame) + ": the sealed token's id differs from the frame's");
        }
      } else if (plaintext.length != 0) {
        problems.add(where(frame) + ": a " + frame.kindName() + " frame carries "
            + plaintext.length + " bytes");
      }
    } catch (VaultException e) {
      problems.add(where(frame) + ": " + e.getMessage());
    } finally {
      if (plaintext != null) {
        TokenDocument.wipe(plaintext);
      }
    }
  }

  private String where(Frame frame) {
    return name + ": " + frame.kindName() + " record '" + frame.id + "' (#" + frame.sequence
        + ", key " + frame.keyId + ") at offset " + frame.offset;
  }
}
