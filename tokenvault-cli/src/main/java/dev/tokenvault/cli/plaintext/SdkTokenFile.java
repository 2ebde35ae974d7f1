package dev.tokenvault.cli.plaintext;

import static java.util.Objects.requireNonNull;

import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes the CSV token file of the Zoho SDKs' file store ({@code sdk_tokens.txt}).
 *
 * <p>The file is UTF-8. Its first row is a header naming the columns: {@link #COLUMNS} in the
 * current layout, or the same without {@code api_domain} in older files. Each further row is
 * one token. Fields are separated by commas; a field holding a comma, a quote or a line break is
 * quoted, with quotes inside doubled, and older files quote every field. Rows end with LF or
 * CRLF. An empty field is an absent value. Blank lines mean nothing and are skipped.
 *
 * <p>Values are kept exactly, byte for byte: a backslash stays a backslash (the SDK's own reader
 * drops them, which corrupts such values; tokenvault keeps what the file holds).
 *
 * <p>Reading is strict, so that a damaged or foreign file stops the import instead of being
 * half understood: a quote inside an unquoted field, text after a closing quote, a quote never
 * closed, a row whose field count differs from the header's, an {@code expiry_time} that is not
 * a whole number of milliseconds and invalid UTF-8 are each an error that names the line and the
 * column. A file with a header and no token is an error too: importing nothing from a token file
 * is more likely the wrong file than an intent. Error messages never quote a value.
 */
public final class SdkTokenFile {
  /** The header of the current layout: the ten fields of a token, in their order. */
  public static final List<String> COLUMNS = columnNames();

  private static final String HEADER = String.join(",", COLUMNS);

  private SdkTokenFile() {}

  /**
   * Reads every token of the token file {@code file}. The file is only read.
   *
   * @throws PlaintextFormatException if the file is not a valid token file
   * @throws IOException if the file cannot be read
   */
  public static PlaintextSource read(Path file) throws PlaintextFormatException, IOException {
    requireNonNull(file, "file");
    byte[] bytes = Files.readAllBytes(file);
    try {
      return parse(file.toString(), decode(file.toString(), bytes));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Returns the token file holding {@code tokens} in the current layout, as UTF-8 bytes: the
   * header, then one row per token, each ending with LF. The caller zeroes the array after use.
   */
  public static byte[] write(List<Token> tokens) {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Token token : tokens) {
      String separator = "";
      for (TokenField field : TokenField.values()) {
        text.append(separator);
        appendField(text, token.get(field));
        separator = ",";
      }
      text.append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    text.setLength(0);
    return bytes;
  }

  private static void appendField(StringBuilder text, @org.jspecify.annotations.Nullable
      String value) {
    if (value == null) {
      return;
    }
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    if (!quote) {
      text.append(value);
      return;
    }
    text.append('"').append(value.replace("\"", "\"\"")).append('"');
  }

  // ---------------------------------------------------------------------------------------
  // Decoding

  /** Decodes strict UTF-8, naming the line and column of the first invalid byte. */
  private static String decode(String name, byte[] bytes) throws PlaintextFormatException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int at = in.position();
      Arrays.fill(out.array(), '\0');
      throw invalidUtf8(name, bytes, at);
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    Arrays.fill(out.array(), '\0');
    return text;
  }

  private static PlaintextFormatException invalidUtf8(String name, byte[] bytes, int at) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    String before = new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8);
    int column = before.codePointCount(0, before.length()) + 1;
    return new PlaintextFormatException(name + " line " + line + ", column " + column
        + ": invalid UTF-8 at byte offset " + at + " (the SDK writes its token file in UTF-8)");
  }

  // ---------------------------------------------------------------------------------------
  // Parsing

  /** One field as read, with the column where it starts and whether it was quoted. */
  private static final class Field {
    final String value;
    final int column;
    final boolean quoted;

    Field(String value, int column, boolean quoted) {
      this.value = value;
      this.column = column;
      this.quoted = quoted;
    }
  }

  private static PlaintextSource parse(String name, String text)
      throws PlaintextFormatException {
    Parser parser = new Parser(name, text);
    List<Field> header = parser.nextRecord();
    if (header == null) {
      throw new PlaintextFormatException(name + " is empty (a token file starts with the"
          + " header " + HEADER + ")");
    }
    int columns = checkHeader(name, parser.recordLine, header);
    List<Token> tokens = new ArrayList<>();
    List<Field> record;
    while ((record = parser.nextRecord()) != null) {
      tokens.add(toToken(name, parser.recordLine, columns, record));
    }
    if (tokens.isEmpty()) {
      throw new PlaintextFormatException(name + " holds the header and no token: nothing to"
          + " import");
    }
    String layout = columns == COLUMNS.size() ? "10 columns" : "9 columns, without api_domain";
    return new PlaintextSource("SDK token file, " + layout, tokens);
  }

  /** Returns the number of columns of the layout the header names. */
  private static int checkHeader(String name, int line, List<Field> header)
      throws PlaintextFormatException {
    int count = header.size();
    int shared = Math.min(count, COLUMNS.size());
    for (int i = 0; i < shared; i++) {
      if (!header.get(i).value.equals(COLUMNS.get(i))) {
        // The first row of a file without a header holds a token: name the column only.
        throw new PlaintextFormatException(name + " line " + line + ", column "
            + header.get(i).column + ": not the header of an SDK token file (field " + (i + 1)
            + " should be " + COLUMNS.get(i) + ", the header " + HEADER
            + " or the same without api_domain)");
      }
    }
    if (count != COLUMNS.size() && count != COLUMNS.size() - 1) {
      throw new PlaintextFormatException(name + " line " + line + ": the header has " + count
          + " fields (expected " + HEADER + " or the same without api_domain)");
    }
    return count;
  }

  private static Token toToken(String name, int line, int columns, List<Field> record)
      throws PlaintextFormatException {
    if (record.size() != columns) {
      throw new PlaintextFormatException(name + " line " + line + ": " + record.size()
          + " fields, but the header has " + columns);
    }
    Token.Builder token = Token.builder();
    for (int i = 0; i < columns; i++) {
      TokenField field = TokenField.values()[i];
      Field read = record.get(i);
      if (field == TokenField.EXPIRY_TIME && !Rows.isValidExpiry(read.value)) {
        throw new PlaintextFormatException(name + " line " + line + ", column " + read.column
            + ": " + field.columnName() + " is not a whole number of milliseconds");
      }
      token.set(field, read.value);
    }
    Token built = token.build();
    String problem = Rows.problem(built);
    if (problem != null) {
      throw new PlaintextFormatException(name + " line " + line + ": " + problem);
    }
    return built;
  }

  /**
   * Splits the text into records of fields, tracking the line and column (in characters) of
   * each. A record ends at an unquoted LF or CRLF; a line break inside quotes belongs to the
   * value.
   */
  private static final class Parser {
    private final String name;
    private final String text;
    private int at;
    private int line = 1;
    private int column = 1;
    int recordLine;

    Parser(String name, String text) {
      this.name = name;
      this.text = text;
      this.at = text.startsWith("\uFEFF") ? 1 : 0;
    }

    /** Returns the next record that is not blank, or null at the end of the text. */
    List<Field> nextRecord() throws PlaintextFormatException {
      while (at < text.length()) {
        recordLine = line;
        List<Field> record = readRecord();
        if (!isBlank(record)) {
          return record;
        }
      }
      return null;
    }

    private static boolean isBlank(List<Field> record) {
      return record.size() == 1 && !record.get(0).quoted && record.get(0).value.isBlank();
    }

    private List<Field> readRecord() throws PlaintextFormatException {
      List<Field> fields = new ArrayList<>();
      while (true) {
        int start = column;
        Field field = peek() == '"' ? readQuoted(start) : readUnquoted(start);
        fields.add(field);
        if (at >= text.length()) {
          return fields;
        }
        char next = text.charAt(at);
        if (next == ',') {
          advance();
          continue;
        }
        skipLineBreak();
        return fields;
      }
    }

    private Field readUnquoted(int start) throws PlaintextFormatException {
      int from = at;
      while (at < text.length() && text.charAt(at) != ',' && !atLineBreak()) {
        if (text.charAt(at) == '"') {
          throw error(line, column, "a quote inside an unquoted field (a field holding a quote"
              + " must be quoted, its quotes doubled)");
        }
        advance();
      }
      return new Field(text.substring(from, at), start, false);
    }

    /** Reads a quoted field, its quotes undoubled. */
    private Field readQuoted(int start) throws PlaintextFormatException {
      int openLine = line;
      advance();
      StringBuilder value = new StringBuilder();
      while (true) {
        if (at >= text.length()) {
          throw error(openLine, start, "a quoted field starts here and is never closed");
        }
        char c = text.charAt(at);
        if (c == '"') {
          if (at + 1 < text.length() && text.charAt(at + 1) == '"') {
            value.append('"');
            advance();
            advance();
            continue;
          }
          advance();
          break;
        }
        value.append(c);
        advance();
      }
      if (at < text.length() && text.charAt(at) != ',' && !atLineBreak()) {
        throw error(line, column, "text after the closing quote of a field (a quote inside a"
            + " quoted field must be doubled)");
      }
      return new Field(value.toString(), start, true);
    }

    private char peek() {
      return at < text.length() ? text.charAt(at) : '\0';
    }

    private boolean atLineBreak() {
      char c = text.charAt(at);
      return c == '\n' || (c == '\r' && at + 1 < text.length() && text.charAt(at + 1) == '\n');
    }

    private void skipLineBreak() {
      if (text.charAt(at) == '\r') {
        advance();
      }
      advance();
    }

    /** Moves past one character, counting lines and columns (a surrogate pair is one). */
    private void advance() {
      char c = text.charAt(at++);
      if (c == '\n') {
        line++;
        column = 1;
      } else if (!Character.isLowSurrogate(c)) {
        column++;
      }
    }

    private PlaintextFormatException error(int errorLine, int errorColumn, String what) {
      return new PlaintextFormatException(name + " line " + errorLine + ", column "
          + errorColumn + ": " + what);
    }
  }

  private static List<String> columnNames() {
    List<String> names = new ArrayList<>();
    for (TokenField field : TokenField.values()) {
      names.add(field.columnName());
    }
    return List.copyOf(names);
  }
}
