package dev.tokenvault.cli;

import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tokenvault init}: a keystore with a first key (or an existing one), an empty vault. */
@Command(name = "init", description = {
    "Create an empty vault, owner-only, with a keystore: a new one holding a first key, or the"
        + " existing one at --keystore.",
    "The vault must not exist yet."})
final class InitCommand extends Subcommand {
  @Mixin KeyIterations iterations = new KeyIterations();

  @Override
  void execute() throws Exception {
    Path vault = options().vaultPath(env());
    Path keystore = options().keystorePath(env());
    if (Files.exists(vault)) {
      throw new CliFailure("vault " + vault + " already exists; nothing was changed",
          "use it as it is, or name another with --vault");
    }
    boolean existing = Files.exists(keystore);
    try (KeyRing keys = existing ? options().openKeys(env()) : create(keystore)) {
      if (existing) {
        out().println("using keystore " + keystore + ": " + Plural.of(keys.keys().size(), "key")
            + ", active " + keys.activeKeyId());
      } else {
        out().println("created keystore " + keystore + " (owner-only) with key "
            + keys.activeKeyId());
      }
      try (FileTokenStore created = FileTokenStore.builder(vault, keys)
          .lockTimeout(options().lockTimeout).create()) {
        out().println("created vault " + vault + " (owner-only), sealed under key "
            + keys.activeKeyId());
      }
    }
  }

  private KeyRing create(Path keystore) throws VaultException {
    return KeyRing.builder(keystore).password(options().passwords(env(), true))
        .iterations(iterations.get()).create();
  }
}
