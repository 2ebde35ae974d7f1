package dev.tokenvault.cli;

import dev.tokenvault.file.VaultStats;
import picocli.CommandLine.Command;

/** {@code tokenvault compact}: rewrites the vault with its live records only. */
@Command(name = "compact", description = "Rewrite the vault with its live records only,"
    + " dropping superseded and deleted ones. Atomic: interrupted, the vault is unchanged.")
final class CompactCommand extends Subcommand {
  @Override
  void execute() throws Exception {
    withVault(false, (keys, vault) -> {
      VaultStats before = vault.stats();
      vault.compact();
      out().println("compacted vault " + options().vaultPath(env()) + ": removed "
          + Plural.of(before.deadRecords(), "dead record") + "; " + before.fileSizeBytes()
          + " bytes before, " + vault.stats().fileSizeBytes() + " after");
      return null;
    });
  }
}
