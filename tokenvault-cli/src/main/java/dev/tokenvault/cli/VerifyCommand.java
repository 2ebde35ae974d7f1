package dev.tokenvault.cli;

import dev.tokenvault.crypto.KeyInfo;
import dev.tokenvault.file.VerifyReport;
import dev.tokenvault.fs.SecureFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code tokenvault verify}: opens and checks every record of the vault, live and dead, and the
 * keystore; reports the records per key and every problem with its offset; fails on any problem.
 * Nothing is written. A torn tail left by an interrupted write is not a problem: the next write
 * cuts it off.
 */
@Command(name = "verify", description = {
    "Open and check every record of the vault and the keystore: report the records per key,"
        + " every damaged record with its offset, keys missing from the keystore, and files"
        + " others can read.",
    "Exits with 1 on any problem. Changes nothing."})
final class VerifyCommand extends Subcommand {
  @Override
  void execute() throws Exception {
    Path vaultPath = options().vaultPath(env());
    Path keystorePath = options().keystorePath(env());
    List<String> problems = new ArrayList<>();
    VerifyReport report = withVault(true, (keys, vault) -> {
      VerifyReport checked = vault.verify();
      List<KeyInfo> keyInfos = keys.keys();
      out().println("vault " + vaultPath + ": " + Plural.of(checked.tokens(), "token") + ", "
          + Plural.of(checked.frames(), "record") + " checked");
      out().println("keystore " + keystorePath + ": " + Plural.of(keyInfos.size(), "key"));
      for (String missing : KeyTable.print(out(), keyInfos, checked.recordsPerKey(),
          env().zone)) {
        problems.add("key " + missing + " seals records of the vault but is not in keystore "
            + keystorePath);
      }
      return checked;
    });
    problems.addAll(report.problems());
    exposure("vault", vaultPath).ifPresent(problems::add);
    exposure("keystore", keystorePath).ifPresent(problems::add);
    if (report.tornTailOffset() >= 0) {
      out().println("note: " + Plural.of(report.tornTailBytes(), "byte") + " at offset "
          + report.tornTailOffset() + " are the torn tail of an interrupted write; the next"
          + " write cuts them off and keeps them in a side file");
    }
    for (String problem : problems) {
      out().println("problem: " + problem);
    }
    if (!problems.isEmpty()) {
      throw new CliFailure("verify found " + Plural.of(problems.size(), "problem") + " in vault "
          + vaultPath, "see the lines above; restore damaged records from a backup");
    }
    out().println("ok: every record opens under the keystore's keys");
  }

  private static Optional<String> exposure(String what, Path file) throws IOException {
    return SecureFiles.exposure(file)
        .map(e -> what + " " + file + " is " + e + "; run chmod 600 on it");
  }
}
