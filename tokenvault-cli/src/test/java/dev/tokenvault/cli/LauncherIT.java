package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.cli.plaintext.SdkTokenFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar through the repository's launcher script and the README's walkthrough, as a
 * person runs them. Runs after packaging ({@code mvn verify}); the launcher is told not to
 * build, so that a test never starts Maven.
 */
final class LauncherIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir Path dir;

  /** What one process run printed and returned. */
  private static final class Result {
    final int exitCode;
    final String out;
    final String err;

    Result(int exitCode, String out, String err) {
      this.exitCode = exitCode;
      this.out = out;
      this.err = err;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  @Test
  void launcher_help_version_andExitCodes() throws Exception {
    Result help = launch("--help");
    Result version = launch("--version");
    Result usage = launch("frobnicate");
    Result failure = launch("--vault", dir.resolve("none.vault").toString(), "list");

    assertThat(help.exitCode).as("%s", help).isZero();
    assertThat(help.out).startsWith("Usage: tokenvault ").contains("rotate").contains("import");
    assertThat(version.out).startsWith("tokenvault ");
    assertThat(usage.exitCode).isEqualTo(2);
    assertThat(failure.exitCode).isEqualTo(1);
    assertThat(failure.err).isEqualTo("error: vault " + dir.resolve("none.vault")
        + " does not exist; create it with 'tokenvault init', or name it with --vault\n");
  }

  @Test
  void launcher_migratesAndRotates_throughTheJar() throws Exception {
    Fixtures f = Fixtures.empty(dir);
    String[] common = {"--vault", f.vault.toString(), "--keystore", f.keystore.toString(),
        "--password-file", f.passwordFile.toString()};

    assertThat(launch(common, "init", "--key-iterations", "1000").exitCode).isZero();
    Result imported = launch(common, "import", f.sdkTokens.toString());
    Result rotated = launch(common, "rotate", "--retire", "--key-iterations", "1000");
    Result verified = launch(common, "verify");

    assertThat(imported.out).contains(": 3 new, 0 updated, 0 unchanged");
    assertThat(rotated.exitCode).as("%s", rotated).isZero();
    assertThat(verified.exitCode).as("%s", verified).isZero();
    for (Result result : List.of(imported, rotated, verified)) {
      assertThat(Fixtures.secretsIn(result.out + result.err)).isEmpty();
    }
  }

  @Test
  void walkthrough_runsEndToEnd() throws Exception {
    Path example = ROOT.resolve("keys-example");

    int tokens = SdkTokenFile.read(example.resolve("sdk_tokens.txt")).tokens().size();
    byte[] exampleKeys = Files.readAllBytes(example.resolve("example-keys.p12"));

    Result walk = run(Map.of(), ROOT.resolve("scripts/walkthrough.sh").toString());

    assertThat(walk.exitCode).as("%s", walk).isZero();
    assertThat(walk.out).contains("== init")
        .contains(": " + tokens + " new, 0 updated, 0 unchanged")
        .contains(": 0 new, 0 updated, " + tokens + " unchanged")
        .contains(" 0 found.").contains("re-sealed " + tokens + " records")
        .contains("ok: every record");
    assertThat(Files.readAllBytes(example.resolve("example-keys.p12")))
        .as("the example keystore is copied, not changed").isEqualTo(exampleKeys);
  }

  private Result launch(String... args) throws Exception {
    return launch(new String[0], args);
  }

  private Result launch(String[] common, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("tokenvault").toString()));
    command.addAll(List.of(common));
    command.addAll(List.of(args));
    return run(Map.of(), command.toArray(new String[0]));
  }

  private Result run(Map<String, String> environment, String... command) throws Exception {
    Path out = dir.resolve("process.out");
    Path err = dir.resolve("process.err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("TOKENVAULT_NO_BUILD", "1");
    builder.environment().put("TMPDIR", dir.toString());
    builder.environment().remove("TOKENVAULT_PASSWORD");
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
