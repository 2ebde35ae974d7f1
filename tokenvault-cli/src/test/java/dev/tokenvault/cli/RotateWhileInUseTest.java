package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.Token;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenvault rotate} in a child JVM while this process keeps reading and saving tokens
 * through the library, as an application would: no save is lost, every read succeeds, and the
 * rotation ends with every record, old and new, under the new key.
 */
final class RotateWhileInUseTest {
  @TempDir Path dir;
  @TempDir Path logs;

  @Test
  void rotate_whileAnotherProcessSavesAndReads_losesNothing() throws Exception {
    Fixtures f = Fixtures.withVault(dir);
    f.expectOk("import", RotateKillTest.manyTokens(dir.resolve("many.txt")).toString());
    List<Token> saved = new ArrayList<>();
    try (KeyRing ring = HappyPathTest.openRing(f);
        FileTokenStore store = FileTokenStore.builder(f.vault, ring).open()) {
      Process child = ChildJvm.start(Main.class, logs.resolve("rotate.err"),
          "--vault", f.vault.toString(), "--keystore", f.keystore.toString(),
          "--password-file", f.passwordFile.toString(),
          "rotate", "--batch-size", "10", "--key-iterations", "1000", "--retire");
      try (BufferedReader out = ChildJvm.output(child)) {
        assertThat(out.readLine()).startsWith("added key ");
        int n = 0;
        do {
          n++;
          saved.add(store.save(Token.builder().userName("app-user-" + n)
              .refreshToken("1000.rt-app-" + n).build()));
          assertThat(store.findById(Integer.toString(1 + n % 400)).refreshToken())
              .startsWith("1000.rt-" + (1 + n % 400) + "-");
        } while (child.isAlive());
        assertThat(child.waitFor()).as("the rotation finishes").isZero();
      }
      for (Token token : saved) {
        assertThat(store.findById(token.id())).isEqualTo(token);
      }
    }
    List<Token> all = ImportCsvTest.stored(f);
    assertThat(all).hasSize(400 + saved.size());
    Cli.Run verify = f.cli.run("verify");
    assertThat(verify.exitCode).as("%s", verify).isZero();
    Cli.Run keys = f.cli.run("keys");
    assertThat(keys.out).as("every record under the one key left").contains(" active\n")
        .doesNotContain("tv-1 ");
  }
}
