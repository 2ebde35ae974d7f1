package dev.tokenvault.file;

import dev.tokenvault.DamagedDataException;
import dev.tokenvault.VaultException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The in-memory state of a vault, rebuilt from its frames: the live record of each token id,
 * the lookup tags of the secret fields, and the counters that must never go backwards.
 *
 * <p>It holds no token value: ids are plaintext in the file too, and the secret fields are
 * represented by their lookup tags. Not thread-safe; the store guards it.
 */
final class Index {
  static final Comparator<Entry> BY_BIRTH = Comparator.comparingLong(e -> e.birth);
  private static final String MAX_LONG_TEXT = Long.toString(Long.MAX_VALUE);
  private static final int MAX_LONG_DIGITS = MAX_LONG_TEXT.length();

  /** Where the live record of one token is, and what it is sealed with. */
  static final class Entry {
    final String id;
    final long sequence;
    final long birth;
    final long offset;
    final int sizeBytes;
    final String keyId;
    final TagKey[] tags;

    Entry(Frame frame, String keyId) {
      this.id = frame.id;
      this.sequence = frame.sequence;
      this.birth = frame.birth;
      this.offset = frame.offset;
      this.sizeBytes = frame.sizeBytes;
      this.keyId = keyId;
      this.tags = frame.tags;
    }

    @Override
    public String toString() {
      return "record '" + id + "' (#" + sequence + ", key " + keyId + ") at offset " + offset;
    }
  }

  private final String file;
  private final Consumer<Entry> onRemoved;
  private final Map<String, Entry> byId;
  private final Map<String, TagIndex[]> byKey = new HashMap<>();
  private final Map<String, Long> recordsPerKey = new HashMap<>();
  private String[] keysInUse = {};
  private long lastSequence;
  private long nextSequence;
  private long idHighWater;
  private long liveBytes;
  private long deadBytes;
  private long deadFrames;

  /** The number of records the file is expected to hold; it sizes the maps up front. */
  private final int expectedRecords;

  Index(String file, VaultHeader header, Consumer<Entry> onRemoved) {
    this(file, header, onRemoved, 0);
  }

  /**
   * Creates an index whose maps are sized for {@code expectedRecords}: opening a large vault
   * then fills them without rehashing, which was most of the time of an open.
   */
  Index(String file, VaultHeader header, Consumer<Entry> onRemoved, long expectedRecords) {
    this.file = file;
    this.onRemoved = onRemoved;
    this.expectedRecords = (int) Math.min(expectedRecords, 1 << 26);
    this.byId = new HashMap<>(capacityFor(this.expectedRecords));
    this.nextSequence = Math.max(1, header.nextSequence);
    this.idHighWater = header.idHighWater;
  }

  /**
   * Applies one frame read from the file or just written to it.
   *
   * @throws DamagedDataException if the frame's sequence number does not follow the previous
   *     frame's, or a put's birth is impossible: frames reordered or replayed
   */
  void apply(Frame frame) throws DamagedDataException {
    checkOrder(frame);
    lastSequence = frame.sequence;
    nextSequence = Math.max(nextSequence, frame.sequence + 1);
    noteId(frame.id);
    switch (frame.kind) {
      case Frame.PUT:
        Entry entry = new Entry(frame, sharedKeyId(frame.keyId));
        removeLive(byId.put(entry.id, entry));
        addTags(entry);
        liveBytes += entry.sizeBytes;
        if (recordsPerKey.merge(entry.keyId, 1L, Long::sum) == 1L) {
          keysInUse = recordsPerKey.keySet().toArray(new String[0]);
        }
        break;
      case Frame.DELETE:
        removeLive(byId.remove(frame.id));
        addDead(frame.sizeBytes);
        break;
      default:
        for (Entry live : new ArrayList<>(byId.values())) {
          removeLive(byId.remove(live.id));
        }
        addDead(frame.sizeBytes);
        break;
    }
  }

  Entry byId(String id) {
    return byId.get(id);
  }

  /** Adds to {@code out} every live record whose {@code slot} tag under {@code keyId} is it. */
  void collect(String keyId, int slot, TagKey tag, List<Entry> out) {
    TagIndex[] slots = byKey.get(keyId);
    if (slots != null) {
      slots[slot].collect(tag, out);
    }
  }

  /** Returns the ids of the keys that seal live records; the caller must not change it. */
  String[] keysInUse() {
    return keysInUse;
  }

  /** Returns the number of live records sealed under each key. */
  Map<String, Long> recordsPerKey() {
    return Collections.unmodifiableMap(new HashMap<>(recordsPerKey));
  }

  /** Returns every live record, oldest token first. */
  List<Entry> byBirth() {
    List<Entry> entries = new ArrayList<>(byId.values());
    entries.sort(BY_BIRTH);
    return entries;
  }

