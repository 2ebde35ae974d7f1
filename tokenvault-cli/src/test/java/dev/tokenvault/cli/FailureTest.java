package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tokenvault.fs.LockHolderProcess;
import java.io.BufferedReader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and broken environments: each prints one line that says what went wrong and what
 * to do, exits with 1 (2 for a usage error), and changes nothing on disk.
 */
final class FailureTest {
  /** Where the first frame starts: the header is 89 bytes plus the key id ("tv-1"). */
  private static final int FIRST_FRAME = 89 + 4;

  @TempDir Path dir;
  @TempDir Path logs;

  @Test
  void wrongPassword_failsWithOneLine_forEveryCommand() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Path wrong = Fixtures.writeOwnerOnly(dir.resolve("wrong.txt"), "not-the-password\n");
    Cli cli = new Cli().with("--vault", f.vault.toString(), "--keystore", f.keystore.toString(),
        "--password-file", wrong.toString());
    Map<String, byte[]> before = f.snapshot();

    for (String[] command : new String[][] {{"list"}, {"show", "1"}, {"delete", "1"},
        {"import", f.sdkTokens.toString()}, {"rotate", "--key-iterations", "1000"},
        {"verify"}, {"clear", "--yes"}, {"compact"}, {"keys"}, {"stats"}}) {
      Cli.Run run = cli.run(command);

      assertThat(run.exitCode).as("%s: %s", command[0], run).isEqualTo(1);
      assertThat(run.out).isEmpty();
      assertThat(run.err).isEqualTo("error: keystore " + f.keystore + ": wrong password, or the"
          + " keystore was altered (its integrity check failed); check the password (from the"
          + " password file " + wrong + ")\n");
    }
    f.assertUnchanged(before);
  }

  @Test
  void missingKeystore_saysHowToCreateOne() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Path missing = dir.resolve("missing.p12");
    Map<String, byte[]> before = f.snapshot();

    Cli.Run run = f.cli.run("--keystore", missing.toString(), "list");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).isEqualTo("error: keystore " + missing + " does not exist; create one"
        + " with 'tokenvault init' or 'keytool -genseckey -keyalg AES -keysize 256 -storetype"
        + " PKCS12'\n");
    f.assertUnchanged(before);
  }

  @Test
  void missingKeystore_isReportedBeforeAnyPrompt() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Cli cli = new Cli().with("--vault", f.vault.toString(), "--keystore",
        dir.resolve("missing.p12").toString()).answerPrompt(Fixtures.PASSWORD);

    Cli.Run run = cli.run("list");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).startsWith("error: keystore " + dir.resolve("missing.p12")
        + " does not exist");
    assertThat(cli.prompts()).isEmpty();
  }

  @Test
  void wrongPassword_typedAtThePrompt_saysSo() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Cli cli = new Cli().with("--vault", f.vault.toString(), "--keystore", f.keystore.toString())
        .answerPrompt("not-the-password");

    Cli.Run run = cli.run("list");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).endsWith("; check the password (from the prompt)\n");
    assertThat(cli.prompts()).containsExactly("Keystore password: ");
  }

  @Test
  void unreadableKeystore_failsWithOneLine_andVerboseAddsTheCause() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Path directory = Files.createDirectory(dir.resolve("a-directory.p12"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Map<String, byte[]> before = f.snapshot();

    Cli.Run run = f.cli.run("--keystore", directory.toString(), "list");
    Cli.Run verbose = f.cli.run("--keystore", directory.toString(), "list", "--verbose");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).isEqualTo("error: cannot read keystore " + directory + "; check"
        + " --keystore and the password source (--password-file, --password-env)\n");
    assertThat(verbose.exitCode).isEqualTo(1);
    assertThat(verbose.err).isEqualTo(run.err
        + "  caused by: java.io.IOException: Is a directory\n");
    f.assertUnchanged(before);
  }

  @Test
  void keystoreWithoutReadPermission_failsWithOneLine() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
    Fixtures f = Fixtures.withTokens(dir);
    Files.setPosixFilePermissions(f.keystore, PosixFilePermissions.fromString("---------"));

    Cli.Run run = f.cli.run("list");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).isEqualTo("error: keystore " + f.keystore + " is not readable by this"
        + " user; check --keystore and the password source (--password-file,"
        + " --password-env)\n");
  }

  @Test
  void missingVault_saysHowToCreateIt_beforeAskingForAPassword() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    Path missing = dir.resolve("missing.vault");
    Cli cli = new Cli().with("--vault", missing.toString(), "--keystore", f.keystore.toString());

    Cli.Run run = cli.run("list");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).isEqualTo("error: vault " + missing + " does not exist; create it with"
        + " 'tokenvault init', or name it with --vault\n");
    assertThat(cli.prompts()).isEmpty();
    assertThat(missing).doesNotExist();
  }

  @Test
  void unreadableVault_failsWithOneLine() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    Path directory = Files.createDirectory(dir.resolve("a-directory.vault"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    Cli.Run run = f.cli.run("--vault", directory.toString(), "list");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).isEmpty();
    assertThat(run.err).startsWith("error: cannot read vault " + directory + ": IOException")
        .endsWith("; check the path, its permissions and the free space\n");
    assertThat(run.err.lines()).hasSize(1);
  }

  @Test
  void damagedVault_failsClosed_forEveryCommand() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    flipByte(f.vault, FIRST_FRAME + 20);
    Map<String, byte[]> before = f.snapshot();

    for (String[] command : new String[][] {{"list"}, {"verify"}, {"delete", "2"},
        {"import", f.sdkTokens.toString()}, {"rotate", "--key-iterations", "1000"},
        {"compact"}}) {
      Cli.Run run = f.cli.run(command);

      assertThat(run.exitCode).as("%s: %s", command[0], run).isEqualTo(1);
      assertThat(run.err).startsWith("error: vault " + f.vault + ": ")
          .contains("offset " + FIRST_FRAME)
          .endsWith("; 'tokenvault verify' reports every damaged record; restore the vault from"
              + " a backup\n");
      assertThat(run.err.lines()).hasSize(1);
    }
    assertThat(Fixtures.secretsIn(f.cli.run("list").all())).isEmpty();
    f.assertUnchanged(before);
  }

  @Test
  void alteredRecord_isReportedByVerify_withItsOffset() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    int bodySize = ByteBuffer.wrap(Files.readAllBytes(f.vault)).getInt(FIRST_FRAME + 4);
    int frameEnd = FIRST_FRAME + 12 + bodySize;
    flipByte(f.vault, frameEnd - 1);
    fixFrameChecksum(f.vault, FIRST_FRAME, frameEnd);
    Map<String, byte[]> before = f.snapshot();

    Cli.Run verify = f.cli.run("verify");
    Cli.Run list = f.cli.run("list");
    Cli.Run show = f.cli.run("show", "2");

    assertThat(verify.exitCode).as("%s", verify).isEqualTo(1);
    assertThat(verify.out).contains("problem: vault " + f.vault + ": put record '1' (#1, key"
        + " tv-1) at offset " + FIRST_FRAME + ": tag mismatch (sealed with key tv-1)");
    assertThat(verify.err).isEqualTo("error: verify found 1 problem in vault " + f.vault
        + "; see the lines above; restore damaged records from a backup\n");
    assertThat(list.exitCode).isEqualTo(1);
    assertThat(list.err).contains("tag mismatch").contains("offset " + FIRST_FRAME);
    assertThat(show.exitCode).as("another record still opens").isZero();
    f.assertUnchanged(before);
  }

  @Test
  void unknownId_failsWithOneLine() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Map<String, byte[]> before = f.snapshot();

    Cli.Run show = f.cli.run("show", "99");
    Cli.Run delete = f.cli.run("delete", "99");

    for (Cli.Run run : new Cli.Run[] {show, delete}) {
      assertThat(run.exitCode).isEqualTo(1);
      assertThat(run.out).isEmpty();
      assertThat(run.err).isEqualTo("error: no token with id '99'; 'tokenvault list' shows the"
          + " ids\n");
    }
    f.assertUnchanged(before);
  }

  @Test
  void lockedVault_waitsForTheTimeout_thenNamesTheHolder() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Map<String, byte[]> before = f.snapshot();
    Path lock = dir.resolve("tokens.vault.lock");
    Process holder = ChildJvm.start(LockHolderProcess.class, logs.resolve("holder.err"),
        lock.toString());
    try (BufferedReader output = ChildJvm.output(holder)) {
      assertThat(output.readLine()).as("the child holds the lock").isEqualTo("held");

      Cli.Run delete = f.cli.run("delete", "1", "--lock-timeout", "300ms");
      Cli.Run list = f.cli.run("list", "--lock-timeout", "300ms");

      for (Cli.Run run : new Cli.Run[] {delete, list}) {
        assertThat(run.exitCode).as("%s", run).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err).startsWith("error: timed out waiting for " + lock + ": held by"
            + " another process (last writer: pid " + holder.pid() + " (java) since ")
            .endsWith("); wait for that process to finish, or wait longer with"
                + " --lock-timeout\n");
        assertThat(run.err.lines()).hasSize(1);
      }
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor()).isZero();
    }
    f.assertUnchanged(before);
    Cli.Run free = f.cli.run("delete", "1");
    assertThat(free.exitCode).as("free again: %s", free).isZero();
  }

  @Test
  void clear_notConfirmed_deletesNothing() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Map<String, byte[]> before = f.snapshot();

    Cli.Run no = f.cli.input("no\n").run("clear");
    Cli.Run noInput = f.cli.input("").run("clear");

    for (Cli.Run run : new Cli.Run[] {no, noInput}) {
      assertThat(run.exitCode).isEqualTo(1);
      assertThat(run.out).isEmpty();
      assertThat(run.err).endsWith("Type yes to confirm: error: not confirmed; nothing was"
          + " deleted; type yes at the prompt, or pass --yes\n");
    }
    f.assertUnchanged(before);
  }

  @Test
  void init_overAnExistingVault_refuses() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Map<String, byte[]> before = f.snapshot();

    Cli.Run run = f.cli.run("init");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).isEqualTo("error: vault " + f.vault + " already exists; nothing was"
        + " changed; use it as it is, or name another with --vault\n");
    f.assertUnchanged(before);
  }

  @Test
  void init_withTwoDifferentTypedPasswords_createsNothing() throws Exception {
    Fixtures f = Fixtures.empty(dir);
    Map<String, byte[]> before = f.snapshot();
    Cli cli = new Cli().with("--vault", f.vault.toString(), "--keystore", f.keystore.toString())
        .answerPrompt("first-password-1").answerPrompt("second-password-2");

    Cli.Run run = cli.run("init");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).isEqualTo("error: the two passwords typed differ; nothing was"
        + " created\n");
    f.assertUnchanged(before);
  }

  @Test
  void noPasswordSource_andNoTerminal_saysWhereToPutIt() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Cli cli = new Cli().with("--vault", f.vault.toString(), "--keystore", f.keystore.toString());

    Cli.Run run = cli.run("list");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).isEqualTo("error: no terminal to ask for the password; use a password"
        + " file or the TOKENVAULT_PASSWORD environment variable\n");
  }

  @Test
  void export_withoutTheFlag_isAUsageError_andWritesNothing() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Path target = dir.resolve("plain.txt");
    Map<String, byte[]> before = f.snapshot();

    Cli.Run run = f.cli.run("export", target.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).startsWith("export writes every token in clear text to " + target
        + "; if that is what you want, run it again with --i-understand-this-writes-plaintext\n"
        + "Usage: tokenvault export ");
    assertThat(target).doesNotExist();
    f.assertUnchanged(before);
  }

  @Test
  void export_overAnExistingFile_refusesWithoutOverwrite() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Path target = Files.writeString(dir.resolve("plain.txt"), "keep me");
    Map<String, byte[]> before = f.snapshot();

    Cli.Run run = f.cli.run("export", target.toString(), "--i-understand-this-writes-plaintext");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).isEqualTo("error: " + target + " already exists; nothing was written;"
        + " choose another file, or pass --overwrite to replace it\n");
    f.assertUnchanged(before);
  }

  @Test
  void usageErrors_exitWithTwo() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Map<String, byte[]> before = f.snapshot();

    String[][] misuses = {
        {}, {"frobnicate"}, {"show"}, {"show", "1", "--reveal", "password"},
        {"list", "--password-env", "X"}, {"list", "--lock-timeout", "soon"},
        {"rotate", "--batch-size", "0"}, {"rotate", "--key-iterations", "5"},
        {"import"}, {"import", "x", "--format", "xml"}};
    for (String[] misuse : misuses) {
      Cli.Run run = f.cli.run(misuse);

      assertThat(run.exitCode).as("%s", String.join(" ", misuse)).isEqualTo(2);
      assertThat(run.out).isEmpty();
      assertThat(run.err).as("%s", String.join(" ", misuse))
          .containsAnyOf("Usage: tokenvault", "Did you mean");
    }
    f.assertUnchanged(before);
  }

  @Test
  void exposedVault_isWarnedAbout_andFailsVerify() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);
    Files.setPosixFilePermissions(f.vault, PosixFilePermissions.fromString("rw-r--r--"));
    String exposure = f.vault + " is rw-r--r-- (group and others can access it); run chmod 600"
        + " on it";

    Cli.Run list = f.cli.run("list");
    Cli.Run verify = f.cli.run("verify");

    assertThat(list.exitCode).isZero();
    assertThat(list.err).isEqualTo("warning: " + exposure + "\n");
    assertThat(verify.exitCode).isEqualTo(1);
    assertThat(verify.out).contains("problem: vault " + exposure + "\n");
  }

  private static void flipByte(Path file, int offset) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[offset] ^= 0x01;
    Files.write(file, bytes);
  }

  /** Rewrites the trailing CRC32C of the frame at {@code start}, as a careful forger would. */
  private static void fixFrameChecksum(Path file, int start, int end) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    CRC32C crc = new CRC32C();
    crc.update(bytes, start, end - start);
    ByteBuffer.wrap(bytes).putInt(end, (int) crc.getValue());
    Files.write(file, bytes);
  }
}
