package dev.tokenvault.file;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tokenvault.DamagedDataException;
import dev.tokenvault.InsecureFileException;
import dev.tokenvault.Lookup;
import dev.tokenvault.MissingCredentialsException;
import dev.tokenvault.Token;
import dev.tokenvault.TokenDocument;
import dev.tokenvault.TokenField;
import dev.tokenvault.TokenStore;
import dev.tokenvault.UnknownTokenException;
import dev.tokenvault.VaultException;
import dev.tokenvault.VaultIoException;
import dev.tokenvault.crypto.KeyInfo;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.RecordSealer;
import dev.tokenvault.fs.LockFile;
import dev.tokenvault.fs.SecureFiles;
import dev.tokenvault.fs.StepHook;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} that keeps sealed tokens in one append-only file, shared safely by the
 * threads of a process and by processes on one machine.
 *
 * <p><b>Writes.</b> A save, delete or clear appends one sealed frame and forces it before it
 * returns; concurrent writers in one process share a force. Writers take an operating-system
 * lock on a file beside the vault ({@code <vault>.lock}) and first read what other processes
 * appended, so an upsert is decided on the latest state and no save is lost. When dead records
 * (superseded versions and deletions) outweigh live ones, the writer compacts: it writes the
 * live records to a temporary file, forces it, moves it over the vault atomically and forces
 * the directory.
 *
 * <p><b>Reads.</b> Lookups are answered from memory: an index over the token ids and over keyed
 * hashes (lookup tags) of the user name, access, refresh and grant tokens, and a Caffeine cache
 * of opened records keyed by their sequence number. Before answering, a call checks whether the
 * file changed (its identity and size: one {@code stat}), and if so reads the new frames. With
 * a {@linkplain Builder#staleness staleness bound} the check runs at most once per bound.
 *
 * <p><b>Crashes.</b> After a crash at any instant the vault opens with every save that had
 * returned and perhaps the ones in flight. A torn tail left by an interrupted write is cut off
 * with a WARNING and its bytes kept in a side file ({@code <vault>.torn-<offset>-<millis>});
 * damage anywhere else stops the open with a {@link DamagedDataException} and nothing is
 * written.
 *
 * <p><b>Limitations.</b> Records are authenticated when they are opened, not when the vault is
 * opened (opening checks structure and checksums only, so a large vault opens without
 * decrypting every record); {@link #verify()} opens them all. An attacker who can write the file
 * can remove records or cut the file short, and a lookup tag altered by such an attacker can
 * make a lookup miss. After another process compacts the vault, this process reads the new file
 * whole on its next call. Sharing between machines through a network file system is not
 * supported.
 *
 * <p>Instances are safe for use by many threads; open one per vault per process.
 */
public final class FileTokenStore implements TokenStore {
  private static final System.Logger LOG = System.getLogger(FileTokenStore.class.getName());
  private static final byte[] EMPTY = new byte[0];
  private static final int TYPICAL_FRAME_BYTES = 768;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path path;
  private final String name;
  private final KeyRing ring;
  private final long stalenessNanos;
  private final Duration lockTimeout;
  private final boolean readOnly;
  private final boolean strictPermissions;
  private final long compactionMinDeadBytes;
  private final StepHook hook;
  private final LockFile lock;
  private final Cache<Long, Token> cache;
  private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
  private final GroupCommit commits = new GroupCommit();
  /** The deferred batch being applied, whose tokens are not in the file yet; under the lock. */
  private @Nullable Batch deferredBatch;

  private volatile @Nullable OpenFile file;
  private volatile long checkedAtNanos;
  private volatile boolean closed;

  private FileTokenStore(Builder builder, LockFile lock) {
    this.path = builder.path;
    this.name = "vault " + builder.path;
    this.ring = builder.ring;
    this.stalenessNanos = builder.staleness.toNanos();
    this.lockTimeout = builder.lockTimeout;
    this.readOnly = builder.readOnly;
    this.strictPermissions = builder.strictPermissions;
    this.compactionMinDeadBytes = builder.compactionMinDeadBytes;
    this.hook = builder.hook;
    this.lock = lock;
    // Maintenance runs on the calling thread: handing it to a pool woke a worker thread on
    // reads, about 15% of a cached lookup's time in the benchmarks.
    this.cache = Caffeine.newBuilder().maximumSize(builder.cacheSize)
        .executor(Runnable::run).build();
  }

  /** Returns a builder for the vault at {@code path}, sealed under the keys of {@code ring}. */
  public static Builder builder(Path path, KeyRing ring) {
    return new Builder(path, ring);
  }

  /** Returns the vault file's path. */
  public Path path() {
    return path;
  }

  // ---------------------------------------------------------------------------------------
  // The six operations

  @Override
  public Optional<Token> find(Token query) throws VaultException {
    requireNonNull(query, "query");
    Lookup lookup = Lookup.forFind(query);
    if (lookup.rule() == Lookup.Rule.NONE) {
      return Optional.empty();
    }
    refreshIfStale();
    state.readLock().lock();
    try {
      Match match = match(current(), lookup);
      return match == null ? Optional.empty() : Optional.of(query.fillFrom(match.stored));
    } finally {
      state.readLock().unlock();
    }
  }

  @Override
  public Token findById(String id) throws VaultException {
    requireNonNull(id, "id");
    refreshIfStale();
    state.readLock().lock();
    try {
      OpenFile open = current();
      Index.Entry entry = open.index.byId(id);
      if (entry == null) {
        throw new UnknownTokenException(id);
      }
      return openRecord(open, entry);
    } finally {
      state.readLock().unlock();
    }
  }

  @Override
  public Token save(Token token) throws VaultException {
    requireNonNull(token, "token");
    return write(batch -> saveLocked(batch, token));
  }

  /**
   * Saves {@code tokens} in order, each by the rules of {@link #save}, as one atomic change:
   * after a crash at any instant the vault holds all of them or none. Returns the tokens as
   * stored. This rewrites the whole file (like a compaction), so it suits imports, not the
   * saves of a running application. When no token changes anything (every one is already
   * stored as given), the file is left as it is, byte for byte.
   *
   * @throws MissingCredentialsException if one of the tokens cannot be stored; then none is
   * @throws VaultException if the vault cannot be locked, read or written; it is then
   *     unchanged
   */
  public List<Token> saveAll(List<Token> tokens) throws VaultException {
    requireNonNull(tokens, "tokens");
    List<Token> copy = List.copyOf(tokens);
    return write(batch -> {
      batch.deferWrites();
      try {
        List<Token> stored = new ArrayList<>(copy.size());
        for (Token token : copy) {
          stored.add(saveLocked(batch, token));
        }
        if (!batch.pending.isEmpty()) {
          rewriteLocked(batch.pending);
        }
        return stored;
      } catch (VaultException | RuntimeException e) {
        // Nothing reached the vault; read it again to forget what was applied in memory.
        rescan();
        throw e;
      } finally {
        batch.pendingTokens.clear();
      }
    });
  }

  /**
   * Returns the id of the key that seals the stored token {@code id}, without opening its
   * record: what a rotation still has to re-seal, and what {@code tokenvault list} shows.
   *
   * @throws UnknownTokenException if no stored token has this id
   * @throws VaultException if the store cannot be read
   */
  public String keyIdOf(String id) throws VaultException {
    requireNonNull(id, "id");
    refreshIfStale();
    state.readLock().lock();
    try {
      Index.Entry entry = current().index.byId(id);
      if (entry == null) {
        throw new UnknownTokenException(id);
      }
      return entry.keyId;
    } finally {
      state.readLock().unlock();
    }
  }

  @Override
  public void delete(String id) throws VaultException {
    requireNonNull(id, "id");
    write(batch -> {
      OpenFile open = current();
      if (open.index.byId(id) == null) {
        throw new UnknownTokenException(id);
      }
      batch.append(tombstone(open, Frame.DELETE, id), null);
      return null;
    });
  }

  @Override
  public List<Token> list() throws VaultException {
    refreshIfStale();
    state.readLock().lock();
    try {
      OpenFile open = current();
      List<Token> tokens = new ArrayList<>(open.index.size());
      for (Index.Entry entry : open.index.byBirth()) {
        tokens.add(openRecord(open, entry));
      }
      return Collections.unmodifiableList(tokens);
    } finally {
      state.readLock().unlock();
    }
  }

  @Override
  public void clear() throws VaultException {
    write(batch -> {
      OpenFile open = current();
      if (open.index.size() > 0) {
        batch.append(tombstone(open, Frame.CLEAR, ""), null);
      }
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------
  // Maintenance

  /**
   * Rewrites the vault with its live records only, whatever the proportion of dead ones.
   *
   * @throws VaultException if the vault cannot be locked, read or written; it is then unchanged
   */
  public void compact() throws VaultException {
    write(batch -> {
      compactLocked();
      return null;
    });
  }

  /**
   * Re-seals, under the keystore's active key, every record sealed under another key, in
   * batches of {@code batchSize} records, each one appended, forced and released before the
   * next, so that other threads and processes keep using the vault meanwhile. Then compacts, so
   * that no frame under an old key remains. Returns the number of records re-sealed.
   *
   * <p>An interruption at any point leaves a vault that opens with the keys present; running
   * this again finishes the work.
   *
   * @throws VaultException if the vault cannot be locked, read or written
   */
  public long reseal(int batchSize, @Nullable ResealListener listener) throws VaultException {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size " + batchSize + " is not positive");
    }
    long done = 0;
    while (true) {
      long[] remaining = new long[1];
      int sealed = write(batch -> resealBatch(batch, batchSize, remaining));
      done += sealed;
      if (listener != null) {
        listener.progress(done, done + remaining[0] - sealed);
      }
      if (remaining[0] <= sealed) {
        break;
      }
    }
    compact();
    return done;
  }

  /** Receives the progress of {@link #reseal}. */
  @FunctionalInterface
  public interface ResealListener {
    /** Called after each batch with the records re-sealed so far and the total to re-seal. */
    void progress(long done, long total);
  }

  /**
   * Removes from the keystore every key that nothing in this vault uses, apart from the active
   * key, and returns their ids. Compacts first if dead records remain, so that no frame of the
   * file, live or dead, is sealed under a removed key.
   *
   * <p>Limitations: only this vault is consulted. If other vaults share the keystore, a key they
   * still use would be removed; give each vault its own keystore.
   *
   * @throws VaultException if the vault or the keystore cannot be locked, read or written
   */
  public List<String> retireUnusedKeys() throws VaultException {
    return write(batch -> {
      if (current().index.deadFrames() > 0) {
        compactLocked();
      }
      OpenFile open = current();
      Set<String> used = new HashSet<>(List.of(open.index.keysInUse()));
      used.add(open.header.keyId);
      List<String> retired = new ArrayList<>();
      for (KeyInfo key : ring.keys()) {
        if (!key.isActive() && !used.contains(key.id())) {
          ring.removeKey(key.id());
          retired.add(key.id());
        }
      }
      return retired;
    });
  }

  /**
   * Returns figures about the vault: tokens, dead records, sizes and records per key.
   *
   * @throws VaultException if the vault cannot be read
   */
  public VaultStats stats() throws VaultException {
    refreshIfStale();
    state.readLock().lock();
    try {
      OpenFile open = current();
      Index index = open.index;
      return new VaultStats(open.header.vaultIdHex(), index.size(), index.liveBytes(),
          index.deadFrames(), index.deadBytes(), open.knownSize, open.header.keyId,
          index.recordsPerKey());
    } finally {
      state.readLock().unlock();
    }
  }

  /**
   * Reads the whole file again and opens every frame, live and dead, checking its checksum,
   * its order, its authentication tag under its key, and each token document. Problems are
   * collected, not thrown, up to the first structural damage (past which frames cannot be
   * found). Nothing is written.
   *
   * @throws VaultException if the vault cannot be locked or read at all
   */
  public VerifyReport verify() throws VaultException {
    refreshIfStale();
    try (LockFile.Held held = lock.acquireShared(lockTimeout)) {
      state.readLock().lock();
      try {
        return Verifier.verify(current(), name);
      } finally {
        state.readLock().unlock();
      }
    } catch (IOException e) {
      throw new VaultIoException("cannot lock " + name, e);
    }
  }

  /**
   * Closes the vault file and wipes the keys derived for it. The key ring stays open: it
   * belongs to the caller.
   */
  @Override
  public void close() throws VaultException {
    state.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      OpenFile open = file;
      file = null;
      cache.invalidateAll();
      if (open != null) {
        try {
          // A save that has written its frame but not yet returned waits for a force, which
          // this must make before closing: marking it durable alone would let it return with
          // its bytes unforced.
          if (!readOnly) {
            FileIo.force(open.channel, false);
          }
          commits.allDurable();
        } finally {
          open.sealer.close();
          open.channel.close();
        }
      }
      lock.close();
    } catch (IOException e) {
      throw new VaultIoException("cannot close " + name, e);
    } finally {
      state.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "FileTokenStore{" + path + (readOnly ? ", read-only}" : "}");
  }

  // ---------------------------------------------------------------------------------------
  // Deciding a save

  private Token saveLocked(Batch batch, Token token) throws VaultException {
    OpenFile open = current();
    Index.Entry target;
    Token stored;
    if (token.id() != null) {
      target = open.index.byId(token.id());
      if (target == null) {
        requireCredentials(token, "token '" + token.id() + "' matches no stored token");
        return insert(batch, open, token);
      }
      stored = openRecord(open, target);
    } else {
      Match match = match(open, Lookup.forSave(token));
      if (match == null) {
        if (token.userName() != null) {
          requireCredentials(token, "a token for a user name that matches no stored token");
        }
        return insert(batch, open, token.withId(open.index.newId()));
      }
      target = match.entry;
      stored = match.stored;
    }
    Token merged = token.fillFrom(stored);
    if (!merged.equals(stored)) {
      batch.append(put(open, merged, target.birth), merged);
    }
    return merged;
  }

  private static void requireCredentials(Token token, String what)
      throws MissingCredentialsException {
    if (!token.hasCredentials()) {
      throw new MissingCredentialsException(
          what + " and has no access, refresh or grant token to store it by");
    }
  }

  private Token insert(Batch batch, OpenFile open, Token token) throws VaultException {
    batch.append(put(open, token, 0), token);
    return token;
  }

  /** Builds a put frame for {@code token}; a birth of 0 makes it a new token. */
  private Frame put(OpenFile open, Token token, long birth) throws VaultException {
    long sequence = open.index.takeSequence();
    long born = birth == 0 ? sequence : birth;
    String keyId = open.sealer.activeKeyId();
    TagKey[] tags = tagsOf(open.sealer, keyId, token);
    byte[] identity = Frame.identity(Frame.PUT, sequence, born, token.id(), tags);
    byte[] document = TokenDocument.toJson(token);
    try {
      byte[] sealed = open.sealer.seal(keyId, document, identity);
      return Frame.unwritten(Frame.PUT, sequence, born, token.id(), tags, keyId, sealed);
    } finally {
      TokenDocument.wipe(document);
    }
  }

  private Frame tombstone(OpenFile open, byte kind, String id) throws VaultException {
    long sequence = open.index.takeSequence();
    String keyId = open.sealer.activeKeyId();
    TagKey[] tags = new TagKey[VaultFormat.TAGGED_FIELDS.length];
    byte[] identity = Frame.identity(kind, sequence, 0, id, tags);
    byte[] sealed = open.sealer.seal(keyId, EMPTY, identity);
    return Frame.unwritten(kind, sequence, 0, id, tags, keyId, sealed);
  }

  private static TagKey[] tagsOf(RecordSealer sealer, String keyId, Token token)
      throws VaultException {
    TagKey[] tags = new TagKey[VaultFormat.TAGGED_FIELDS.length];
    for (int slot = 0; slot < tags.length; slot++) {
      String value = token.get(VaultFormat.TAGGED_FIELDS[slot]);
      if (value != null) {
        tags[slot] = TagKey.of(sealer.lookupTag(keyId, VaultFormat.TAGGED_FIELDS[slot], value));
      }
    }
    return tags;
  }

  private int resealBatch(Batch batch, int batchSize, long[] remaining) throws VaultException {
    OpenFile open = current();
    String active = open.sealer.activeKeyId();
    remaining[0] = open.index.size() - open.index.recordsPerKey().getOrDefault(active, 0L);
    List<Frame> frames = new ArrayList<>();
    for (Index.Entry entry : open.index.sealedWithOtherThan(active, batchSize)) {
      frames.add(put(open, openRecord(open, entry), entry.birth));
    }
    batch.appendAll(frames);
    return frames.size();
  }

  // ---------------------------------------------------------------------------------------
  // Matching

  /** A stored record that a lookup selected, opened. */
  private static final class Match {
    final Index.Entry entry;
    final Token stored;

    Match(Index.Entry entry, Token stored) {
      this.entry = entry;
      this.stored = stored;
    }
  }

  /**
   * Returns the oldest live record that {@code lookup} selects, or null. Candidates come from
   * the lookup tags under every key in use; each is opened and compared exactly, oldest first.
   */
  private @Nullable Match match(OpenFile open, Lookup lookup) throws VaultException {
    if (lookup.rule() == Lookup.Rule.ID) {
      Index.Entry entry = open.index.byId(lookup.value());
      return entry == null ? null : new Match(entry, openRecord(open, entry));
    }
    List<Index.Entry> candidates = new ArrayList<>(2);
    for (String keyId : open.index.keysInUse()) {
      switch (lookup.rule()) {
        case USER_NAME:
          collect(open, keyId, TokenField.USER_NAME, lookup.value(), candidates);
          break;
        case ACCESS_TOKEN:
          collect(open, keyId, TokenField.ACCESS_TOKEN, lookup.value(), candidates);
          break;
        case GRANT_OR_REFRESH:
          collect(open, keyId, TokenField.GRANT_TOKEN, lookup.value(), candidates);
          collect(open, keyId, TokenField.REFRESH_TOKEN, lookup.refreshToken(), candidates);
          break;
        default:
          return null;
      }
    }
    if (candidates.size() > 1) {
      candidates.sort(Index.BY_BIRTH);
    }
    for (Index.Entry candidate : candidates) {
      Token stored = openRecord(open, candidate);
      if (lookup.matches(stored)) {
        return new Match(candidate, stored);
      }
    }
    return null;
  }

  private static void collect(OpenFile open, String keyId, TokenField field,
      @Nullable String value, List<Index.Entry> out) throws VaultException {
    if (value != null) {
      TagKey tag = TagKey.of(open.sealer.lookupTag(keyId, field, value));
      open.index.collect(keyId, VaultFormat.tagSlot(field), tag, out);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Opening records

  /** Returns the token of a live record, from the cache or by reading and opening its frame. */
  private Token openRecord(OpenFile open, Index.Entry entry) throws VaultException {
    Token cached = cache.getIfPresent(entry.sequence);
    if (cached != null) {
      return cached;
    }
    Batch deferred = deferredBatch;
    if (deferred != null && entry.offset < 0) {
      return deferred.pendingTokens.get(entry.sequence);
    }
    ByteBuffer bytes = ByteBuffer.allocate(entry.sizeBytes);
    try {
      FileIo.readFully(open.channel, bytes, entry.offset);
    } catch (IOException e) {
      throw new VaultIoException("cannot read " + entry + " of " + name, e);
    }
    if (VaultFormat.frameSizeAt(bytes, 0) != entry.sizeBytes
        || !VaultFormat.frameChecksumMatches(bytes, 0, entry.sizeBytes)) {
      throw damaged(entry, "the frame changed on disk after it was read (CRC mismatch)");
    }
    Frame frame = VaultFormat.decodeFrame(bytes, 0, entry.sizeBytes, entry.offset, name, true);
    if (frame.sequence != entry.sequence || !frame.id.equals(entry.id)) {
      throw damaged(entry, "the frame on disk is #" + frame.sequence + ", not this record");
    }
    Token token = unseal(open, frame);
    cache.put(entry.sequence, token);
    return token;
  }

  private Token unseal(OpenFile open, Frame frame) throws VaultException {
    byte[] plaintext;
    Token token;
    try {
      plaintext = open.sealer.open(frame.sealed, frame.identity());
    } catch (DamagedDataException e) {
      throw damaged(frame, e.getMessage());
    }
    try {
      token = TokenDocument.fromJson(plaintext);
    } catch (DamagedDataException e) {
      throw damaged(frame, e.getMessage());
    } finally {
      TokenDocument.wipe(plaintext);
    }
    if (!frame.id.equals(token.id())) {
      throw damaged(frame, "the sealed token's id differs from the frame's");
    }
    return token;
  }

  private DamagedDataException damaged(Index.Entry entry, String what) {
    return new DamagedDataException(name + ": " + entry + ": " + what, entry.offset);
  }

  private DamagedDataException damaged(Frame frame, String what) {
    return new DamagedDataException(name + ": record '" + frame.id + "' (#" + frame.sequence
        + ") at offset " + frame.offset + ": " + what, frame.offset);
  }

  // ---------------------------------------------------------------------------------------
  // Writing

  /**
   * The writes of one locked call: frames appended, and the ticket to wait for. A deferred
   * batch applies its frames in memory only and keeps them for one whole-file rewrite.
   */
  private final class Batch {
    private long ticket;
    private boolean deferred;
    private final List<Frame> pending = new ArrayList<>();
    private final Map<Long, Token> pendingTokens = new java.util.HashMap<>();

    void deferWrites() {
      deferred = true;
      deferredBatch = this;
    }

    /** Appends one frame; {@code token} is the token a put frame seals, or null. */
    void append(Frame frame, @Nullable Token token) throws VaultException {
      if (deferred) {
        current().index.apply(frame);
        pending.add(frame);
        if (token != null) {
          pendingTokens.put(frame.sequence, token);
        }
        return;
      }
      appendAll(List.of(frame));
      if (token != null) {
        cache.put(frame.sequence, token);
      }
    }

    /**
     * Appends frames with one write at the end of the valid data, then applies them. If the
     * write fails, the file is cut back to where it was, so that no partial frame stays.
     */
    void appendAll(List<Frame> frames) throws VaultException {
      if (frames.isEmpty()) {
        return;
      }
      OpenFile open = current();
      long start = open.validEnd;
      List<ByteBuffer> encoded = new ArrayList<>(frames.size());
      int total = 0;
      for (Frame frame : frames) {
        ByteBuffer bytes = VaultFormat.encodeFrame(frame);
        encoded.add(bytes);
        total += bytes.remaining();
      }
      ByteBuffer all = ByteBuffer.allocate(total);
      encoded.forEach(all::put);
      all.flip();
      try {
        FileIo.writeFully(open.channel, all, start);
      } catch (IOException e) {
        undoPartialWrite(open, start, e);
        throw new VaultIoException("cannot append to " + name, e);
      }
      long at = start;
      for (Frame frame : frames) {
        open.index.apply(frame.at(at));
        at += frame.sizeBytes;
        if (frame.kind == Frame.CLEAR) {
          cache.invalidateAll();
        }
      }
      open.validEnd = at;
      open.knownSize = at;
      ticket = commits.written();
    }
  }

  private void undoPartialWrite(OpenFile open, long start, IOException failure) {
    try {
      FileIo.truncate(open.channel, start);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** One change made under the vault's exclusive lock. */
  @FunctionalInterface
  private interface Change<T> {
    T apply(Batch batch) throws VaultException;
  }

  /**
   * Runs {@code change} under the exclusive lock, on the latest state of the file, compacts if
   * dead records outweigh live ones, releases the lock and waits until the writes are durable.
   */
  private <T> T write(Change<T> change) throws VaultException {
    checkOpen();
    if (readOnly) {
      throw new IllegalStateException(name + " was opened read-only");
    }
    Batch batch = new Batch();
    T result;
    try (LockFile.Held held = lock.acquireExclusive(lockTimeout)) {
      state.writeLock().lock();
      try {
        checkOpen();
        catchUp(true);
        ring.refreshIfChanged();
        try {
          result = change.apply(batch);
        } finally {
          deferredBatch = null;
        }
        compactIfWorthwhile();
      } finally {
        state.writeLock().unlock();
      }
    } catch (IOException e) {
      throw new VaultIoException("cannot lock " + name, e);
    }
    awaitDurable(batch.ticket);
    return result;
  }

  private void awaitDurable(long ticket) throws VaultException {
    if (ticket == 0) {
      return;
    }
    try {
      commits.awaitDurable(ticket, () -> {
        OpenFile open = file;
        if (open == null) {
          throw new IOException("the store was closed before the write was forced");
        }
        FileIo.force(open.channel, false);
      });
    } catch (IOException e) {
      throw new VaultIoException("cannot force " + name + " to disk", e);
    }
  }

  private void compactIfWorthwhile() {
    Index index = current().index;
    if (index.deadBytes() < compactionMinDeadBytes || index.deadBytes() <= index.liveBytes()) {
      return;
    }
    try {
      compactLocked();
    } catch (VaultException | RuntimeException e) {
      // The change itself is written and durable; a failed compaction loses nothing and is
      // tried again at the next write.
      LOG.log(Level.WARNING, "{0}: automatic compaction failed: {1}", name, e.getMessage());
    }
  }

  private void compactLocked() throws VaultException {
    rewriteLocked(List.of());
  }

  /**
   * Rewrites the file with the live frames only, copied byte for byte, then the frames of a
   * deferred batch, under a new header. The new file is read back before it is moved into
   * place, so a vault is never replaced by one that does not open.
   */
  private void rewriteLocked(List<Frame> pending) throws VaultException {
    OpenFile old = current();
    VaultHeader header = new VaultHeader(old.header.vaultId, old.index.nextSequence(),
        old.index.idHighWater(), System.currentTimeMillis(), old.sealer.activeKeyId(), 0);
    byte[] headerBytes = VaultFormat.encodeHeader(header, old.sealer);
    VaultHeader written = readHeader(ByteBuffer.wrap(headerBytes), headerBytes.length);
    Index[] rebuilt = new Index[1];
    long[] end = new long[1];
    try {
      SecureFiles.writeAtomically(path, hook, temp -> {
        end[0] = copyLiveFrames(old, headerBytes, temp);
        end[0] = appendPending(old.index, pending, temp, end[0]);
        rebuilt[0] = readBack(temp, written, old.sealer, end[0]);
      });
    } catch (WrappedVaultException e) {
      throw e.cause;
    } catch (IOException e) {
      throw new VaultIoException("cannot rewrite " + name + "; " + outcomeOfFailedRewrite(old),
          e);
    }
    // The move committed: the new file is the vault. Switch to it.
    OpenFile rewritten = openChannelAfterMove(written, old.sealer, rebuilt[0], end[0]);
    file = rewritten;
    commits.allDurable();
    closeQuietly(old.channel);
    LOG.log(Level.DEBUG, "{0}: rewritten with {1} records, {2} bytes (was {3})", name,
        plain(rewritten.index.size()), plain(end[0]), plain(old.knownSize));
  }

  /**
   * Says whether a failed rewrite left the vault as it was: a failure after the move (forcing
   * the directory) leaves the new file in place. Either way this store reads the file at the
   * path on its next call.
   */
  private String outcomeOfFailedRewrite(OpenFile old) {
    try {
      Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      return now.equals(old.fileKey) ? "it is unchanged"
          : "it was replaced by the new copy, whose durability is not assured";
    } catch (IOException e) {
      return "whether it was replaced is unknown";
    }
  }

  /** Writes the header, then the live frames of the old file in runs of adjacent frames. */
  private long copyLiveFrames(OpenFile old, byte[] headerBytes, FileChannel temp)
      throws IOException {
    FileIo.writeFully(temp, ByteBuffer.wrap(headerBytes), 0);
    temp.position(headerBytes.length);
    long runStart = -1;
    long runEnd = -1;
    for (Index.Entry entry : old.index.byOffset()) {
      if (entry.offset < 0) {
        continue;
      }
      if (entry.offset != runEnd) {
        if (runStart >= 0) {
          FileIo.copy(old.channel, runStart, runEnd - runStart, temp);
        }
        runStart = entry.offset;
      }
      runEnd = entry.offset + entry.sizeBytes;
    }
    if (runStart >= 0) {
      FileIo.copy(old.channel, runStart, runEnd - runStart, temp);
    }
    return temp.position();
  }

  /** Writes the pending frames that are still live, in sequence order, after the copied ones. */
  private static long appendPending(Index index, List<Frame> pending, FileChannel temp,
      long at) throws IOException {
    long end = at;
    for (Frame frame : pending) {
      Index.Entry live = index.byId(frame.id);
      if (live != null && live.sequence == frame.sequence) {
        ByteBuffer bytes = VaultFormat.encodeFrame(frame);
        FileIo.writeFully(temp, bytes, end);
        end += frame.sizeBytes;
      }
    }
    return end;
  }

  private Index readBack(FileChannel temp, VaultHeader header, RecordSealer sealer, long size)
      throws IOException {
    try {
      Index index = newIndex(header, size);
      FrameScanner.Result result = FrameScanner.scan(temp, name + " (compacted copy)",
          header.sizeBytes, size, false, frame -> applyVerified(index, sealer, frame));
      if (result.hasTornTail()) {
        throw new DamagedDataException(name + ": the compacted copy reads back with "
            + result.tornBytes() + " bad bytes at offset " + result.validEnd, result.validEnd);
      }
      return index;
    } catch (VaultException e) {
      throw new WrappedVaultException(e);
    }
  }

  /** Carries a {@link VaultException} through code that may throw only I/O exceptions. */
  private static final class WrappedVaultException extends IOException {
    private static final long serialVersionUID = 1L;
    final transient VaultException cause;

    WrappedVaultException(VaultException cause) {
      super(cause.getMessage());
      this.cause = cause;
    }
  }

  private OpenFile openChannelAfterMove(VaultHeader header, RecordSealer sealer, Index index,
      long size) throws VaultException {
    try {
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      return new OpenFile(channel, stat().fileKey(), header, sealer, index, size, size);
    } catch (IOException e) {
      throw new VaultIoException(name + " was compacted but cannot be reopened", e);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Reading the file: opening, catching up, torn tails

  private void initialLoad() throws VaultException {
    // The staleness bound counts from before the file is read: a save that returns while the
    // open is still running may be missed by it, and must then be seen within the bound.
    long started = System.nanoTime();
    checkPermissions(path);
    checkPermissions(lock.path());
    try {
      try (LockFile.Held held = lock.acquireShared(lockTimeout)) {
        state.writeLock().lock();
        try {
          file = load(null);
        } finally {
          state.writeLock().unlock();
        }
      }
      if (!readOnly && (current().hasTornTail() || !leftoverTempFiles().isEmpty())) {
        try (LockFile.Held held = lock.acquireExclusive(lockTimeout)) {
          state.writeLock().lock();
          try {
            catchUp(true);
            removeLeftoverTempFiles();
          } finally {
            state.writeLock().unlock();
          }
        }
      }
      checkedAtNanos = started;
    } catch (IOException e) {
      throw new VaultIoException("cannot lock " + name, e);
    }
  }

  /**
   * Reads the file at the vault's path from its header to its end. The caller holds the lock
   * (shared or exclusive) and the state's write lock.
   */
  private OpenFile load(@Nullable OpenFile previous) throws VaultException {
    FileChannel channel;
    try {
      channel = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
          : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw new VaultException(name + " does not exist");
    } catch (IOException e) {
      throw new VaultIoException("cannot open " + name, e);
    }
    try {
      Object fileKey = stat().fileKey();
      long size = channel.size();
      ByteBuffer headerBytes = ByteBuffer.allocate(
          (int) Math.min(size, VaultFormat.HEADER_FIXED_BYTES + 64));
      FileIo.readFully(channel, headerBytes, 0);
      VaultHeader header = readHeader(headerBytes, size);
      RecordSealer sealer = previous != null
          && java.util.Arrays.equals(previous.header.vaultId, header.vaultId)
          ? previous.sealer : RecordSealer.create(ring, header.vaultId);
      VaultFormat.verifyHeaderMac(headerBytes, header, sealer, name);
      Index index = newIndex(header, size);
      FrameScanner.Result result = FrameScanner.scan(channel, name, header.sizeBytes, size,
          false, frame -> applyVerified(index, sealer, frame));
      return new OpenFile(channel, fileKey, header, sealer, index, result.validEnd, size);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new VaultIoException("cannot read " + name, e);
    } catch (VaultException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private VaultHeader readHeader(ByteBuffer bytes, long fileSize) throws VaultException {
    return VaultFormat.decodeHeader(bytes, fileSize, name);
  }

  /**
   * Returns an empty index for a file of {@code fileSizeBytes}, its maps sized for one record
   * per {@value #TYPICAL_FRAME_BYTES} bytes: about what a Zoho token takes sealed. A file of
   * smaller records grows the maps a few times; one of dead records wastes some table slots.
   */
  private Index newIndex(VaultHeader header, long fileSizeBytes) {
    return new Index(name, header, removed -> cache.invalidate(removed.sequence),
        fileSizeBytes / TYPICAL_FRAME_BYTES);
  }

  /**
   * Applies a frame read from the file. Deletions and clears are authenticated here, before
   * they take effect, because nothing reads them later; puts are authenticated when opened.
   */
  private void applyVerified(Index index, RecordSealer sealer, Frame frame)
      throws VaultException {
    if (frame.kind != Frame.PUT) {
      byte[] plaintext;
      try {
        plaintext = sealer.open(frame.sealed, frame.identity());
      } catch (DamagedDataException e) {
        throw damaged(frame, e.getMessage());
      }
      if (plaintext.length != 0) {
        throw damaged(frame, "a " + frame.kindName() + " frame carries " + plaintext.length
            + " bytes");
      }
    }
    index.apply(frame);
  }

  /**
   * Brings the state up to date with the file: reads frames appended since, or the whole file
   * if it was replaced. With the exclusive lock, a torn tail is also cut. The caller holds the
   * lock and the state's write lock.
   */
  private void catchUp(boolean exclusive) throws VaultException {
    OpenFile open = current();
    BasicFileAttributes now = stat();
    if (!now.fileKey().equals(open.fileKey)) {
      reload(open);
    } else if (now.size() < open.validEnd) {
      throw new DamagedDataException(name + " shrank from " + open.validEnd + " to " + now.size()
          + " bytes while open: another program cut it", now.size());
    } else if (now.size() != open.validEnd) {
      readAppended(open, now.size());
    }
    OpenFile latest = current();
    if (exclusive && latest.hasTornTail()) {
      cutTornTail(latest);
    }
  }

  private void readAppended(OpenFile open, long size) throws VaultException {
    try {
      FrameScanner.Result result = FrameScanner.scan(open.channel, name, open.validEnd, size,
          false, frame -> applyVerified(open.index, open.sealer, frame));
      open.validEnd = result.validEnd;
      open.knownSize = size;
    } catch (IOException e) {
      throw new VaultIoException("cannot read " + name, e);
    }
  }

  /**
   * Reads the current file again through the same channel, dropping all state in memory: after
   * a deferred batch failed, the file still holds the truth.
   */
  private void rescan() throws VaultException {
    OpenFile old = current();
    Index index = newIndex(old.header, old.validEnd);
    try {
      FrameScanner.Result result = FrameScanner.scan(old.channel, name, old.header.sizeBytes,
          old.validEnd, false, frame -> applyVerified(index, old.sealer, frame));
      file = new OpenFile(old.channel, old.fileKey, old.header, old.sealer, index,
          result.validEnd, old.knownSize);
      cache.invalidateAll();
    } catch (IOException e) {
      throw new VaultIoException("cannot read " + name + " again", e);
    }
  }

  /** Switches to the file now at the path: another process compacted or replaced the vault. */
  private void reload(OpenFile old) throws VaultException {
    OpenFile fresh = load(old);
    file = fresh;
    cache.invalidateAll();
    commits.allDurable();
    if (fresh.sealer != old.sealer) {
      old.sealer.close();
    }
    closeQuietly(old.channel);
    LOG.log(Level.DEBUG, "{0}: the file was replaced; read {1} records again", name,
        plain(fresh.index.size()));
  }

  /**
   * Cuts a torn tail off the file, after copying its bytes to a side file so that nothing is
   * destroyed. The bytes are sealed frames, so the side file holds nothing readable.
   */
  private void cutTornTail(OpenFile open) throws VaultException {
    long at = open.validEnd;
    long bytes = open.knownSize - at;
    Path side = path.resolveSibling(path.getFileName() + ".torn-" + at + "-"
        + System.currentTimeMillis());
    try {
      // 1. Keep the bytes: copy them to the side file and force it and its directory.
      try (FileChannel out = SecureFiles.createNew(side)) {
        FileIo.copy(open.channel, at, bytes, out);
        FileIo.force(out, true);
      }
      SecureFiles.forceDirectory(side.toAbsolutePath().getParent());

      // 2. Cut them off the vault and force it: the vault now ends with its last valid frame.
      FileIo.truncate(open.channel, at);
      FileIo.force(open.channel, true);
    } catch (IOException e) {
      throw new VaultIoException("cannot cut the torn tail of " + name + " at offset " + at, e);
    }
    open.knownSize = at;
    LOG.log(Level.WARNING, "{0}: cut a torn tail of {1} bytes at offset {2}, left by an"
        + " interrupted write; the bytes are kept in {3}", name, plain(bytes), plain(at), side);
  }

  /**
   * Returns a number as its plain digits for a log parameter, which would otherwise be
   * formatted for the default locale ("offset 1,583"), unlike the offsets in exception
   * messages and file names.
   */
  private static String plain(long number) {
    return Long.toString(number);
  }

  private List<Path> leftoverTempFiles() throws VaultException {
    Path directory = path.toAbsolutePath().getParent();
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        if (SecureFiles.isTempFileOf(entry, path.toAbsolutePath())) {
          found.add(entry);
        }
      }
    } catch (IOException e) {
      throw new VaultIoException("cannot list " + directory, e);
    }
    return found;
  }

  /**
   * Removes temporary files of compactions or creations that a crash interrupted. Safe under
   * the exclusive lock: no compaction can be running.
   */
  private void removeLeftoverTempFiles() throws VaultException {
    for (Path leftover : leftoverTempFiles()) {
      try {
        Files.deleteIfExists(leftover);
        LOG.log(Level.WARNING, "{0}: removed {1}, left by an interrupted rewrite", name,
            leftover);
      } catch (IOException e) {
        throw new VaultIoException("cannot remove " + leftover, e);
      }
    }
  }

  /**
   * Reads what changed since the last call, unless the staleness bound allows skipping the
   * check. The check itself is one {@code stat} of the vault path.
   */
  private void refreshIfStale() throws VaultException {
    checkOpen();
    long now = System.nanoTime();
    if (stalenessNanos > 0 && now - checkedAtNanos < stalenessNanos) {
      return;
    }
    OpenFile open = current();
    BasicFileAttributes attributes = stat();
    boolean changed = !attributes.fileKey().equals(open.fileKey)
        || attributes.size() != open.validEnd;
    if (changed) {
      catchUpShared();
      if (!readOnly && current().hasTornTail()) {
        catchUpExclusive();
      }
    }
    checkedAtNanos = now;
  }

  private void catchUpShared() throws VaultException {
    try (LockFile.Held held = lock.acquireShared(lockTimeout)) {
      state.writeLock().lock();
      try {
        checkOpen();
        catchUp(false);
      } finally {
        state.writeLock().unlock();
      }
    } catch (IOException e) {
      throw new VaultIoException("cannot lock " + name, e);
    }
  }

  private void catchUpExclusive() throws VaultException {
    try (LockFile.Held held = lock.acquireExclusive(lockTimeout)) {
      state.writeLock().lock();
      try {
        checkOpen();
        catchUp(true);
      } finally {
        state.writeLock().unlock();
      }
    } catch (IOException e) {
      throw new VaultIoException("cannot lock " + name, e);
    }
  }

  private BasicFileAttributes stat() throws VaultException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new VaultException(name + " no longer exists (was it moved or deleted?)");
    } catch (IOException e) {
      throw new VaultIoException("cannot read the attributes of " + name, e);
    }
  }

  private void checkPermissions(Path file) throws VaultException {
    Optional<String> exposure;
    try {
      exposure = SecureFiles.exposure(file);
    } catch (IOException e) {
      throw new VaultIoException("cannot read the permissions of " + file, e);
    }
    if (exposure.isPresent()) {
      String message = file + " is " + exposure.get() + "; run chmod 600 on it";
      if (strictPermissions) {
        throw new InsecureFileException(message);
      }
      LOG.log(Level.WARNING, message);
    }
  }

  private OpenFile current() {
    OpenFile open = file;
    if (open == null) {
      throw new IllegalStateException(name + " is closed");
    }
    return open;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing a vault channel failed: {0}", e.toString());
    }
  }

  // ---------------------------------------------------------------------------------------
  // Creation

  /**
   * Creates the vault file, unless it exists: then it is an error, or, if {@code mayExist}, the
   * vault that another thread or process created first, which the caller opens.
   */
  private void createFile(boolean mayExist) throws VaultException {
    try (LockFile.Held held = lock.acquireExclusive(lockTimeout)) {
      if (Files.exists(path)) {
        if (mayExist) {
          return;
        }
        throw new VaultException(name + " already exists; refusing to overwrite it");
      }
      byte[] vaultId = new byte[RecordSealer.VAULT_ID_SIZE_BYTES];
      RANDOM.nextBytes(vaultId);
      try (RecordSealer sealer = RecordSealer.create(ring, vaultId)) {
        VaultHeader header = new VaultHeader(vaultId, 1, 0, System.currentTimeMillis(),
            sealer.activeKeyId(), 0);
        byte[] bytes = VaultFormat.encodeHeader(header, sealer);
        SecureFiles.writeAtomically(path, ByteBuffer.wrap(bytes), hook);
      }
      LOG.log(Level.INFO, "{0}: created, sealed under key {1}", name, ring.activeKeyId());
    } catch (IOException e) {
      throw new VaultIoException("cannot create " + name, e);
    }
  }

  /**
   * Builds a {@link FileTokenStore}. Each setter checks its argument; {@link #open()}, {@link
   * #create()} and {@link #openOrCreate()} check the whole and release what they opened if they
   * fail.
   */
  public static final class Builder {
    private final Path path;
    private final KeyRing ring;
    private Duration staleness = Duration.ZERO;
    private Duration lockTimeout = Duration.ofSeconds(10);
    private long cacheSize = 10_000;
    private boolean readOnly;
    private boolean strictPermissions;
    private long compactionMinDeadBytes = 64 * 1024;
    private StepHook hook = StepHook.NONE;

    private Builder(Path path, KeyRing ring) {
      this.path = requireNonNull(path, "path").toAbsolutePath();
      this.ring = requireNonNull(ring, "ring");
    }

    /**
     * Sets how long a read may go without checking for other processes' changes. The default,
     * zero, checks on every call, so a reader sees another process's committed save on its next
     * call. Changes made through this instance are always seen at once.
     *
     * @throws IllegalArgumentException if {@code staleness} is negative
     */
    public Builder staleness(Duration staleness) {
      requireNonNull(staleness, "staleness");
      if (staleness.isNegative()) {
        throw new IllegalArgumentException("staleness " + staleness + " is negative");
      }
      this.staleness = staleness;
      return this;
    }

    /**
     * Sets how long to wait for another process holding the vault's lock; default 10 seconds.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder lockTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("lock timeout " + timeout + " is negative");
      }
      this.lockTimeout = timeout;
      return this;
    }

    /**
     * Sets how many opened records the cache keeps; default 10,000. Zero disables the cache:
     * every read then opens its record.
     *
     * @throws IllegalArgumentException if {@code records} is negative
     */
    public Builder cacheSize(long records) {
      if (records < 0) {
        throw new IllegalArgumentException("cache size " + records + " is negative");
      }
      this.cacheSize = records;
      return this;
    }

    /**
     * Opens the vault for reading only: writes throw {@link IllegalStateException}, and a torn
     * tail is left in place (and ignored) rather than cut.
     */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /**
     * Sets whether a vault or lock file that other users can access is an error ({@code true})
     * or a WARNING ({@code false}, the default).
     */
    public Builder strictPermissions(boolean strict) {
      this.strictPermissions = strict;
      return this;
    }

    /**
     * Sets the dead bytes below which no automatic compaction runs, however they compare with
     * the live bytes; default 64 KiB.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder compactionMinDeadBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("compaction threshold " + bytes + " is negative");
      }
      this.compactionMinDeadBytes = bytes;
      return this;
    }

    /** Observes the steps of each whole-file write; for fault-injection tests. */
    Builder stepHook(StepHook hook) {
      this.hook = requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Opens an existing vault.
     *
     * @throws VaultException if the vault does not exist or cannot be read; {@link
     *     DamagedDataException} if it is damaged other than by a torn tail
     */
    public FileTokenStore open() throws VaultException {
      if (!Files.exists(path)) {
        throw new VaultException("vault " + path + " does not exist; create it with"
            + " 'tokenvault init'");
      }
      return start(false, false);
    }

    /**
     * Creates a new, empty vault, owner-only, and opens it.
     *
     * @throws VaultException if the file exists or cannot be written
     */
    public FileTokenStore create() throws VaultException {
      return start(true, false);
    }

    /**
     * Opens the vault, creating it first if it does not exist. Safe when several threads or
     * processes do it at once: one creates the vault and the others open it.
     *
     * @throws VaultException if the vault cannot be created, read or opened
     */
    public FileTokenStore openOrCreate() throws VaultException {
      return start(!Files.exists(path), true);
    }

    private FileTokenStore start(boolean create, boolean mayExist) throws VaultException {
      if (create && readOnly) {
        throw new IllegalStateException("cannot create " + path + " read-only");
      }
      LockFile lock;
      try {
        SecureFiles.createDirectories(path.getParent());
        lock = LockFile.of(path.resolveSibling(path.getFileName() + ".lock"));
      } catch (IOException e) {
        throw new VaultIoException("cannot prepare the directory of vault " + path, e);
      }
      FileTokenStore store = new FileTokenStore(this, lock);
      try {
        if (create) {
          store.createFile(mayExist);
        }
        store.initialLoad();
        return store;
      } catch (VaultException | RuntimeException e) {
        try {
          store.close();
        } catch (VaultException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
  }
}
