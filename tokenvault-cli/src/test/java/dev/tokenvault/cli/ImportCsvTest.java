package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.Token;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing the SDK's CSV token file: both layouts, quoting, values kept byte for byte, the
 * upsert rules, and every malformed input rejected with one line that names the line and
 * column, exit code 1 and nothing changed on disk.
 */
final class ImportCsvTest {
  private static final String HEADER = "id,user_name,client_id,client_secret,refresh_token,"
      + "access_token,grant_token,expiry_time,redirect_url,api_domain";
  private static final String OLD_HEADER = "id,user_name,client_id,client_secret,refresh_token,"
      + "access_token,grant_token,expiry_time,redirect_url";
  private static final String NOTHING_IMPORTED =
      "; fix the file and run the import again; nothing was imported\n";

  @TempDir Path dir;

  @Test
  void import_oldNineColumnLayout_leavesApiDomainAbsent() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    Path source = write("old.txt", OLD_HEADER + "\n"
        + "5,dave@example.com:1,1000.DAVE,sec-dave,1000.rt-dave,,,1796301420000,"
        + "https://app.example.com/oauth\n");

    Cli.Run run = f.cli.run("import", source.toString());

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).startsWith("read 1 token from " + source
        + " (SDK token file, 9 columns, without api_domain)\n");
    assertThat(stored(f)).containsExactly(Token.builder().id("5")
        .userName("dave@example.com:1").clientId("1000.DAVE").clientSecret("sec-dave")
        .refreshToken("1000.rt-dave").expiryTime("1796301420000")
        .redirectUrl("https://app.example.com/oauth").build());
  }

  @Test
  void import_everyFieldQuoted_asOlderFilesAre() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    Path source = write("quoted.txt", quoteAll(HEADER) + "\n"
        + quoteAll("7,erin@example.com:2,1000.ERIN,sec-erin,1000.rt-erin,,,,,") + "\n");

    Cli.Run run = f.cli.run("import", source.toString());

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(stored(f)).containsExactly(Token.builder().id("7")
        .userName("erin@example.com:2").clientId("1000.ERIN").clientSecret("sec-erin")
        .refreshToken("1000.rt-erin").build());
  }

  @Test
  void import_keepsValuesByteForByte() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    String awkward = "back\\slash \"quoted\", comma\r\nline two é ✓ 🔑  ";
    Path source = write("awkward.txt", "\uFEFF" + HEADER + "\r\n"
        + "\r\n"
        + "42,\" spaced user \",cid,\"" + awkward.replace("\"", "\"\"") + "\",rt\\x,,,,,\r\n"
        + "   \r\n"
        + "43,u43,,,,at-43,,,,");

    Cli.Run run = f.cli.run("import", source.toString());

    assertThat(run.exitCode).as("%s", run).isZero();
    List<Token> tokens = stored(f);
    assertThat(tokens).extracting(Token::id).containsExactly("42", "43");
    assertThat(tokens.get(0).userName()).isEqualTo(" spaced user ");
    assertThat(tokens.get(0).clientSecret()).isEqualTo(awkward);
    assertThat(tokens.get(0).refreshToken()).isEqualTo("rt\\x");
    assertThat(tokens.get(1).accessToken()).isEqualTo("at-43");
  }

  @Test
  void import_twice_changesNothing() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Map<String, byte[]> before = f.snapshot();

    Cli.Run again = f.cli.run("import", f.sdkTokens.toString());

    assertThat(again.exitCode).as("%s", again).isZero();
    assertThat(again.out).contains("vault " + f.vault + ": 0 new, 0 updated, 3 unchanged\n");
    f.assertUnchanged(before);
  }

  @Test
  void import_appliesTheUpsertRules_andNeverClearsAField() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Path changed = write("changed.txt", HEADER + "\n"
        + "1,alice@example.com:7001,,,,1000.at-alice-NEW,,,,\n"
        + "9,zoe@example.com:7003,1000.ZOE,sec-zoe,1000.rt-zoe,,,,,\n");

    Cli.Run run = f.cli.run("import", changed.toString());

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).contains(": 1 new, 1 updated, 0 unchanged\n");
    Token alice = stored(f).get(0);
    assertThat(alice.accessToken()).isEqualTo("1000.at-alice-NEW");
    assertThat(alice.refreshToken()).as("kept: an empty field never clears")
        .isEqualTo("1000.rt-alice-5b4a39281706");
    assertThat(stored(f)).extracting(Token::id).containsExactly("1", "2", "3", "9");
  }

  @Test
  void import_unterminatedQuote_fails() throws Exception {
    assertRejected(HEADER + "\n1,alice,cid,\"secret,rt,,,,,\n",
        "line 2, column 13: a quoted field starts here and is never closed");
  }

  @Test
  void import_wrongColumnCount_fails() throws Exception {
    assertRejected(HEADER + "\n1,alice,cid,sec,rt,,,,,\n2,bob,cid,sec,rt,,,,\n",
        "line 3: 9 fields, but the header has 10");
  }

  @Test
  void import_nonNumericExpiry_fails() throws Exception {
    assertRejected(HEADER + "\n1,alice,cid,sec,rt,,,17963O1420000,,\n",
        "line 2, column 22: expiry_time is not a whole number of milliseconds");
  }

  @Test
  void import_invalidUtf8_fails() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes((HEADER + "\n1,al").getBytes(StandardCharsets.UTF_8));
    bytes.write(0xff);
    bytes.writeBytes("ce,cid,sec,rt,,,,,\n".getBytes(StandardCharsets.UTF_8));
    assertRejected(bytes.toByteArray(), "line 2, column 5: invalid UTF-8 at byte offset "
        + (HEADER.length() + 5) + " (the SDK writes its token file in UTF-8)");
  }

  @Test
  void import_emptyFile_fails() throws Exception {
    assertRejected("", "is empty (a token file starts with the header " + HEADER + ")");
  }

  @Test
  void import_onlyBlankLines_isEmptyToo() throws Exception {
    assertRejected("\n\r\n  \n", "is empty (a token file starts with the header " + HEADER
        + ")");
  }

  @Test
  void import_headerOnly_failsAsNothingToImport() throws Exception {
    assertRejected(HEADER + "\n\n", "holds the header and no token: nothing to import");
  }

  @Test
  void import_unknownHeader_fails() throws Exception {
    assertRejected(HEADER.replace("user_name", "username") + "\n1,a,c,s,r,,,,,\n",
        "line 1, column 4: not the header of an SDK token file (field 2 should be user_name,"
            + " the header " + HEADER + " or the same without api_domain)");
  }

  @Test
  void import_fileWithoutHeader_failsWithoutQuotingTheFirstRow() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    Path source = write("no-header.txt", Fixtures.SDK_TOKENS.substring(
        Fixtures.SDK_TOKENS.indexOf('\n') + 1));

    Cli.Run run = f.cli.run("import", source.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).startsWith("error: " + source + " line 1, column 1: not the header");
    assertThat(Fixtures.secretsIn(run.all())).isEmpty();
  }

  @Test
  void import_headerWithElevenFields_fails() throws Exception {
    assertRejected(HEADER + ",extra\n1,a,c,s,r,,,,,,x\n",
        "line 1: the header has 11 fields (expected " + HEADER
            + " or the same without api_domain)");
  }

  @Test
  void import_quoteInsideUnquotedField_fails() throws Exception {
    assertRejected(HEADER + "\n1,alice,ci\"d,sec,rt,,,,,\n",
        "line 2, column 11: a quote inside an unquoted field (a field holding a quote must be"
            + " quoted, its quotes doubled)");
  }

  @Test
  void import_textAfterAClosingQuote_fails() throws Exception {
    assertRejected(HEADER + "\n1,alice,\"cid\"x,sec,rt,,,,,\n",
        "line 2, column 14: text after the closing quote of a field (a quote inside a quoted"
            + " field must be doubled)");
  }

  @Test
  void import_rowWithoutAnyToken_fails() throws Exception {
    assertRejected(HEADER + "\n1,alice,cid,sec,,,,,,\n",
        "line 2: the token has no refresh, access or grant token, so there is nothing to"
            + " import");
  }

  @Test
  void import_missingSource_fails() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    Map<String, byte[]> before = f.snapshot();
    Path missing = dir.resolve("nowhere.txt");

    Cli.Run run = f.cli.run("import", missing.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).isEmpty();
    assertThat(run.err).isEqualTo("error: " + missing + " does not exist; nothing was"
        + " imported; name the SDK's token file (sdk_tokens.txt) or its SQLite database\n");
    f.assertUnchanged(before);
  }

  /** Imports {@code content} into a vault holding the fixtures' tokens, and expects failure. */
  private void assertRejected(String content, String expected) throws Exception {
    assertRejected(content.getBytes(StandardCharsets.UTF_8), expected);
  }

  private void assertRejected(byte[] content, String expected) throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Path source = dir.resolve("bad.txt");
    Files.write(source, content);
    Map<String, byte[]> before = f.snapshot();

    Cli.Run run = f.cli.run("import", source.toString());

    assertThat(run.exitCode).as("%s", run).isEqualTo(1);
    assertThat(run.out).isEmpty();
    assertThat(run.err).isEqualTo("error: " + source + " " + expected + NOTHING_IMPORTED);
    f.assertUnchanged(before);
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static String quoteAll(String row) {
    return "\"" + String.join("\",\"", row.split(",", -1)) + "\"";
  }

  /** Returns the vault's tokens, read through the library. */
  static List<Token> stored(Fixtures f) throws Exception {
    try (KeyRing ring = HappyPathTest.openRing(f);
        FileTokenStore store = FileTokenStore.builder(f.vault, ring).readOnly(true).open()) {
      return store.list();
    }
  }
}
