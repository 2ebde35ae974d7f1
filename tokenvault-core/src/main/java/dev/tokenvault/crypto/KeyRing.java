package dev.tokenvault.crypto;

import static java.util.Objects.requireNonNull;

import dev.tokenvault.InsecureFileException;
import dev.tokenvault.KeystoreUnavailableException;
import dev.tokenvault.UnknownKeyException;
import dev.tokenvault.VaultException;
import dev.tokenvault.VaultIoException;
import dev.tokenvault.WrongPasswordException;
import dev.tokenvault.fs.LockFile;
import dev.tokenvault.fs.SecureFiles;
import dev.tokenvault.fs.StepHook;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.PBEParameterSpec;
import javax.security.auth.DestroyFailedException;

/**
 * The AES-256 keys of one PKCS12 keystore file, read once and kept in memory.
 *
 * <p>Each key is a secret-key entry whose alias is the key's id, written into every record the
 * key seals. The <em>active</em> key, which seals new records, is the newest entry by the
 * creation time the keystore records (ties go to the longer, then the greater id), so adding a
 * key makes it active. Keys this class adds are called {@code tv-1}, {@code tv-2}, ... A
 * keystore made by the JDK's {@code keytool -genseckey -keyalg AES -keysize 256 -storetype
 * PKCS12} is accepted as it is if its alias is a valid key id (1 to 64 of {@code a-z}, {@code
 * 0-9}, {@code .}, {@code _} and {@code -}, starting with a letter or digit; keytool's default
 * alias {@code mykey} is one, and the JDK lowercases aliases), and the file stays readable by
 * {@code keytool}. An alias that is not a valid key id is an error. Entries that are not AES
 * secret keys are ignored with a WARNING; an AES key of another size is an error.
 *
 * <p>Entries are protected with PBKDF2-HMAC-SHA256 and AES-256 at {@link #DEFAULT_ITERATIONS}
 * iterations, and a keystore created here gets the same count for its integrity MAC; a loaded
 * keystore keeps the counts it has. Every change to the file is made under a lock file beside
 * it ({@code <keystore>.lock}), re-reads the file first (so that a change made by another
 * process is kept and the password is checked), and replaces the file atomically and durably,
 * owner-only.
 *
 * <p>The password comes from a {@link PasswordSource}, asked again only when the file must be
 * read again: when this ring changes it, and when another process has changed it ({@link
 * #refreshIfChanged()}). Each copy is zeroed as soon as it has been used. Closing the ring
 * zeroes the key material and closes the source.
 *
 * <p>Instances are safe for use by many threads.
 */
public final class KeyRing implements AutoCloseable {
  /**
   * PBKDF2-HMAC-SHA256 iterations protecting each key and the keystore's MAC: the OWASP Password
   * Storage Cheat Sheet's figure for PBKDF2-HMAC-SHA256 (2023). Reading one key then costs about
   * a third of a second; the ring reads each key once.
   */
  public static final int DEFAULT_ITERATIONS = 600_000;

  /** The smallest iteration count accepted; lower counts are for nothing but tests. */
  public static final int MIN_ITERATIONS = 1_000;

  /** The keystore type. */
  public static final String KEYSTORE_TYPE = "PKCS12";

  private static final System.Logger LOG = System.getLogger(KeyRing.class.getName());
  private static final int KEY_SIZE_BYTES = 32;
  private static final int MAX_KEY_ID_LENGTH = 64;
  private static final Pattern KEY_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern GENERATED_ID = Pattern.compile("tv-([0-9]{1,9})");
  private static final String ENTRY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
  private static final String MAC_ITERATIONS_PROPERTY = "keystore.pkcs12.macIterationCount";
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Object MAC_PROPERTY_GUARD = new Object();

  private final Path path;
  private final PasswordSource passwords;
  private final int iterations;
  private final boolean strictPermissions;
  private final StepHook hook;
  private volatile Snapshot snapshot;
  private volatile boolean closed;

  private KeyRing(Builder builder, Snapshot snapshot) {
    this.path = builder.path;
    this.passwords = builder.passwords;
    this.iterations = builder.iterations;
    this.strictPermissions = builder.strictPermissions;
    this.hook = builder.hook;
    this.snapshot = snapshot;
  }

  /** Returns a builder for the key ring of the keystore at {@code path}. */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  /** Returns the keystore's path. */
  public Path path() {
    return path;
  }

