package dev.tokenvault.cli;

import dev.tokenvault.file.VaultStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code tokenvault stats}: figures about the vault, none of them secret. */
@Command(name = "stats", description = "Show figures about the vault: tokens, dead records,"
    + " file size and the records each key seals.")
final class StatsCommand extends Subcommand {
  @Override
  void execute() throws Exception {
    VaultStats stats = withVault(true, (keys, vault) -> vault.stats());
    List<String> perKey = new ArrayList<>();
    for (Map.Entry<String, Long> key : stats.recordsPerKey().entrySet()) {
      perKey.add(key.getKey() + ": " + Plural.of(key.getValue(), "record"));
    }
    new Table()
        .row("vault", options().vaultPath(env()).toString())
        .row("vault id", stats.vaultId())
        .row("tokens", Long.toString(stats.tokens()))
        .row("dead records", stats.deadRecords() + " (" + stats.deadBytes() + " bytes)")
        .row("file size", stats.fileSizeBytes() + " bytes (live records: " + stats.liveBytes()
            + " bytes)")
        .row("keys", perKey.isEmpty() ? "-" : String.join(", ", perKey))
        .row("header key", stats.headerKeyId())
        .print(out());
  }
}
