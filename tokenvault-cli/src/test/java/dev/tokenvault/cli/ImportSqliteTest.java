package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import dev.tokenvault.cli.plaintext.SdkTokenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing the {@code oauthtoken} table of an SQLite database, as the SQLite token store of the
 * Zoho SDKs' documentation creates it; and the databases that are not that.
 */
final class ImportSqliteTest {
  /** The table of the SDK documentation's SQLite store (DESIGN.md, the plaintext stores). */
  private static final String CREATE_TABLE = "CREATE TABLE oauthtoken (id varchar(10) NOT NULL,"
      + " user_name varchar(255), client_id varchar(255), client_secret varchar(255),"
      + " refresh_token varchar(255), access_token varchar(255), grant_token varchar(255),"
      + " expiry_time varchar(20), redirect_url varchar(255), api_domain varchar(255),"
      + " primary key (id))";
  private static final String NOTHING_IMPORTED =
      "; fix the file and run the import again; nothing was imported\n";

  @TempDir Path dir;
  @TempDir Path sources;

  @Test
  void import_sqlite_readsTheSameTokensAsTheCsvFile() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    List<Token> expected = SdkTokenFile.read(f.sdkTokens).tokens();
    Path db = database("zohooauth.db", CREATE_TABLE, expected);
    byte[] dbBytes = Files.readAllBytes(db);

    Cli.Run run = f.cli.run("import", db.toString());

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo("read 3 tokens from " + db + " (SQLite table oauthtoken)\n"
        + "vault " + f.vault + ": 3 new, 0 updated, 0 unchanged\n"
        + db + " still holds every token in clear text: once the vault works for you, destroy"
        + " it, for example with: shred -u " + db + "\n");
    assertThat(ImportCsvTest.stored(f)).containsExactlyElementsOf(expected);
    assertThat(Files.readAllBytes(db)).as("the source is only read").isEqualTo(dbBytes);
    try (Stream<Path> files = Files.list(sources)) {
      assertThat(files).as("no journal or WAL file beside it").containsExactly(db);
    }
  }

  @Test
  void import_sqliteWithoutApiDomain_readsTheOlderTable() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    Path db = database("old.db", CREATE_TABLE.replace(", api_domain varchar(255)", ""),
        List.of(Token.builder().id("4").userName("u").refreshToken("rt-4").build()));

    Cli.Run run = f.cli.run("import", db.toString());

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).startsWith("read 1 token from " + db
        + " (SQLite table oauthtoken, without api_domain)\n");
  }

  @Test
  void import_sqliteWithoutTheTable_fails() throws Exception {
    Path db = database("other.db", "CREATE TABLE users (id integer, name text)", List.of());
    assertRejected(db, db + " has no table oauthtoken (its tables: users), so it is not the"
        + " database of the SDK's SQLite token store");
  }

  @Test
  void import_sqliteWithoutAColumn_fails() throws Exception {
    Path db = database("partial.db", CREATE_TABLE.replace("grant_token", "grant_code"),
        List.of());
    assertRejected(db, db + ": table oauthtoken has no column grant_token (expected the"
        + " columns " + String.join(", ", SdkTokenFile.COLUMNS) + ")");
  }

  @Test
  void import_sqliteWithAnEmptyTable_fails() throws Exception {
    Path db = database("empty.db", CREATE_TABLE, List.of());
    assertRejected(db, db + ": table oauthtoken holds no token: nothing to import");
  }

  @Test
  void import_sqliteRowWithBadExpiry_namesTheRow() throws Exception {
    Path db = database("bad.db", CREATE_TABLE, List.of(
        Token.builder().id("1").userName("a").refreshToken("rt-1").build(),
        Token.builder().id("2").userName("b").refreshToken("rt-2").expiryTime("soon").build()));
    assertRejected(db, db + ": table oauthtoken, row 2 (rowid 2): expiry_time is not a whole"
        + " number of milliseconds");
  }

  @Test
  void import_notADatabase_asSqlite_fails() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Map<String, byte[]> before = f.snapshot();

    Cli.Run run = f.cli.run("import", "--format", "sqlite", f.sdkTokens.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).startsWith("error: " + f.sdkTokens + " cannot be read as an SQLite"
        + " database (").endsWith(NOTHING_IMPORTED);
    assertThat(run.err.lines()).hasSize(1);
    f.assertUnchanged(before);
  }

  private void assertRejected(Path db, String expected) throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Map<String, byte[]> before = f.snapshot();
    byte[] dbBytes = Files.readAllBytes(db);

    Cli.Run run = f.cli.run("import", db.toString());

    assertThat(run.exitCode).as("%s", run).isEqualTo(1);
    assertThat(run.out).isEmpty();
    assertThat(run.err).isEqualTo("error: " + expected + NOTHING_IMPORTED);
    f.assertUnchanged(before);
    assertThat(Files.readAllBytes(db)).isEqualTo(dbBytes);
  }

  /** Creates a database with one table and inserts {@code tokens} into its token columns. */
  private Path database(String name, String createTable, List<Token> tokens) throws Exception {
    Path db = sources.resolve(name);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement statement = connection.createStatement()) {
      statement.execute(createTable);
      if (!tokens.isEmpty()) {
        boolean withApiDomain = createTable.contains("api_domain");
        int columns = withApiDomain ? 10 : 9;
        String insert = "INSERT INTO oauthtoken VALUES (" + "?, ".repeat(columns - 1) + "?)";
        try (PreparedStatement row = connection.prepareStatement(insert)) {
          for (Token token : tokens) {
            for (int i = 0; i < columns; i++) {
              row.setString(i + 1, token.get(TokenField.values()[i]));
            }
            row.executeUpdate();
          }
        }
      }
    }
    return db;
  }
}
