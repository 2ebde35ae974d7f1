package dev.tokenvault.benchmarks;

import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Prepared vaults of generated {@link Tokens}, kept between runs under the benchmark data
 * directory, and disposable copies of them for benchmarks that write.
 *
 * <p>The data directory is the system property {@value #DIR_PROPERTY} if set, else {@code
 * bench-data} in the module's {@code target} directory (found from where this class was loaded:
 * {@code target/benchmarks.jar} or {@code target/classes}). A prepared vault of {@code n}
 * tokens lives in {@code vault-<n>-g<generation>/} with its keystore and a {@code READY} marker
 * written last; a directory without the marker (an interrupted preparation) is built again.
 * Bump {@link #GENERATION} when the generated tokens change.
 */
final class Vaults {
  static final String DIR_PROPERTY = "tokenvault.bench.dir";
  static final String VAULT_FILE = "tokens.vault";
  static final String KEYSTORE_FILE = "keys.p12";

  private static final int GENERATION = 1;
  /** Tokens sealed per {@link FileTokenStore#saveAll} call: each call rewrites the file once. */
  private static final int CHUNK_TOKENS = 100_000;
  /** The store logs its INFO lines (vault created) through java.util.logging; keep them out. */
  private static final Logger QUIET = Logger.getLogger("dev.tokenvault");

  static {
    QUIET.setLevel(Level.WARNING);
  }

  private Vaults() {}

  /** Returns the directory that holds prepared vaults and working copies. */
  static Path dataDir() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    try {
      Path loadedFrom = Path.of(Vaults.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      return loadedFrom.getParent().resolve("bench-data");
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the benchmark jar; set -D" + DIR_PROPERTY,
          e);
    }
  }

  /**
   * Returns the directory of a prepared vault of {@code tokens} tokens, building it first if
   * needed: a new keystore, a new vault, and the tokens saved in chunks of {@value
   * #CHUNK_TOKENS} with one atomic rewrite (and one force) a chunk.
   */
  static Path prepared(int tokens) throws VaultException, IOException {
    Path dir = dataDir().resolve("vault-" + tokens + "-g" + GENERATION);
    Path ready = dir.resolve("READY");
    if (Files.exists(ready)) {
      return dir;
    }
    deleteTree(dir);
    Files.createDirectories(dir);
    try (KeyRing ring = BenchKeys.create(dir.resolve(KEYSTORE_FILE));
        FileTokenStore store = FileTokenStore.builder(dir.resolve(VAULT_FILE), ring).create()) {
      for (int from = 0; from < tokens; from += CHUNK_TOKENS) {
        store.saveAll(Tokens.range(from, Math.min(tokens, from + CHUNK_TOKENS)));
      }
    }
    Files.writeString(ready, "tokens=" + tokens + "\n");
    return dir;
  }

  /**
   * Copies the prepared vault of {@code tokens} tokens, with its keystore, to a new directory
   * under the data directory and returns that directory. Delete it with {@link #deleteTree}.
   *
   * <p>The copy is forced to disk before this returns: otherwise the first save's force would
   * also write back the whole copied file, and be timed doing so.
   */
  static Path workingCopy(int tokens) throws VaultException, IOException {
    Path source = prepared(tokens);
    Path copy = newWorkDir();
    for (String file : new String[] {KEYSTORE_FILE, VAULT_FILE}) {
      Path target = copy.resolve(file);
      Files.copy(source.resolve(file), target, StandardCopyOption.COPY_ATTRIBUTES);
      try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    }
    return copy;
  }

  /** Creates an empty, owner-only directory under the data directory. */
  static Path newWorkDir() throws IOException {
    Files.createDirectories(dataDir());
    return Files.createTempDirectory(dataDir(), "work-");
  }

  /** Opens the keystore of a prepared vault or of a working copy. */
  static KeyRing keys(Path dir) throws VaultException {
    return BenchKeys.open(dir.resolve(KEYSTORE_FILE));
  }

  /** Deletes {@code dir} and everything under it, if it exists. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(Vaults::delete);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