  /** Returns the id of the active key, the one that seals new records. */
  public String activeKeyId() {
    return current().activeId;
  }

  /** Returns every key, oldest first. */
  public List<KeyInfo> keys() {
    Snapshot keys = current();
    List<KeyInfo> infos = new ArrayList<>();
    for (KeyEntry entry : keys.entries.values()) {
      infos.add(new KeyInfo(entry.id, entry.created, entry.id.equals(keys.activeId)));
    }
    return Collections.unmodifiableList(infos);
  }

  /** Returns whether the ring holds a key with this id. */
  public boolean contains(String keyId) {
    return current().entries.containsKey(keyId);
  }

  /**
   * Adds a new AES-256 key, which becomes the active key, and returns it. The keystore file is
   * replaced atomically; until the replacement commits, the old file stays as it was.
   *
   * @throws WrongPasswordException if the password no longer opens the keystore
   * @throws VaultException if the keystore cannot be read, locked or written
   */
  public KeyInfo addKey() throws VaultException {
    String[] added = new String[1];
    modify(store -> {
      added[0] = nextKeyId(store);
      setKey(store.keyStore, added[0], generateKey(), store.password, iterations);
    });
    LOG.log(Level.INFO, "added key {0} to keystore {1}", added[0], path);
    return keys().stream().filter(k -> k.id().equals(added[0])).findFirst().orElseThrow();
  }

  /**
   * Removes (retires) the key {@code keyId}. The active key cannot be removed. The caller is
   * responsible for making sure that nothing it still needs is sealed under the key: records
   * sealed under a removed key can never be opened again.
   *
   * @throws UnknownKeyException if the keystore holds no such key
   * @throws IllegalArgumentException if {@code keyId} is the active key
   * @throws VaultException if the keystore cannot be read, locked or written
   */
  public void removeKey(String keyId) throws VaultException {
    requireNonNull(keyId, "keyId");
    modify(store -> {
      Snapshot onDisk = store.snapshot;
      if (!onDisk.entries.containsKey(keyId)) {
        throw new UnknownKeyException(keyId, "keystore " + path + " holds no key " + keyId);
      }
      if (onDisk.activeId.equals(keyId)) {
        throw new IllegalArgumentException(
            "key " + keyId + " is the active key of " + path + "; add a newer key first");
      }
      store.keyStore.deleteEntry(keyId);
    });
    LOG.log(Level.INFO, "removed key {0} from keystore {1}", keyId, path);
  }

  /**
   * Reads the keystore again if its file changed since it was last read (another process added
   * or removed a key), and returns whether it did.
   *
   * @throws VaultException if the changed file cannot be read
   */
  public boolean refreshIfChanged() throws VaultException {
    Snapshot keys = current();
    Optional<FileStamp> now = FileStamp.of(path);
    if (now.isPresent() && now.get().equals(keys.stamp)) {
      return false;
    }
    synchronized (this) {
      Snapshot latest = current();
      if (latest != keys) {
        return true;
      }
      Snapshot reread = read(path, passwords, strictPermissions);
      snapshot = reread;
      latest.wipe();
      return true;
    }
  }

  /**
   * Returns a copy of the raw bytes of key {@code keyId}, which the caller derives from and then
   * zeroes. A copy, because a refresh zeroes the arrays of the keys it replaces.
   */
  byte[] keyMaterial(String keyId) throws UnknownKeyException {
    KeyEntry entry = current().entries.get(keyId);
    if (entry == null) {
      throw new UnknownKeyException(keyId, "key " + keyId + " is not in keystore " + path);
    }
    return entry.material.clone();
  }

  /** Zeroes every key held in memory and closes the password source. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      snapshot.wipe();
      passwords.close();
    }
  }

  @Override
  public String toString() {
    return "KeyRing{" + path + ", active " + current().activeId + "}";
  }

  private Snapshot current() {
    if (closed) {
      throw new IllegalStateException("key ring " + path + " is closed");
    }
    return snapshot;
  }

  /** One change to the keystore file, made under its lock on a fresh read of it. */
  @FunctionalInterface
  private interface Change {
    void apply(OpenKeystore store) throws VaultException, GeneralSecurityException;
  }

