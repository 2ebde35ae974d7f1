package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command on the happy path: exit code 0 and the exact output, secrets masked. */
final class HappyPathTest {
  @TempDir Path dir;

  @Test
  void init_createsKeystoreAndVault_ownerOnly() throws Exception {
    Fixtures f = Fixtures.empty(dir);

    Cli.Run run = f.cli.run("init", "--key-iterations", "1000");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).isEqualTo(
        "created keystore " + f.keystore + " (owner-only) with key tv-1\n"
            + "created vault " + f.vault + " (owner-only), sealed under key tv-1\n");
    assertThat(run.err).isEmpty();
    assertThat(Files.getPosixFilePermissions(f.vault))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(f.keystore))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void init_withAnExistingKeystore_usesIt() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    Files.delete(f.vault);

    Cli.Run run = f.cli.run("init");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo("using keystore " + f.keystore + ": 1 key, active tv-1\n"
        + "created vault " + f.vault + " (owner-only), sealed under key tv-1\n");
  }

  @Test
  void init_withAPrompt_asksTwice() throws Exception {
    Fixtures f = Fixtures.empty(dir);
    Cli cli = new Cli().with("--vault", f.vault.toString(), "--keystore", f.keystore.toString())
        .answerPrompt("typed-password-1").answerPrompt("typed-password-1");

    Cli.Run run = cli.run("init", "--key-iterations", "1000");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(cli.prompts()).containsExactly("Keystore password: ",
        "The same password again: ");
    Cli.Run list = cli.variable("TOKENVAULT_PASSWORD", "typed-password-1").run("list");
    assertThat(list.exitCode).as("%s", list).isZero();
  }

  @Test
  void import_csv_reportsCountsAndTheSourceToDestroy() throws Exception {
    Fixtures f = Fixtures.withVault(dir);

    Cli.Run run = f.cli.run("import", f.sdkTokens.toString());

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo(
        "read 3 tokens from " + f.sdkTokens + " (SDK token file, 10 columns)\n"
            + "vault " + f.vault + ": 3 new, 0 updated, 0 unchanged\n"
            + f.sdkTokens + " still holds every token in clear text: once the vault works for"
            + " you, destroy it, for example with: shred -u " + f.sdkTokens + "\n");
    assertThat(run.err).isEmpty();
    assertThat(Files.readString(f.sdkTokens)).isEqualTo(Fixtures.SDK_TOKENS);
  }

  @Test
  void list_showsOneMaskedLinePerToken() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);

    Cli.Run run = f.cli.run("list");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo(
        "ID  USER       CLIENT ID   EXPIRES                           KEY\n"
            + "1   al****001  10****ERTY  2026-12-03 12:37 UTC (in 37 min)  tv-1\n"
            + "2   bo****001  10****DFGH  2026-12-03 10:00 UTC (expired)    tv-1\n"
            + "3   ca****002  10****ZXCV  -                                 tv-1\n");
    assertThat(run.err).isEmpty();
  }

  @Test
  void list_json_isAnArrayOfMaskedTokens() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);

    Cli.Run run = f.cli.run("list", "--json");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo("[ {\n"
        + "  \"id\" : \"1\",\n"
        + "  \"user_name\" : \"al****001\",\n"
        + "  \"client_id\" : \"10****ERTY\",\n"
        + "  \"expires_at\" : \"2026-12-03T12:37:00Z\",\n"
        + "  \"expired\" : false,\n"
        + "  \"key_id\" : \"tv-1\"\n"
        + "}, {\n"
        + "  \"id\" : \"2\",\n"
        + "  \"user_name\" : \"bo****001\",\n"
        + "  \"client_id\" : \"10****DFGH\",\n"
        + "  \"expires_at\" : \"2026-12-03T10:00:00Z\",\n"
        + "  \"expired\" : true,\n"
        + "  \"key_id\" : \"tv-1\"\n"
        + "}, {\n"
        + "  \"id\" : \"3\",\n"
        + "  \"user_name\" : \"ca****002\",\n"
        + "  \"client_id\" : \"10****ZXCV\",\n"
        + "  \"expires_at\" : null,\n"
        + "  \"expired\" : null,\n"
        + "  \"key_id\" : \"tv-1\"\n"
        + "} ]\n");
  }

  @Test
  void list_emptyVault_saysSo() throws Exception {
    Fixtures f = Fixtures.withVault(dir);

    Cli.Run run = f.cli.run("list");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).isEqualTo("no tokens in vault " + f.vault + "\n");
  }

  @Test
  void show_masksEverySecretField() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);

    Cli.Run run = f.cli.run("show", "1");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo(
        "id             1\n"
            + "user_name      al****001\n"
            + "client_id      10****ERTY\n"
            + "client_secret  ******** (21 chars)\n"
            + "refresh_token  ******** (26 chars)\n"
            + "access_token   ******** (26 chars)\n"
            + "grant_token    -\n"
            + "expiry_time    1796301420000 (2026-12-03 12:37 UTC, in 37 min)\n"
            + "redirect_url   https://app.example.com/oauth\n"
            + "api_domain     https://www.zohoapis.com\n"
            + "sealed under   key tv-1\n");
  }

  @Test
  void show_reveal_showsThatFieldOnly() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);

    Cli.Run run = f.cli.run("show", "2", "--reveal", "client_secret");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).contains("client_secret  s3cr3t,bob\"quoted\n")
        .contains("refresh_token  ******** (24 chars)\n");
    assertThat(Fixtures.secretsIn(run.all())).containsExactly("s3cr3t,bob\"quoted");
  }

  @Test
  void delete_removesOneToken() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);

    Cli.Run run = f.cli.run("delete", "2");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo("deleted token 2 from vault " + f.vault + "\n");
    assertThat(f.cli.run("list").out).contains("\n1 ").contains("\n3 ").doesNotContain("\n2 ");
  }

  @Test
  void clear_afterTypingYes_deletesEveryToken() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);

    Cli.Run run = f.cli.input("yes\n").run("clear");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.err).isEqualTo("Delete all 3 tokens of vault " + f.vault
        + "? This cannot be undone. Type yes to confirm: ");
    assertThat(run.out).isEqualTo("deleted 3 tokens from vault " + f.vault + "\n");
    assertThat(f.cli.run("list").out).isEqualTo("no tokens in vault " + f.vault + "\n");
  }

  @Test
  void clear_withYes_doesNotAsk() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);

    Cli.Run run = f.cli.run("clear", "--yes");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.err).isEmpty();
    assertThat(run.out).isEqualTo("deleted 3 tokens from vault " + f.vault + "\n");
  }

  @Test
  void verify_reportsCountsPerKey() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    String created = Expiry.date(keyCreated(f, "tv-1"), Cli.ZONE);

    Cli.Run run = f.cli.run("verify");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo(
        "vault " + f.vault + ": 3 tokens, 3 records checked\n"
            + "keystore " + f.keystore + ": 1 key\n"
            + "KEY   CREATED               RECORDS  STATE\n"
            + "tv-1  " + created + "  3        active\n"
            + "ok: every record opens under the keystore's keys\n");
  }

  @Test
  void rotate_reSealsEveryRecordUnderANewKey_andRetiresTheOld() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);

    Cli.Run run = f.cli.run("rotate", "--retire", "--key-iterations", "1000");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo(
        "added key tv-2 to keystore " + f.keystore + "; it is now the active key\n"
            + "re-sealed 3 records under key tv-2\n"
            + "retired key tv-1: no record uses it\n");
    assertThat(f.cli.run("list").out).contains("tv-2").doesNotContain("tv-1");
  }

  @Test
  void rotate_withoutRetire_keepsTheOldKey() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);

    Cli.Run run = f.cli.run("rotate", "--key-iterations", "1000");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo(
        "added key tv-2 to keystore " + f.keystore + "; it is now the active key\n"
            + "re-sealed 3 records under key tv-2\n"
            + "kept tv-1, which no record uses; 'rotate --retire' removes such keys\n");
  }

  @Test
  void keys_listsEachKeyWithItsRecords() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    f.expectOk("rotate", "--key-iterations", "1000");
    f.expectOk("delete", "3");

    Cli.Run run = f.cli.run("keys");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo(
        "KEY   CREATED               RECORDS  STATE\n"
            + "tv-1  " + Expiry.date(keyCreated(f, "tv-1"), Cli.ZONE)
            + "  0        unused\n"
            + "tv-2  " + Expiry.date(keyCreated(f, "tv-2"), Cli.ZONE)
            + "  2        active\n");
  }

  @Test
  void stats_showsFiguresAboutTheVault() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    f.expectOk("delete", "3");
    dev.tokenvault.file.VaultStats stats = libraryStats(f);

    Cli.Run run = f.cli.run("stats");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo(
        "vault         " + f.vault + "\n"
            + "vault id      " + stats.vaultId() + "\n"
            + "tokens        2\n"
            + "dead records  2 (" + stats.deadBytes() + " bytes)\n"
            + "file size     " + Files.size(f.vault) + " bytes (live records: "
            + stats.liveBytes() + " bytes)\n"
            + "keys          tv-1: 2 records\n"
            + "header key    tv-1\n");
  }

  @Test
  void compact_dropsDeadRecords() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    f.expectOk("delete", "3");
    long before = Files.size(f.vault);

    Cli.Run run = f.cli.run("compact");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo("compacted vault " + f.vault + ": removed 2 dead records; "
        + before + " bytes before, " + Files.size(f.vault) + " after\n");
    assertThat(Files.size(f.vault)).isLessThan(before);
  }

  @Test
  void export_writesTheSdkLayout_ownerOnly() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Path target = dir.resolve("rollback.txt");

    Cli.Run run = f.cli.run("export", target.toString(), "--i-understand-this-writes-plaintext");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(run.out).isEqualTo("wrote 3 tokens to " + target
        + " in clear text, owner-only (0600)\n"
        + "the SDK reads " + target + " as its token file; destroy it once it is no longer"
        + " needed, for example with: shred -u " + target + "\n");
    assertThat(Files.readString(target)).isEqualTo(Fixtures.SDK_TOKENS);
    assertThat(Files.getPosixFilePermissions(target))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void export_overwrite_replacesTheFile() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Path target = Files.writeString(dir.resolve("rollback.txt"), "old");

    Cli.Run run = f.cli.run("export", target.toString(), "--i-understand-this-writes-plaintext",
        "--overwrite");

    assertThat(run.exitCode).as("%s", run).isZero();
    assertThat(Files.readString(target)).isEqualTo(Fixtures.SDK_TOKENS);
    assertThat(Files.getPosixFilePermissions(target))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void helpAndVersion_exitZero() {
    Cli cli = new Cli();

    Cli.Run help = cli.run("--help");
    Cli.Run version = cli.run("--version");
    Cli.Run commandHelp = cli.run("rotate", "--help");

    assertThat(help.exitCode).isZero();
    assertThat(help.out).startsWith("Usage: tokenvault ").contains("Exit codes:")
        .contains("  2   usage error");
    assertThat(version.exitCode).isZero();
    assertThat(version.out).matches("tokenvault \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    assertThat(commandHelp.exitCode).isZero();
    assertThat(commandHelp.out).startsWith("Usage: tokenvault rotate ").contains("--retire");
  }

  @Test
  void globalOptions_workBeforeAndAfterTheCommand() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Cli bare = new Cli();

    Cli.Run before = bare.run("--vault", f.vault.toString(), "--keystore",
        f.keystore.toString(), "--password-file", f.passwordFile.toString(), "list");
    Cli.Run after = bare.run("list", "--vault", f.vault.toString(), "--keystore",
        f.keystore.toString(), "--password-file", f.passwordFile.toString());

    assertThat(before.exitCode).as("%s", before).isZero();
    assertThat(after.out).isEqualTo(before.out);
  }

  @Test
  void passwordAndPaths_fromTheEnvironment() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Cli cli = new Cli().variable("TOKENVAULT_VAULT", f.vault.toString())
        .variable("TOKENVAULT_KEYSTORE", f.keystore.toString())
        .variable("MY_PASSWORD", Fixtures.PASSWORD);

    Cli.Run named = cli.run("list", "--password-env", "MY_PASSWORD");
    Cli.Run byDefault = cli.variable("TOKENVAULT_PASSWORD", Fixtures.PASSWORD).run("list");

    assertThat(named.exitCode).as("%s", named).isZero();
    assertThat(named.out).startsWith("ID  USER");
    assertThat(byDefault.out).isEqualTo(named.out);
  }

  private static java.time.Instant keyCreated(Fixtures f, String keyId) throws Exception {
    try (dev.tokenvault.crypto.KeyRing ring = openRing(f)) {
      return ring.keys().stream().filter(k -> k.id().equals(keyId)).findFirst().orElseThrow()
          .created();
    }
  }

  private static dev.tokenvault.file.VaultStats libraryStats(Fixtures f) throws Exception {
    try (dev.tokenvault.crypto.KeyRing ring = openRing(f);
        dev.tokenvault.file.FileTokenStore store = dev.tokenvault.file.FileTokenStore
            .builder(f.vault, ring).readOnly(true).open()) {
      return store.stats();
    }
  }

  static dev.tokenvault.crypto.KeyRing openRing(Fixtures f) throws Exception {
    return dev.tokenvault.crypto.KeyRing.builder(f.keystore)
        .password(dev.tokenvault.crypto.Passwords.of(Fixtures.PASSWORD.toCharArray())).open();
  }
}
