package dev.tokenvault.cli;

import picocli.CommandLine.Command;

/** {@code tokenvault keys}: the keystore's keys, when each was made, and what each seals. */
@Command(name = "keys", description = "List the keystore's keys: id, creation time, how many"
    + " of the vault's records each seals, and which is active (seals new records).")
final class KeysCommand extends Subcommand {
  @Override
  void execute() throws Exception {
    withVault(true, (keys, vault) -> {
      KeyTable.print(out(), keys.keys(), vault.stats().recordsPerKey(), env().zone);
      return null;
    });
  }
}