  private synchronized void modify(Change change) throws VaultException {
    current();
    try (LockFile lockFile = LockFile.of(lockPathOf(path));
        LockFile.Held held = lockFile.acquireExclusive(LOCK_TIMEOUT)) {
      removeLeftoverTempFiles();
      OpenKeystore store = OpenKeystore.read(path, passwords);
      try {
        change.apply(store);
        byte[] bytes = store.serialize();
        SecureFiles.writeAtomically(path, ByteBuffer.wrap(bytes), hook);
        Snapshot reread = read(path, passwords, strictPermissions);
        snapshot.wipe();
        snapshot = reread;
      } catch (GeneralSecurityException e) {
        throw new KeystoreUnavailableException("cannot change keystore " + path, e);
      } finally {
        store.close();
      }
    } catch (IOException e) {
      throw new VaultIoException("cannot write keystore " + path, e);
    }
  }

  /**
   * Removes temporary copies of the keystore that a crash left beside it (owner-only copies of
   * an old or new version). Safe under the keystore's lock: no write can be running.
   */
  private void removeLeftoverTempFiles() throws IOException {
    try (java.nio.file.DirectoryStream<Path> entries =
        Files.newDirectoryStream(path.getParent())) {
      for (Path entry : entries) {
        if (SecureFiles.isTempFileOf(entry, path)) {
          Files.deleteIfExists(entry);
          LOG.log(Level.WARNING, "removed {0}, left by an interrupted keystore write", entry);
        }
      }
    }
  }

  /**
   * Stores {@code key} under {@code alias}, protected with PBKDF2 at {@code iterations}. The
   * protection object keeps a copy of the password of its own: it is zeroed once the entry is
   * set.
   */
  private static void setKey(KeyStore store, String alias, SecretKey key, char[] password,
      int iterations) throws KeyStoreException {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(
        password, ENTRY_PROTECTION, new PBEParameterSpec(salt, iterations));
    try {
      store.setEntry(alias, new KeyStore.SecretKeyEntry(key), protection);
    } finally {
      try {
        protection.destroy();
      } catch (DestroyFailedException e) {
        // Declared, but the JDK's PasswordProtection zeroes its array and never throws it.
        LOG.log(Level.DEBUG, "could not zero a copy of the keystore password");
      }
    }
  }

  private static String nextKeyId(OpenKeystore store) {
    int highest = 0;
    for (String id : store.snapshot.entries.keySet()) {
      Matcher generated = GENERATED_ID.matcher(id);
      if (generated.matches()) {
        highest = Math.max(highest, Integer.parseInt(generated.group(1)));
      }
    }
    return "tv-" + (highest + 1);
  }

