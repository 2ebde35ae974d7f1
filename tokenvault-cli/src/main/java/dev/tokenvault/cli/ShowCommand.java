package dev.tokenvault.cli;

import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tokenvault show ID}: every field of one token, each secret one masked (see {@link
 * Mask}); {@code --reveal FIELD} shows that one field in clear.
 */
@Command(name = "show", description = {
    "Show every field of one token, each secret one masked.",
    "--reveal FIELD shows that one field in clear text."})
final class ShowCommand extends Subcommand {
  @Parameters(paramLabel = "ID", description = "The token's id, as 'list' shows it.")
  String id;

  @Option(names = "--reveal", paramLabel = "FIELD", converter = FieldConverter.class,
      completionCandidates = FieldConverter.Names.class,
      description = "Show this field in clear text: one of ${COMPLETION-CANDIDATES}.")
  @Nullable TokenField reveal;

  @Override
  void execute() throws Exception {
    withVault(true, (keys, vault) -> {
      Token token = vault.findById(id);
      Table table = new Table();
      for (TokenField field : TokenField.values()) {
        table.row(field.columnName(), describe(field, token.get(field)));
      }
      table.row("sealed under", "key " + vault.keyIdOf(id));
      table.print(out());
      return null;
    });
  }

  private String describe(TokenField field, @Nullable String value) {
    if (field == reveal && value != null) {
      return value;
    }
    if (field == TokenField.EXPIRY_TIME && value != null) {
      java.time.Instant expiry = Expiry.parse(value);
      return expiry == null ? value + " (not a time)" : value + " (" + Expiry.date(expiry,
          env().zone) + ", " + Expiry.left(expiry, env().clock.instant()) + ")";
    }
    return Mask.show(field, value);
  }
}
