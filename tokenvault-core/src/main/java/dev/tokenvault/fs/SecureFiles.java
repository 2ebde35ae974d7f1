package dev.tokenvault.fs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Owner-only file creation, durable atomic replacement and permission checks.
 *
 * <p>On file systems without POSIX permissions (Windows) files are created with the platform's
 * defaults and {@link #exposure} reports nothing: there, protect the directory instead.
 */
public final class SecureFiles {
  /** Every temporary file this class creates ends with this suffix. */
  public static final String TEMP_SUFFIX = ".tvtmp";

  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecureFiles() {}

  /**
   * Opens {@code file} for reading and writing, creating it owner-only (0600) if it is absent.
   *
   * @throws IOException if the file cannot be opened or created
   */
  public static FileChannel openOrCreate(Path file) throws IOException {
    requireNonNull(file, "file");
    try {
      return FileChannel.open(
          file, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE), noAttributes());
    } catch (NoSuchFileException e) {
      try {
        return createNew(file, StandardOpenOption.READ);
      } catch (FileAlreadyExistsException raced) {
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
    }
  }

  /**
   * Creates {@code file}, which must not exist, owner-only (0600), and opens it for writing plus
   * {@code extra}.
   *
   * @throws FileAlreadyExistsException if the file exists
   * @throws IOException if the file cannot be created
   */
  public static FileChannel createNew(Path file, OpenOption... extra) throws IOException {
    Set<OpenOption> options = new java.util.HashSet<>(Set.of(extra));
    options.add(StandardOpenOption.CREATE_NEW);
    options.add(StandardOpenOption.WRITE);
    if (isPosix(file.toAbsolutePath().getParent())) {
      return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OWNER_FILE));
    }
    return FileChannel.open(file, options, noAttributes());
  }

  /**
   * Creates {@code directory} and any missing parents owner-only (0700); existing directories,
   * including those another thread or process creates meanwhile, are left as they are.
   *
   * @throws IOException if a directory cannot be created
   */
  public static void createDirectories(Path directory) throws IOException {
    Path absolute = directory.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      if (isPosix(parent)) {
        Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
      } else {
        Files.createDirectory(absolute);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(absolute)) {
        throw e;
      }
    }
  }

  /**
   * Replaces {@code target} with {@code contents} durably and atomically: after a crash at any
   * instant the target holds either its old contents or the new ones, never a mixture.
   *
   * @throws IOException if a step failed; the target is then unchanged and the temporary file
   *     has been removed
   */
  public static void writeAtomically(Path target, ByteBuffer contents, StepHook hook)
      throws IOException {
    writeAtomically(target, hook, channel -> {
      while (contents.hasRemaining()) {
        channel.write(contents);
      }
    });
  }

  /**
   * Writes the contents of a temporary file; see {@link #writeAtomically(Path, StepHook,
   * Writer)}.
   */
  @FunctionalInterface
  public interface Writer {
    /**
     * Writes the whole new contents to {@code channel}, which is positioned at 0.
     *
     * @throws IOException if writing failed
     */
    void writeTo(FileChannel channel) throws IOException;
  }

  /**
   * Replaces {@code target} with what {@code writer} writes, durably and atomically.
   *
   * <p>The steps are those of {@link WriteStep}: create a temporary file beside the target
   * (owner-only), write it, force it, move it over the target atomically (the commit point),
   * then force the directory.
   *
   * @throws IOException if a step failed before the move; the target is then unchanged and the
   *     temporary file removed. A failure forcing the directory after the move is also thrown:
   *     the new contents are in place but their durability is not assured.
   */
  public static void writeAtomically(Path target, StepHook hook, Writer writer)
      throws IOException {
    Path absolute = target.toAbsolutePath();
    Path temp = tempFileFor(absolute);
    boolean moved = false;
    try {
      // 1. The temporary file, owner-only, in the target's directory (same file system).
      hook.at(WriteStep.CREATE_TEMP, false);
      try (FileChannel channel = createNew(temp, StandardOpenOption.READ)) {
        hook.at(WriteStep.CREATE_TEMP, true);

        // 2. The new contents.
        hook.at(WriteStep.WRITE, false);
        writer.writeTo(channel);
        hook.at(WriteStep.WRITE, true);

        // 3. Force the data and the file's size to the device.
        hook.at(WriteStep.FORCE_FILE, false);
        channel.force(true);
        hook.at(WriteStep.FORCE_FILE, true);
      }

      // 4. The commit point: the atomic move makes the new contents the target's.
      hook.at(WriteStep.MOVE, false);
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
      hook.at(WriteStep.MOVE, true);

      // 5. Force the directory so that the move itself is durable.
      hook.at(WriteStep.FORCE_DIRECTORY, false);
      forceDirectory(absolute.getParent());
      hook.at(WriteStep.FORCE_DIRECTORY, true);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Returns a fresh temporary path beside {@code target}, ending with {@link #TEMP_SUFFIX}. */
  public static Path tempFileFor(Path target) {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    String name = "." + target.getFileName() + "." + HexFormat.of().formatHex(random)
        + TEMP_SUFFIX;
    return target.resolveSibling(name);
  }

  /** Returns whether {@code candidate} is a temporary file made for {@code target}. */
  public static boolean isTempFileOf(Path candidate, Path target) {
    String name = candidate.getFileName().toString();
    String prefix = "." + target.getFileName() + ".";
    return name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX)
        && name.length() == prefix.length() + 12 + TEMP_SUFFIX.length();
  }

  /**
   * Forces {@code directory}'s entries to the device, so that a file created, renamed or removed
   * in it survives a crash. Where the platform cannot open a directory (Windows) this does
   * nothing: there the move itself is durable.
   *
   * @throws IOException if the force failed
   */
  public static void forceDirectory(Path directory) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(directory, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException e) {
      if (isPosix(directory)) {
        throw e instanceof IOException ? (IOException) e : new IOException(e);
      }
      return;
    }
    try (channel) {
      channel.force(true);
    }
  }

  /**
   * Describes how {@code file} is exposed to users other than its owner, for example {@code
   * "rw-r--r-- (group and others can read it)"}, or returns empty if it is owner-only or the
   * file system has no POSIX permissions.
   *
   * @throws IOException if the permissions cannot be read
   */
  public static Optional<String> exposure(Path file) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return Optional.empty();
    }
    Set<PosixFilePermission> permissions = view.readAttributes().permissions();
    Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
    extra.addAll(permissions);
    extra.retainAll(OTHERS);
    if (extra.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(PosixFilePermissions.toString(permissions) + " (" + who(extra) + ")");
  }

  private static String who(Set<PosixFilePermission> extra) {
    boolean group = extra.stream().anyMatch(p -> p.name().startsWith("GROUP"));
    boolean others = extra.stream().anyMatch(p -> p.name().startsWith("OTHERS"));
    String whom = group && others ? "group and others" : group ? "group" : "others";
    return whom + " can access it";
  }

  private static boolean isPosix(Path path) {
    Path probe = path == null ? Path.of("").toAbsolutePath() : path;
    return probe.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] noAttributes() {
    return new FileAttribute<?>[0];
  }
}
