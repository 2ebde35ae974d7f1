package dev.tokenvault.cli;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tokenvault clear}: deletes every token, after a confirmation unless {@code --yes}. */
@Command(name = "clear", description = {
    "Delete every token of the vault.",
    "Asks for confirmation (type yes) unless --yes is given."})
final class ClearCommand extends Subcommand {
  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Override
  void execute() throws Exception {
    String vaultName = options().vaultPath(env()).toString();
    int cleared = withVault(false, (keys, vault) -> {
      int tokens = vault.stats().tokens();
      if (tokens > 0 && !yes) {
        confirm(tokens, vaultName);
      }
      vault.clear();
      return tokens;
    });
    out().println(cleared == 0 ? "vault " + vaultName + " holds no token; nothing to delete"
        : "deleted " + Plural.of(cleared, "token") + " from vault " + vaultName);
  }

  private void confirm(int tokens, String vaultName) throws CliFailure, IOException {
    env().err.print("Delete " + (tokens == 1 ? "the only token" : "all " + tokens + " tokens")
        + " of vault " + vaultName
        + "? This cannot be undone. Type yes to confirm: ");
    env().err.flush();
    String answer = env().in.readLine();
    if (answer == null || !answer.strip().equals("yes")) {
      throw new CliFailure("not confirmed; nothing was deleted",
          "type yes at the prompt, or pass --yes");
    }
  }
}
