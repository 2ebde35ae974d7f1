package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.TokenField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret (token, client secret, user name, password) appears in the output or the log of any
 * command, on success or failure, with or without {@code --verbose}, unless one field was
 * explicitly revealed; then exactly that one appears.
 */
final class SecretLeakTest {
  @TempDir Path dir;

  @Test
  void everyCommand_withAndWithoutVerbose_printsNoSecret() throws Exception {
    Fixtures f = Fixtures.empty(dir);
    Path noHeader = Files.writeString(dir.resolve("no-header.txt"),
        Fixtures.SDK_TOKENS.substring(Fixtures.SDK_TOKENS.indexOf('\n') + 1));
    Path wrongPassword = Fixtures.writeOwnerOnly(dir.resolve("wrong.txt"), "wrong-password\n");
    List<Cli.Run> runs = new ArrayList<>();
    // The first round passes an option that changes nothing, the second --verbose.
    for (String verbose : new String[] {"--lock-timeout=10s", "--verbose"}) {
      runs.add(f.cli.run(verbose, "init", "--key-iterations", "1000"));
      runs.add(f.cli.run(verbose, "import", f.sdkTokens.toString()));
      runs.add(f.cli.run(verbose, "import", f.sdkTokens.toString()));
      runs.add(f.cli.run(verbose, "import", noHeader.toString()));
      runs.add(f.cli.run(verbose, "list"));
      runs.add(f.cli.run(verbose, "list", "--json"));
      for (String id : new String[] {"1", "2", "3", "4"}) {
        runs.add(f.cli.run(verbose, "show", id));
      }
      runs.add(f.cli.run(verbose, "verify"));
      runs.add(f.cli.run(verbose, "keys"));
      runs.add(f.cli.run(verbose, "stats"));
      runs.add(f.cli.run(verbose, "rotate", "--retire", "--key-iterations", "1000"));
      runs.add(f.cli.run(verbose, "compact"));
      runs.add(f.cli.run(verbose, "export", dir.resolve("out" + verbose + ".txt").toString(),
          "--i-understand-this-writes-plaintext"));
      runs.add(f.cli.run(verbose, "--password-file", wrongPassword.toString(), "list"));
      runs.add(f.cli.run(verbose, "delete", "2"));
      runs.add(f.cli.run(verbose, "delete", "2"));
      runs.add(f.cli.input("no\n").run(verbose, "clear"));
      runs.add(f.cli.run(verbose, "clear", "--yes"));
      Files.delete(f.vault);
    }

    assertThat(runs).allSatisfy(run -> assertThat(Fixtures.secretsIn(run.all()))
        .as("%s", run).isEmpty());
    assertThat(runs).extracting(run -> run.exitCode).contains(0, 1);
  }

  @Test
  void reveal_printsExactlyTheNamedSecret() throws Exception {
    Fixtures f = Fixtures.withTokens(dir);

    for (TokenField field : TokenField.values()) {
      Cli.Run run = f.cli.run("show", "1", "--reveal", field.columnName());

      assertThat(run.exitCode).isZero();
      List<String> shown = Fixtures.secretsIn(run.all());
      if (field.isSecret() && field != TokenField.GRANT_TOKEN) {
        assertThat(shown).as(field.columnName()).hasSize(1);
        assertThat(run.out).contains(field.columnName() + " ").contains(shown.get(0));
      } else {
        assertThat(shown).as(field.columnName()).isEmpty();
      }
    }
  }
}
