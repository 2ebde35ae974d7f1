package dev.tokenvault.cli.plaintext;

import static java.util.Objects.requireNonNull;

import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Reads the {@code oauthtoken} table of an SQLite database, as the SQLite token store of the
 * Zoho SDKs' documentation creates it ({@code zohooauth.db}): the ten token fields as text
 * columns named like the CSV header. Older tables without {@code api_domain} are read too;
 * other columns are ignored. Rows are read in rowid order; NULL and empty values are absent.
 *
 * <p>The database is opened read-only: the file is never written, and no journal is created. A
 * row is checked as a CSV row is ({@code expiry_time} a whole number of milliseconds, at least
 * one credential); an error names the row, never a value.
 */
public final class SqliteTokenTable {
  /** The table name the SDK's examples use. */
  public static final String TABLE = "oauthtoken";

  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private SqliteTokenTable() {}

  /**
   * Returns whether {@code file} starts like an SQLite database.
   *
   * @throws IOException if the file cannot be read
   */
  public static boolean looksLikeSqlite(Path file) throws IOException {
    byte[] start = new byte[MAGIC.length];
    try (InputStream in = Files.newInputStream(file)) {
      int read = in.readNBytes(start, 0, start.length);
      return read == MAGIC.length && Arrays.equals(start, MAGIC);
    }
  }

  /**
   * Reads every token of the {@code oauthtoken} table of the database {@code file}.
   *
   * @throws PlaintextFormatException if the file is not an SQLite database, has no such table
   *     or columns, holds no token, or holds an invalid row
   * @throws IOException if the file does not exist
   */
  public static PlaintextSource read(Path file) throws PlaintextFormatException, IOException {
    requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    String name = file.toString();
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection connection = DriverManager.getConnection(
        "jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties())) {
      String table = findTable(connection, name);
      Map<TokenField, String> columns = findColumns(connection, name, table);
      List<Token> tokens = readRows(connection, name, table, columns);
      String layout = columns.containsKey(TokenField.API_DOMAIN) ? "" : ", without api_domain";
      return new PlaintextSource("SQLite table " + table + layout, tokens);
    } catch (SQLException e) {
      throw new PlaintextFormatException(name + " cannot be read as an SQLite database ("
          + e.getMessage() + ")", e);
    }
  }

  private static String findTable(Connection connection, String name)
      throws SQLException, PlaintextFormatException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    for (String table : tables) {
      if (table.equalsIgnoreCase(TABLE)) {
        return table;
      }
    }
    throw new PlaintextFormatException(name + " has no table " + TABLE
        + (tables.isEmpty() ? " (it has no table at all)" : " (its tables: "
            + String.join(", ", tables.subList(0, Math.min(tables.size(), 8)))
            + (tables.size() > 8 ? ", ..." : "") + ")")
        + ", so it is not the database of the SDK's SQLite token store");
  }

  /** Returns the actual name of each token column the table has, in field order. */
  private static Map<TokenField, String> findColumns(Connection connection, String name,
      String table) throws SQLException, PlaintextFormatException {
    Map<String, String> byLowerName = new LinkedHashMap<>();
    try (PreparedStatement query = connection.prepareStatement(
            "SELECT name FROM pragma_table_info(?)")) {
      query.setString(1, table);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String column = rows.getString(1);
          byLowerName.put(column.toLowerCase(Locale.ROOT), column);
        }
      }
    }
    Map<TokenField, String> columns = new LinkedHashMap<>();
    for (TokenField field : TokenField.values()) {
      String column = byLowerName.get(field.columnName());
      if (column != null) {
        columns.put(field, column);
      } else if (field != TokenField.API_DOMAIN) {
        throw new PlaintextFormatException(name + ": table " + table + " has no column "
            + field.columnName() + " (expected the columns "
            + String.join(", ", SdkTokenFile.COLUMNS) + ")");
      }
    }
    return columns;
  }

  private static List<Token> readRows(Connection connection, String name, String table,
      Map<TokenField, String> columns) throws SQLException, PlaintextFormatException {
    StringBuilder select = new StringBuilder("SELECT rowid");
    for (String column : columns.values()) {
      select.append(", ").append(quote(column));
    }
    select.append(" FROM ").append(quote(table)).append(" ORDER BY rowid");
    List<Token> tokens = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(select.toString());
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        tokens.add(toToken(name, table, tokens.size() + 1, rows, columns));
      }
    }
    if (tokens.isEmpty()) {
      throw new PlaintextFormatException(name + ": table " + table + " holds no token: nothing"
          + " to import");
    }
    return tokens;
  }

  private static Token toToken(String name, String table, int number, ResultSet row,
      Map<TokenField, String> columns) throws SQLException, PlaintextFormatException {
    Token.Builder token = Token.builder();
    int index = 2;
    for (TokenField field : columns.keySet()) {
      token.set(field, row.getString(index++));
    }
    Token built = token.build();
    String problem = Rows.problem(built);
    if (problem != null) {
      throw new PlaintextFormatException(name + ": table " + table + ", row " + number
          + " (rowid " + row.getLong(1) + "): " + problem);
    }
    return built;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
