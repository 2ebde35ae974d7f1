package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenvault.InsecureFileException;
import dev.tokenvault.LogCapture;
import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.fs.SecureFiles;
import dev.tokenvault.fs.StepHook;
import dev.tokenvault.fs.WriteStep;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a vault leaves on disk: owner-only permissions on everything it creates, temporary
 * and side files included, an error in strict mode for a lock file others can read, and no
 * temporary file surviving the next open. POSIX file systems only, like the permissions
 * themselves. {@code dev.tokenvault.FilePermissionsTest} covers a group-readable vault.
 */
final class FilesOnDiskTest {
  @TempDir Path dir;
  private KeyRing ring;

  @BeforeEach
  void openKeys() throws VaultException {
    ring = TestKeys.create(dir.resolve("keys.p12"));
  }

  @AfterEach
  void release() {
    ring.close();
  }

  @Test
  void createAndCompact_inMissingDirectories_writeOwnerOnlyFiles() throws Exception {
    Path vault = dir.resolve("a").resolve("b").resolve("tokens.vault");
    TempPermissions temps = new TempPermissions(vault);
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).stepHook(temps).create()) {
      store.save(token("alice@example.com:1", "at-a-0"));
      store.save(token("alice@example.com:1", "at-a-1"));
      store.compact();
    }
    assertThat(permissions(dir.resolve("a"))).isEqualTo("rwx------");
    assertThat(permissions(dir.resolve("a").resolve("b"))).isEqualTo("rwx------");
    assertThat(permissions(vault)).isEqualTo("rw-------");
    assertThat(permissions(vault.resolveSibling("tokens.vault.lock"))).isEqualTo("rw-------");
    // One temporary file for the creation, one for the compaction, each seen once written.
    assertThat(temps.seen).containsExactly("rw-------", "rw-------");
  }

  @Test
  void open_tornTail_keepsItInAnOwnerOnlySideFile() throws Exception {
    Path vault = dir.resolve("tokens.vault");
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      store.save(token("alice@example.com:1", "at-a-0"));
    }
    long size = Files.size(vault);
    try (FileChannel channel = FileChannel.open(vault, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'T', 'V', 1, 0, 0, 0}), size);
    }
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
      assertThat(store.list()).hasSize(1);
    }
    List<Path> sides = list(dir, "tokens.vault.torn-");
    assertThat(sides).hasSize(1);
    assertThat(Files.size(sides.get(0))).isEqualTo(6);
    assertThat(permissions(sides.get(0))).isEqualTo("rw-------");
  }

  @Test
  void open_othersReadableLockFileStrict_fails() throws Exception {
    Path vault = createVault();
    Path lock = vault.resolveSibling("tokens.vault.lock");
    Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-r--r--"));
    InsecureFileException thrown = catchThrowableOfType(
        () -> FileTokenStore.builder(vault, ring).strictPermissions(true).open(),
        InsecureFileException.class);
    assertThat(thrown).hasMessageContaining(lock.toString())
        .hasMessageContaining("group and others can access it");
  }

  @Test
  void open_leftoverTemporaryFile_removesItAndOnlyIt() throws Exception {
    Path vault = createVault();
    Path leftover = dir.resolve(".tokens.vault.0123456789ab.tvtmp");
    List<Path> others = List.of(dir.resolve(".tokens.vault.0123456789.tvtmp"),
        dir.resolve(".other.vault.0123456789ab.tvtmp"), dir.resolve("tokens.vault.bak"));
    for (Path file : concat(leftover, others)) {
      Files.write(file, new byte[] {1, 2, 3});
    }

    // Read-only, nothing is removed.
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).readOnly(true).open()) {
      assertThat(store.list()).hasSize(1);
    }
    assertThat(leftover).exists();

    try (LogCapture logs = LogCapture.start();
        FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
      assertThat(store.list()).hasSize(1);
      assertThat(logs.messagesAt(Level.WARNING)).singleElement()
          .satisfies(m -> assertThat(m).contains("removed " + leftover));
    }
    assertThat(leftover).doesNotExist();
    assertThat(others).allSatisfy(file -> assertThat(file).exists());
  }

  // ---------------------------------------------------------------------------------------

  private Path createVault() throws VaultException {
    Path vault = dir.resolve("tokens.vault");
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      store.save(token("alice@example.com:1", "at-a-0"));
    }
    return vault;
  }

  private static String permissions(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static List<Path> list(Path directory, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
    }
  }

  private static List<Path> concat(Path first, List<Path> rest) {
    List<Path> all = new ArrayList<>(rest);
    all.add(0, first);
    return all;
  }

  private static Token token(String user, String access) {
    return Token.builder().userName(user).accessToken(access).refreshToken("rt-" + user)
        .build();
  }

  /** Records the permissions of the vault's temporary file once it has been written. */
  private static final class TempPermissions implements StepHook {
    private final Path vault;
    final List<String> seen = new ArrayList<>();

    TempPermissions(Path vault) {
      this.vault = vault;
    }

    @Override
    public void at(WriteStep step, boolean done) throws IOException {
      if (step != WriteStep.WRITE || !done) {
        return;
      }
      try (Stream<Path> files = Files.list(vault.getParent())) {
        for (Path temp : files.filter(f -> SecureFiles.isTempFileOf(f, vault)).toList()) {
          seen.add(permissions(temp));
        }
      }
    }
  }
}
