package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A working directory for command-line tests: a password file, a vault with its keystore (keys
 * at the lowest PBKDF2 iteration count, for speed), and an SDK token file whose secrets are
 * distinctive, so that a test can search every output for them.
 */
final class Fixtures {
  /** The keystore password. Not a secret of anything real, but never printed all the same. */
  static final String PASSWORD = "correct-horse-battery-staple-7";

  /** The SDK token file of three tokens: all fields, a quoted secret, a grant token only. */
  static final String SDK_TOKENS = String.join("\n",
      "id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,"
          + "redirect_url,api_domain",
      "1,alice@example.com:7001,1000.ALICE4CLIENT7ID2QWERTY,s3cr3t-alice-9f8e7d6c,"
          + "1000.rt-alice-5b4a39281706,1000.at-alice-0f1e2d3c4b5a,,1796301420000,"
          + "https://app.example.com/oauth,https://www.zohoapis.com",
      "2,bob@example.com:7001,1000.BOB8CLIENT3ID5ASDFGH,\"s3cr3t,bob\"\"quoted\","
          + "1000.rt-bob-6c5b4a392817,,,1796292000000,https://app.example.com/oauth,"
          + "https://www.zohoapis.eu",
      "3,carol@example.com:7002,1000.CAROL2CLIENT6ID9ZXCV,s3cr3t-carol-1a2b3c4d,,,"
          + "1000.gt-carol-7d6c5b4a3928,,https://app.example.com/oauth,",
      "");

  /** Every secret or personal value of {@link #SDK_TOKENS}, and the password. */
  static final List<String> SECRETS = List.of(
      "alice@example.com:7001", "1000.ALICE4CLIENT7ID2QWERTY", "s3cr3t-alice-9f8e7d6c",
      "1000.rt-alice-5b4a39281706", "1000.at-alice-0f1e2d3c4b5a",
      "bob@example.com:7001", "1000.BOB8CLIENT3ID5ASDFGH", "s3cr3t,bob\"quoted",
      "1000.rt-bob-6c5b4a392817",
      "carol@example.com:7002", "1000.CAROL2CLIENT6ID9ZXCV", "s3cr3t-carol-1a2b3c4d",
      "1000.gt-carol-7d6c5b4a3928",
      PASSWORD);

  final Path dir;
  final Path passwordFile;
  final Path vault;
  final Path keystore;
  final Path sdkTokens;
  final Cli cli;

  private Fixtures(Path dir) throws IOException {
    this.dir = dir;
    this.passwordFile = writeOwnerOnly(dir.resolve("password.txt"), PASSWORD + "\n");
    this.vault = dir.resolve("tokens.vault");
    this.keystore = dir.resolve("keys.p12");
    this.sdkTokens = dir.resolve("sdk_tokens.txt");
    Files.writeString(sdkTokens, SDK_TOKENS, StandardCharsets.UTF_8);
    this.cli = Cli.in(dir, passwordFile);
  }

  /** Returns a directory with a password file and an SDK token file, and no vault yet. */
  static Fixtures empty(Path dir) throws IOException {
    return new Fixtures(dir);
  }

  /** Returns a directory with an empty vault and its keystore (key tv-1). */
  static Fixtures withVault(Path dir) throws IOException {
    Fixtures fixtures = new Fixtures(dir);
    fixtures.expectOk("init", "--key-iterations", "1000");
    return fixtures;
  }

  /** Returns a directory whose vault holds the three tokens of {@link #SDK_TOKENS}. */
  static Fixtures withTokens(Path dir) throws IOException {
    Fixtures fixtures = withVault(dir);
    fixtures.expectOk("import", fixtures.sdkTokens.toString());
    return fixtures;
  }

  /** Runs a command that must succeed, and returns its run. */
  Cli.Run expectOk(String... args) {
    Cli.Run run = cli.run(args);
    assertThat(run.exitCode).as("%s", run).isZero();
    return run;
  }

  /** Returns the bytes of every file in the directory, by name, to compare before and after. */
  Map<String, byte[]> snapshot() throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (Files.isRegularFile(entry) && !entry.getFileName().toString().endsWith(".lock")) {
          files.put(entry.getFileName().toString(), Files.readAllBytes(entry));
        }
      }
    }
    return files;
  }

  /** Asserts that the directory holds exactly the files and bytes of {@code before}. */
  void assertUnchanged(Map<String, byte[]> before) throws IOException {
    Map<String, byte[]> after = snapshot();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (String name : before.keySet()) {
      assertThat(after.get(name)).as("bytes of %s", name).isEqualTo(before.get(name));
    }
  }

  /** Writes {@code text} to {@code file}, owner-only. */
  static Path writeOwnerOnly(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** Returns the secrets that occur in {@code text}. */
  static List<String> secretsIn(String text) {
    List<String> found = new ArrayList<>();
    for (String secret : SECRETS) {
      if (text.contains(secret)) {
        found.add(secret);
      }
    }
    return found;
  }
}
