package dev.tokenvault.cli;

import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import dev.tokenvault.cli.plaintext.SdkTokenFile;
import dev.tokenvault.fs.SecureFiles;
import dev.tokenvault.fs.StepHook;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tokenvault export FILE}: writes every token in clear text to the SDK's CSV layout, to
 * roll a migration back. Refuses without the flag that names the risk; writes owner-only; never
 * replaces an existing file unless asked.
 */
@Command(name = "export", description = {
    "Write every token IN CLEAR TEXT to FILE, in the CSV layout the Zoho SDKs read"
        + " (sdk_tokens.txt), to roll a migration back.",
    "Refuses to run without --i-understand-this-writes-plaintext. FILE is written owner-only"
        + " (0600) and an existing file is kept unless --overwrite is given."})
final class ExportCommand extends Subcommand {
  static final String ACKNOWLEDGE = "--i-understand-this-writes-plaintext";

  @Parameters(paramLabel = "FILE", description = "Where to write the plaintext token file.")
  Path target;

  @Option(names = ACKNOWLEDGE,
      description = "Confirm that FILE will hold every token, secret and user name unencrypted.")
  boolean acknowledged;

  @Option(names = "--overwrite", description = "Replace FILE if it exists.")
  boolean overwrite;

  @Override
  void execute() throws Exception {
    if (!acknowledged) {
      throw usage("export writes every token in clear text to " + target + "; if that is what"
          + " you want, run it again with " + ACKNOWLEDGE);
    }
    if (!overwrite && Files.exists(target)) {
      throw new CliFailure(target + " already exists; nothing was written",
          "choose another file, or pass --overwrite to replace it");
    }
    List<Token> tokens = withVault(true, (keys, vault) -> vault.list());
    byte[] bytes = SdkTokenFile.write(tokens);
    try {
      write(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    out().println("wrote " + Plural.of(tokens.size(), "token") + " to " + target
        + " in clear text, owner-only (0600)");
    warnAboutBackslashes(tokens);
    out().println("the SDK reads " + target + " as its token file; destroy it once it is no"
        + " longer needed, for example with: shred -u " + target);
  }

  /**
   * Writes the file durably and owner-only. Without --overwrite the complete file is linked
   * into place, which fails if a file appeared there meanwhile; with it, the file is replaced
   * atomically.
   */
  private void write(byte[] bytes) throws IOException, CliFailure {
    Path absolute = target.toAbsolutePath();
    if (overwrite) {
      SecureFiles.writeAtomically(absolute, ByteBuffer.wrap(bytes), StepHook.NONE);
      return;
    }
    Path temp = SecureFiles.tempFileFor(absolute);
    try {
      // 1. The whole file, owner-only, beside the target, forced.
      try (FileChannel channel = SecureFiles.createNew(temp)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      // 2. The commit point: a hard link, which fails if the target exists.
      Files.createLink(absolute, temp);
    } catch (FileAlreadyExistsException e) {
      throw new CliFailure(target + " appeared while it was being written; nothing was"
          + " written", "choose another file, or pass --overwrite to replace it", e);
    } finally {
      Files.deleteIfExists(temp);
    }
    // 3. Make the new name durable.
    SecureFiles.forceDirectory(absolute.getParent());
  }

  private void warnAboutBackslashes(List<Token> tokens) {
    long affected = tokens.stream().filter(ExportCommand::hasBackslash).count();
    if (affected > 0) {
      env().err.println("warning: " + Plural.of(affected, "token")
          + (affected == 1 ? " holds" : " hold") + " a backslash, which the SDK's CSV reader"
          + " drops: check " + (affected == 1 ? "it" : "them") + " after the rollback");
    }
  }

  private static boolean hasBackslash(Token token) {
    for (TokenField field : TokenField.values()) {
      String value = token.get(field);
      if (value != null && value.indexOf('\\') >= 0) {
        return true;
      }
    }
    return false;
  }
}
