package dev.tokenvault.cli;

import dev.tokenvault.crypto.KeyInfo;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tokenvault rotate}: adds a key, which becomes active, re-seals every record under it
 * in batches while other processes keep using the vault, and with {@code --retire} removes the
 * keys no record uses.
 *
 * <p>Each step is atomic on disk: the key is added by an atomic replacement of the keystore,
 * each batch is appended and forced, the final compaction and each key removal replace their
 * file atomically. Interrupted at any moment (Ctrl-C, SIGKILL, power loss), the vault still
 * opens with the keys present, and running rotate again finishes the work: it adds one more key
 * and re-seals whatever is not under it.
 */
@Command(name = "rotate", description = {
    "Add a new key, make it active, and re-seal every record under it while other processes"
        + " keep using the vault; with --retire, then remove the keys no record uses.",
    "Safe to interrupt at any moment: run it again to finish."})
final class RotateCommand extends Subcommand {
  @Option(names = "--retire",
      description = "After re-sealing, remove from the keystore every key no record uses.")
  boolean retire;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
      description = "Records re-sealed per locked step; other processes write between steps."
          + " Default: ${DEFAULT-VALUE}.")
  int batchSize = 1000;

  @Mixin KeyIterations iterations = new KeyIterations();

  @Override
  void execute() throws Exception {
    if (batchSize < 1) {
      throw usage("--batch-size " + batchSize + " is not positive");
    }
    options().requireVault(env());
    try (KeyRing keys = options().openKeys(env(), iterations.get());
        FileTokenStore vault = options().openVault(env(), keys, false)) {
      KeyInfo added = keys.addKey();
      out().println("added key " + added.id() + " to keystore " + options().keystorePath(env())
          + "; it is now the active key");
      out().flush();
      long resealed;
      try (ResealProgress progress = ResealProgress.start(env(), batchSize)) {
        resealed = vault.reseal(batchSize, progress);
      }
      out().println("re-sealed " + Plural.of(resealed, "record") + " under key " + added.id());
      if (retire) {
        List<String> retired = vault.retireUnusedKeys();
        out().println(retired.isEmpty() ? "no key to retire"
            : "retired " + (retired.size() == 1 ? "key " : "keys ") + String.join(", ", retired)
                + ": no record uses " + (retired.size() == 1 ? "it" : "them"));
      } else {
        List<String> unused = unusedKeys(keys, vault);
        if (!unused.isEmpty()) {
          out().println("kept " + String.join(", ", unused) + ", which no record uses; 'rotate"
              + " --retire' removes such keys");
        }
      }
    }
  }

  private static List<String> unusedKeys(KeyRing keys, FileTokenStore vault) throws Exception {
    var records = vault.stats().recordsPerKey();
    List<String> unused = new ArrayList<>();
    for (KeyInfo key : keys.keys()) {
      if (!key.isActive() && !records.containsKey(key.id())) {
        unused.add(key.id());
      }
    }
    return unused;
  }
}
