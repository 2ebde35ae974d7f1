package dev.tokenvault.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tokenvault delete ID}: deletes one token. */
@Command(name = "delete", description = "Delete one token.")
final class DeleteCommand extends Subcommand {
  @Parameters(paramLabel = "ID", description = "The token's id, as 'list' shows it.")
  String id;

  @Override
  void execute() throws Exception {
    withVault(false, (keys, vault) -> {
      vault.delete(id);
      return null;
    });
    out().println("deleted token " + id + " from vault " + options().vaultPath(env()));
  }
}
