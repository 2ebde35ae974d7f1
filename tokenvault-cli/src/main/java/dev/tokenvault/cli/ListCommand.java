package dev.tokenvault.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenvault list}: one line per token, oldest first: id, user name and client id partly
 * masked (see {@link Mask}), expiry as a date and as the time left, and the key that seals it.
 */
@Command(name = "list", description = {
    "List the tokens, oldest first: id, user name and client id partly masked, expiry as a"
        + " date and as the time left, and the key that seals each.",
    "User names are personal data and are masked like client ids; 'show ID --reveal"
        + " user_name' shows one."})
final class ListCommand extends Subcommand {
  @Option(names = "--json", description = "Print a JSON array instead, for scripts.")
  boolean json;

  /** One listed token: what may be shown of it. */
  private static final class Line {
    final Token token;
    final String keyId;

    Line(Token token, String keyId) {
      this.token = token;
      this.keyId = keyId;
    }
  }

  @Override
  void execute() throws Exception {
    List<Line> lines = withVault(true, ListCommand::read);
    Instant now = env().clock.instant();
    if (json) {
      printJson(lines, now);
    } else {
      printTable(lines, now);
    }
  }

  private static List<Line> read(KeyRing keys, FileTokenStore vault) throws VaultException {
    List<Line> lines = new ArrayList<>();
    for (Token token : vault.list()) {
      lines.add(new Line(token, vault.keyIdOf(token.id())));
    }
    return lines;
  }

  private void printTable(List<Line> lines, Instant now) {
    if (lines.isEmpty()) {
      out().println("no tokens in vault " + options().vaultPath(env()));
      return;
    }
    Table table = new Table().row("ID", "USER", "CLIENT ID", "EXPIRES", "KEY");
    for (Line line : lines) {
      Token token = line.token;
      table.row(token.id(), Mask.show(TokenField.USER_NAME, token.userName()),
          Mask.show(TokenField.CLIENT_ID, token.clientId()),
          Expiry.describe(token.expiryTime(), now, env().zone), line.keyId);
    }
    table.print(out());
  }

  private void printJson(List<Line> lines, Instant now) throws IOException {
    JsonFactory factory = JsonFactory.builder()
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    try (JsonGenerator json = factory.createGenerator(out())) {
      json.useDefaultPrettyPrinter();
      json.writeStartArray();
      for (Line line : lines) {
        writeToken(json, line, now);
      }
      json.writeEndArray();
    }
    out().println();
  }

  private static void writeToken(JsonGenerator json, Line line, Instant now) throws IOException {
    Token token = line.token;
    Instant expiry = Expiry.parse(token.expiryTime());
    json.writeStartObject();
    json.writeStringField("id", token.id());
    writeMasked(json, TokenField.USER_NAME, token.userName());
    writeMasked(json, TokenField.CLIENT_ID, token.clientId());
    if (expiry == null) {
      json.writeNullField("expires_at");
      json.writeNullField("expired");
    } else {
      json.writeStringField("expires_at", expiry.toString());
      json.writeBooleanField("expired", !expiry.isAfter(now));
    }
    json.writeStringField("key_id", line.keyId);
    json.writeEndObject();
  }

  private static void writeMasked(JsonGenerator json, TokenField field, String value)
      throws IOException {
    if (value == null) {
      json.writeNullField(field.columnName());
    } else {
      json.writeStringField(field.columnName(), Mask.show(field, value));
    }
  }
}
