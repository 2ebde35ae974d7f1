package dev.tokenvault.cli;

import dev.tokenvault.Token;
import dev.tokenvault.cli.plaintext.PlaintextFormatException;
import dev.tokenvault.cli.plaintext.PlaintextSource;
import dev.tokenvault.cli.plaintext.SdkTokenFile;
import dev.tokenvault.cli.plaintext.SqliteTokenTable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tokenvault import SOURCE}: migrates plaintext tokens into the vault, all or nothing,
 * keeping the source's ids and applying the upsert rules of a save, so that importing the same
 * source again changes nothing. The source is only read.
 */
@Command(name = "import", description = {
    "Migrate plaintext tokens into the vault: from the Zoho SDKs' CSV token file"
        + " (sdk_tokens.txt, 10 columns or the older 9) or from an SQLite database holding the"
        + " SDK's oauthtoken table (zohooauth.db).",
    "All or nothing; keeps the source's ids; a token already in the vault is updated by the"
        + " rules of a save, so importing twice changes nothing. The source is never changed:"
        + " destroy it yourself afterwards."})
final class ImportCommand extends Subcommand {
  /** How to read the source; lower case, since picocli shows and matches the names as typed. */
  enum Format { auto, csv, sqlite }

  @Parameters(paramLabel = "SOURCE", description = "The token file or SQLite database.")
  Path source;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
      description = "csv, sqlite, or auto: SQLite if the file starts like an SQLite database,"
          + " else CSV. Default: ${DEFAULT-VALUE}.")
  Format format = Format.auto;

  @Override
  void execute() throws Exception {
    PlaintextSource read = readSource();
    Counts counts = withVault(false, (keys, vault) -> {
      Map<String, Token> before = byId(vault.list());
      List<Token> stored = vault.saveAll(read.tokens());
      return Counts.of(before, stored);
    });
    out().println("read " + Plural.of(read.tokens().size(), "token") + " from " + source + " ("
        + read.description() + ")");
    out().println("vault " + options().vaultPath(env()) + ": " + counts.added + " new, "
        + counts.updated + " updated, " + counts.unchanged + " unchanged");
    out().println(source + " still holds every token in clear text: once the vault works for"
        + " you, destroy it, for example with: shred -u " + source);
  }

  private PlaintextSource readSource() throws CliFailure, PlaintextFormatException {
    try {
      boolean sqlite = format == Format.sqlite
          || (format == Format.auto && SqliteTokenTable.looksLikeSqlite(source));
      return sqlite ? SqliteTokenTable.read(source) : SdkTokenFile.read(source);
    } catch (NoSuchFileException e) {
      throw new CliFailure(source + " does not exist; nothing was imported",
          "name the SDK's token file (sdk_tokens.txt) or its SQLite database", e);
    } catch (IOException e) {
      throw new CliFailure("cannot read " + source + " (" + e.getClass().getSimpleName() + ")",
          "check the path and its permissions; nothing was imported", e);
    }
  }

  private static Map<String, Token> byId(List<Token> tokens) {
    Map<String, Token> byId = new HashMap<>();
    for (Token token : tokens) {
      byId.put(token.id(), token);
    }
    return byId;
  }

  /** How the import changed the vault, counted per token id. */
  private static final class Counts {
    int added;
    int updated;
    int unchanged;

    static Counts of(Map<String, Token> before, List<Token> stored) {
      Map<String, Token> after = new LinkedHashMap<>();
      for (Token token : stored) {
        after.put(token.id(), token);
      }
      Counts counts = new Counts();
      for (Map.Entry<String, Token> entry : after.entrySet()) {
        Token old = before.get(entry.getKey());
        if (old == null) {
          counts.added++;
        } else if (old.equals(entry.getValue())) {
          counts.unchanged++;
        } else {
          counts.updated++;
        }
      }
      return counts;
    }
  }
}