  /**
   * Returns up to {@code limit} live records sealed under a key other than {@code keyId}, in
   * file order: one batch of a re-seal, found without sorting the whole index.
   */
  List<Entry> sealedWithOtherThan(String keyId, int limit) {
    List<Entry> found = new ArrayList<>();
    for (Entry entry : byId.values()) {
      if (found.size() == limit) {
        break;
      }
      if (!entry.keyId.equals(keyId)) {
        found.add(entry);
      }
    }
    found.sort(Comparator.comparingLong(e -> e.offset));
    return found;
  }

  /** Returns every live record in file order. */
  List<Entry> byOffset() {
    List<Entry> entries = new ArrayList<>(byId.values());
    entries.sort(Comparator.comparingLong(e -> e.offset));
    return entries;
  }

  int size() {
    return byId.size();
  }

  long nextSequence() {
    return nextSequence;
  }

  /** Returns a sequence number for a new frame. */
  long takeSequence() {
    return nextSequence++;
  }

  long idHighWater() {
    return idHighWater;
  }

  /**
   * Returns a decimal id that no token of this vault has ever had: one more than the largest
   * decimal id the vault has held or generated, skipping any id in use.
   *
   * <p>Limitations: once a token has had the id {@value Long#MAX_VALUE}, no larger decimal id
   * can be generated, and a save that needs a new id fails rather than reuse one.
   *
   * @throws VaultException if the largest decimal id ever held is {@value Long#MAX_VALUE}
   */
  String newId() throws VaultException {
    String id;
    do {
      if (idHighWater == Long.MAX_VALUE) {
        throw new VaultException(file + ": cannot generate a new id: a token has had the id "
            + Long.MAX_VALUE + ", the largest there is; save the token with an id of its own");
      }
      idHighWater++;
      id = Long.toString(idHighWater);
    } while (byId.containsKey(id));
    return id;
  }

  long liveBytes() {
    return liveBytes;
  }

  long deadBytes() {
    return deadBytes;
  }

  long deadFrames() {
    return deadFrames;
  }

  private void checkOrder(Frame frame) throws DamagedDataException {
    boolean birthOk = frame.kind != Frame.PUT
        || (frame.birth >= 1 && frame.birth <= frame.sequence);
    if (frame.sequence <= lastSequence || !birthOk) {
      throw new DamagedDataException(file + ": frame at offset " + frame.offset
          + ": sequence number " + frame.sequence + " (birth " + frame.birth + ") after "
          + lastSequence + ": frames were reordered or replayed", frame.offset);
    }
  }

  /**
   * Raises the id high-water to a decimal id seen, so that no generated id repeats it. Every
   * decimal id that fits in a {@code long} counts, 19-digit ones included: generated ids reach
   * 19 digits once a token has had an 18-digit id, and a vault reopened before its next
   * compaction knows its high-water only from the ids in its frames.
   */
  private void noteId(String id) {
    int length = id.length();
    if (length == 0 || length > MAX_LONG_DIGITS) {
      return;
    }
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return;
      }
    }
    if (length == MAX_LONG_DIGITS && id.compareTo(MAX_LONG_TEXT) > 0) {
      return;
    }
    idHighWater = Math.max(idHighWater, Long.parseLong(id));
  }

  /**
   * Returns the instance of {@code keyId} that live entries already hold, if any. Each frame read
   * carries its own copy of the key id; keeping one per key saves about 48 bytes a token.
   */
  private String sharedKeyId(String keyId) {
    for (String inUse : keysInUse) {
      if (inUse.equals(keyId)) {
        return inUse;
      }
    }
    return keyId;
  }

  private void addTags(Entry entry) {
    TagIndex[] slots = byKey.computeIfAbsent(entry.keyId, k -> newSlots(expectedRecords));
    for (int slot = 0; slot < slots.length; slot++) {
      if (entry.tags[slot] != null) {
        slots[slot].add(entry.tags[slot], entry);
      }
    }
  }

  private void removeLive(Entry old) {
    if (old == null) {
      return;
    }
    TagIndex[] slots = byKey.get(old.keyId);
    for (int slot = 0; slot < slots.length; slot++) {
      if (old.tags[slot] != null) {
        slots[slot].remove(old.tags[slot], old);
      }
    }
    if (recordsPerKey.merge(old.keyId, -1L, Long::sum) == 0) {
      recordsPerKey.remove(old.keyId);
      byKey.remove(old.keyId);
      keysInUse = recordsPerKey.keySet().toArray(new String[0]);
    }
    liveBytes -= old.sizeBytes;
    addDead(old.sizeBytes);
    onRemoved.accept(old);
  }

  private void addDead(int sizeBytes) {
    deadBytes += sizeBytes;
    deadFrames++;
  }

  private static TagIndex[] newSlots(int expectedRecords) {
    TagIndex[] slots = new TagIndex[VaultFormat.TAGGED_FIELDS.length];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new TagIndex(capacityFor(expectedRecords));
    }
    return slots;
  }

  /** Returns the initial capacity of a hash map that holds {@code entries} without growing. */
  static int capacityFor(int entries) {
    return Math.max(16, (int) (entries / 0.75f) + 1);
  }
}
