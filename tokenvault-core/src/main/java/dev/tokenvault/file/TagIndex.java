package dev.tokenvault.file;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lookup tags of one field under one key, each mapped to the records that carry it. Almost
 * every tag belongs to one record, so a value is either one {@link Index.Entry} or, for the rare
 * duplicates (the contract allows two tokens with one user name), an array ordered by birth.
 */
final class TagIndex {
  private final Map<TagKey, Object> entries;

  TagIndex(int initialCapacity) {
    this.entries = new HashMap<>(initialCapacity);
  }

  void add(TagKey tag, Index.Entry entry) {
    entries.merge(tag, entry, (old, added) -> insertByBirth(old, (Index.Entry) added));
  }

  void remove(TagKey tag, Index.Entry entry) {
    Object old = entries.get(tag);
    if (old == entry) {
      entries.remove(tag);
    } else if (old instanceof Index.Entry[]) {
      Index.Entry[] list = (Index.Entry[]) old;
      Index.Entry[] rest = Arrays.stream(list).filter(e -> e != entry)
          .toArray(Index.Entry[]::new);
      entries.put(tag, rest.length == 1 ? rest[0] : rest);
    }
  }

  /** Adds every record carrying {@code tag} to {@code out}. */
  void collect(TagKey tag, List<Index.Entry> out) {
    Object found = entries.get(tag);
    if (found instanceof Index.Entry) {
      out.add((Index.Entry) found);
    } else if (found != null) {
      out.addAll(Arrays.asList((Index.Entry[]) found));
    }
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  private static Object insertByBirth(Object old, Index.Entry added) {
    Index.Entry[] list = old instanceof Index.Entry
        ? new Index.Entry[] {(Index.Entry) old}
        : (Index.Entry[]) old;
    Index.Entry[] grown = Arrays.copyOf(list, list.length + 1);
    grown[list.length] = added;
    Arrays.sort(grown, Index.BY_BIRTH);
    return grown;
  }
}