  private static SecretKey generateKey() throws GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(KEY_SIZE_BYTES * 8, RANDOM);
    return generator.generateKey();
  }

  static Path lockPathOf(Path keystore) {
    return keystore.resolveSibling(keystore.getFileName() + ".lock");
  }

  private static Snapshot read(Path path, PasswordSource passwords, boolean strict)
      throws VaultException {
    checkPermissions(path, strict);
    OpenKeystore store = OpenKeystore.read(path, passwords);
    store.close();
    return store.snapshot;
  }

  private static void checkPermissions(Path path, boolean strict) throws VaultException {
    Optional<String> exposure;
    try {
      exposure = SecureFiles.exposure(path);
    } catch (NoSuchFileException e) {
      throw missing(path);
    } catch (IOException e) {
      throw new KeystoreUnavailableException("cannot read the permissions of keystore " + path, e);
    }
    if (exposure.isEmpty()) {
      return;
    }
    String message = "keystore " + path + " is " + exposure.get() + "; run chmod 600 on it";
    if (strict) {
      throw new InsecureFileException(message);
    }
    LOG.log(Level.WARNING, message);
  }

  /**
   * Rejects a password that PKCS12 cannot take: an empty one, or one with a character outside
   * printable ASCII, which the JDK's PKCS12 refuses (it would otherwise surface as a misleading
   * "not a readable keystore"). The message gives the position, never the character.
   */
  static void checkUsable(Path path, char[] password) throws WrongPasswordException {
    if (password.length == 0) {
      throw new WrongPasswordException("keystore " + path + ": the password is empty");
    }
    for (int i = 0; i < password.length; i++) {
      if (password[i] < 0x20 || password[i] > 0x7e) {
        throw new WrongPasswordException("keystore " + path + ": the password has a character"
            + " outside printable ASCII at position " + (i + 1) + "; PKCS12 keystores accept"
            + " only printable ASCII passwords");
      }
    }
  }

  private static KeystoreUnavailableException missing(Path path) {
    return new KeystoreUnavailableException("keystore " + path + " does not exist; create one"
        + " with 'tokenvault init' or 'keytool -genseckey -keyalg AES -keysize 256"
        + " -storetype PKCS12'");
  }

  /** A keystore read from its file, with the password that opened it, for one change. */
  private static final class OpenKeystore implements AutoCloseable {
    final KeyStore keyStore;
    final char[] password;
    final Snapshot snapshot;

    private OpenKeystore(KeyStore keyStore, char[] password, Snapshot snapshot) {
      this.keyStore = keyStore;
      this.password = password;
      this.snapshot = snapshot;
    }

    static OpenKeystore read(Path path, PasswordSource passwords) throws VaultException {
      Optional<FileStamp> stamp = FileStamp.of(path);
      byte[] bytes = readBytes(path);
      char[] password = passwords.password();
      try {
        KeyStore keyStore = load(path, bytes, password);
        Snapshot snapshot = new Snapshot(readKeys(path, keyStore, password), stamp.orElse(null));
        return new OpenKeystore(keyStore, password, snapshot);
      } catch (VaultException | RuntimeException e) {
        Arrays.fill(password, '\0');
        throw e;
      }
    }

    byte[] serialize() throws GeneralSecurityException, IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      keyStore.store(out, password);
      return out.toByteArray();
    }

    @Override
    public void close() {
      Arrays.fill(password, '\0');
    }

    private static byte[] readBytes(Path path) throws VaultException {
      try {
        return Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        throw missing(path);
      } catch (AccessDeniedException e) {
        throw new KeystoreUnavailableException("keystore " + path + " is not readable by this"
            + " user", e);
      } catch (IOException e) {
        throw new KeystoreUnavailableException("cannot read keystore " + path, e);
      }
    }

    private static KeyStore load(Path path, byte[] bytes, char[] password)
        throws VaultException {
      checkUsable(path, password);
      try {
        KeyStore keyStore = KeyStore.getInstance(KEYSTORE_TYPE);
        keyStore.load(new ByteArrayInputStream(bytes), password);
        return keyStore;
      } catch (IOException e) {
        if (e.getCause() instanceof UnrecoverableKeyException) {
          throw new WrongPasswordException("keystore " + path + ": wrong password, or the"
              + " keystore was altered (its integrity check failed)");
        }
        // The cause is dropped on purpose: the JDK's parser quotes values read from the file
        // (tag bytes, lengths), and a file mistaken for the keystore may be a password file or
        // a plaintext token file.
        throw new KeystoreUnavailableException(
            "keystore " + path + " is not a readable PKCS12 keystore (" + bytes.length
                + " bytes; " + e.getClass().getSimpleName() + ")");
      } catch (GeneralSecurityException e) {
        throw new KeystoreUnavailableException("cannot load keystore " + path, e);
      }
    }

    private static Map<String, KeyEntry> readKeys(Path path, KeyStore store, char[] password)
        throws VaultException {
      List<KeyEntry> entries = new ArrayList<>();
      try {
        for (String alias : Collections.list(store.aliases())) {
          readKey(path, store, alias, password).ifPresent(entries::add);
        }
      } catch (KeyStoreException e) {
        throw new KeystoreUnavailableException("cannot list keystore " + path, e);
      }
      if (entries.isEmpty()) {
        throw new KeystoreUnavailableException("keystore " + path + " holds no AES-256 key");
      }
      entries.sort(NEWEST_LAST);
      Map<String, KeyEntry> byId = new LinkedHashMap<>();
      for (KeyEntry entry : entries) {
        byId.put(entry.id, entry);
      }
      return byId;
    }

    private static Optional<KeyEntry> readKey(Path path, KeyStore store, String alias,
        char[] password) throws VaultException, KeyStoreException {
      if (!store.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)) {
        LOG.log(Level.WARNING, "keystore {0}: entry {1} is not a secret key; ignored", path,
            alias);
        return Optional.empty();
      }
      Key key;
      try {
        key = store.getKey(alias, password);
      } catch (UnrecoverableKeyException e) {
        throw new WrongPasswordException("keystore " + path + ": key " + alias + " has a"
            + " password other than the keystore's; tokenvault uses one password for both");
      } catch (GeneralSecurityException e) {
        throw new KeystoreUnavailableException("keystore " + path + ": cannot read key " + alias,
            e);
      }
      if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
        LOG.log(Level.WARNING, "keystore {0}: key {1} is {2}, not AES; ignored", path, alias,
            key.getAlgorithm());
        return Optional.empty();
      }
      byte[] material = key.getEncoded();
      if (material == null || material.length != KEY_SIZE_BYTES) {
        int bits = material == null ? 0 : material.length * 8;
        if (material != null) {
          Arrays.fill(material, (byte) 0);
        }
        throw new KeystoreUnavailableException("keystore " + path + ": key " + alias + " is"
            + " AES-" + bits + "; tokenvault needs AES-256 (keytool -keysize 256)");
      }
      checkKeyId(path, alias, material);
      Instant created = store.getCreationDate(alias).toInstant();
      return Optional.of(new KeyEntry(alias, created, material));
    }

    private static void checkKeyId(Path path, String alias, byte[] material)
        throws KeystoreUnavailableException {
      if (!KEY_ID.matcher(alias).matches()) {
        Arrays.fill(material, (byte) 0);
        throw new KeystoreUnavailableException("keystore " + path + ": alias '" + alias
            + "' cannot be a key id; use 1 to " + MAX_KEY_ID_LENGTH + " of a-z, 0-9, '.', '_'"
            + " and '-', starting with a letter or digit");
      }
    }
  }

  /** Orders keys by creation time, then by id length and id, so that the active key is last. */
  private static final Comparator<KeyEntry> NEWEST_LAST =
      Comparator.<KeyEntry, Instant>comparing(e -> e.created)
          .thenComparingInt(e -> e.id.length())
          .thenComparing(e -> e.id);

  /** One key: its id, creation time and material. */
  private static final class KeyEntry {
    final String id;
    final Instant created;
    final byte[] material;

    KeyEntry(String id, Instant created, byte[] material) {
      this.id = id;
      this.created = created;
      this.material = material;
    }
  }

  /** The keys as read from the file at one moment, immutable but for {@link #wipe()}. */
  private static final class Snapshot {
    final Map<String, KeyEntry> entries;
    final String activeId;
    final FileStamp stamp;

    Snapshot(Map<String, KeyEntry> entries, FileStamp stamp) {
      this.entries = Collections.unmodifiableMap(entries);
      String last = null;
      for (String id : entries.keySet()) {
        last = id;
      }
      this.activeId = last;
      this.stamp = stamp;
    }

    void wipe() {
      for (KeyEntry entry : entries.values()) {
        Arrays.fill(entry.material, (byte) 0);
      }
    }
  }

  /**
   * Builds a {@link KeyRing}: {@link #create()} makes a new keystore with a first key, {@link
   * #open()} reads an existing one. If building fails, the password source is closed.
   */
  public static final class Builder {
    private final Path path;
    private PasswordSource passwords;
    private int iterations = DEFAULT_ITERATIONS;
    private boolean strictPermissions;
    private StepHook hook = StepHook.NONE;

    private Builder(Path path) {
      this.path = requireNonNull(path, "path").toAbsolutePath();
    }

    /** Sets where the password comes from; the ring takes ownership and closes it. */
    public Builder password(PasswordSource passwords) {
      this.passwords = requireNonNull(passwords, "passwords");
      return this;
    }

    /**
     * Sets the PBKDF2 iteration count for keys this ring adds, and for the MAC of a keystore it
     * creates; the default is {@link #DEFAULT_ITERATIONS}.
     *
     * @throws IllegalArgumentException if {@code iterations} is below {@link #MIN_ITERATIONS}
     */
    public Builder iterations(int iterations) {
      if (iterations < MIN_ITERATIONS) {
        throw new IllegalArgumentException(
            "iterations " + iterations + " is below the minimum of " + MIN_ITERATIONS);
      }
      this.iterations = iterations;
      return this;
    }

    /**
     * Sets whether a keystore that other users can access is an error ({@code true}) or a
     * WARNING ({@code false}, the default).
     */
    public Builder strictPermissions(boolean strict) {
      this.strictPermissions = strict;
      return this;
    }

    /** Observes the steps of each keystore write; for fault-injection tests. */
    Builder stepHook(StepHook hook) {
      this.hook = requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Reads the existing keystore.
     *
     * @throws KeystoreUnavailableException if it is missing, unreadable or holds no AES-256 key
     * @throws WrongPasswordException if the password does not open it
     * @throws InsecureFileException in strict mode, if others can access it
     * @throws VaultException if the password cannot be obtained
     */
    public KeyRing open() throws VaultException {
      checkPassword();
      try {
        return new KeyRing(this, read(path, passwords, strictPermissions));
      } catch (VaultException | RuntimeException e) {
        passwords.close();
        throw e;
      }
    }

    /**
     * Creates a new keystore, owner-only, holding one new key {@code tv-1}, which is active.
     * Missing parent directories are created owner-only (0700).
     *
     * @throws VaultException if the file exists, or cannot be written
     */
    public KeyRing create() throws VaultException {
      checkPassword();
      try {
        writeNewKeystore();
        return new KeyRing(this, read(path, passwords, strictPermissions));
      } catch (VaultException | RuntimeException e) {
        passwords.close();
        throw e;
      }
    }

    private void writeNewKeystore() throws VaultException {
      createParentDirectories();
      char[] password = passwords.password();
      try (LockFile lockFile = LockFile.of(lockPathOf(path));
        LockFile.Held held = lockFile.acquireExclusive(LOCK_TIMEOUT)) {
        if (Files.exists(path)) {
          throw new VaultException("keystore " + path + " already exists; refusing to"
              + " overwrite it");
        }
        checkUsable(path, password);
        byte[] bytes = newKeystoreBytes(password);
        SecureFiles.writeAtomically(path, ByteBuffer.wrap(bytes), hook);
        LOG.log(Level.INFO, "created keystore {0} with key tv-1", path);
      } catch (IOException e) {
        throw new VaultIoException("cannot create keystore " + path, e);
      } catch (GeneralSecurityException e) {
        throw new KeystoreUnavailableException("cannot create keystore " + path, e);
      } finally {
        Arrays.fill(password, '\0');
      }
    }

    /** Creates the keystore's missing directories owner-only; its lock file goes there too. */
    private void createParentDirectories() throws VaultException {
      try {
        SecureFiles.createDirectories(path.getParent());
      } catch (IOException e) {
        throw new VaultIoException("cannot create the directory of keystore " + path, e);
      }
    }

    /**
     * Serializes a keystore holding one new key. The JDK reads the MAC iteration count only
     * from a security or system property when it stores a new keystore, so the property is set
     * for the duration of the call; later stores of the loaded file keep the count.
     */
    private byte[] newKeystoreBytes(char[] password) throws GeneralSecurityException,
        IOException {
      KeyStore store = KeyStore.getInstance(KEYSTORE_TYPE);
      store.load(null, null);
      setKey(store, "tv-1", generateKey(), password, iterations);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      synchronized (MAC_PROPERTY_GUARD) {
        String previous = System.getProperty(MAC_ITERATIONS_PROPERTY);
        System.setProperty(MAC_ITERATIONS_PROPERTY, Integer.toString(iterations));
        try {
          store.store(out, password);
        } finally {
          if (previous == null) {
            System.clearProperty(MAC_ITERATIONS_PROPERTY);
          } else {
            System.setProperty(MAC_ITERATIONS_PROPERTY, previous);
          }
        }
      }
      return out.toByteArray();
    }

    private void checkPassword() {
      if (passwords == null) {
        throw new IllegalStateException("no password source: call password(...) first");
      }
    }
  }

  /** Identifies one version of a file: its identity, size and modification time. */
  private static final class FileStamp {
    private final Object fileKey;
    private final long sizeBytes;
    private final long modifiedNanos;

    private FileStamp(Object fileKey, long sizeBytes, long modifiedNanos) {
      this.fileKey = fileKey;
      this.sizeBytes = sizeBytes;
      this.modifiedNanos = modifiedNanos;
    }

    static Optional<FileStamp> of(Path path) {
      try {
        var attributes = Files.readAttributes(path,
            java.nio.file.attribute.BasicFileAttributes.class);
        return Optional.of(new FileStamp(attributes.fileKey(), attributes.size(),
            attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof FileStamp)) {
        return false;
      }
      FileStamp other = (FileStamp) o;
      return java.util.Objects.equals(fileKey, other.fileKey) && sizeBytes == other.sizeBytes
          && modifiedNanos == other.modifiedNanos;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(fileKey, sizeBytes, modifiedNanos);
    }
  }
}
