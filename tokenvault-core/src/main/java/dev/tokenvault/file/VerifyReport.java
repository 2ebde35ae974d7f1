package dev.tokenvault.file;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link FileTokenStore#verify()} found after opening every record of a vault: counts per
 * key, problems with their offsets, and a torn tail if one awaits cutting.
 */
public final class VerifyReport {
  private final int tokens;
  private final long frames;
  private final Map<String, Long> recordsPerKey;
  private final List<String> problems;
  private final long tornTailOffset;
  private final long tornTailBytes;

  VerifyReport(int tokens, long frames, Map<String, Long> recordsPerKey, List<String> problems,
      long tornTailOffset, long tornTailBytes) {
    this.tokens = tokens;
    this.frames = frames;
    this.recordsPerKey = new TreeMap<>(recordsPerKey);
    this.problems = List.copyOf(problems);
    this.tornTailOffset = tornTailOffset;
    this.tornTailBytes = tornTailBytes;
  }

  /** Returns whether every record opened and the file's structure is sound. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /** Returns the number of live tokens. */
  public int tokens() {
    return tokens;
  }

  /** Returns the number of frames read and checked, live and dead. */
  public long frames() {
    return frames;
  }

  /** Returns the number of live records sealed under each key id, sorted by id. */
  public Map<String, Long> recordsPerKey() {
    return recordsPerKey;
  }

  /** Returns one line per problem, each naming the offset and the record or key concerned. */
  public List<String> problems() {
    return problems;
  }

  /** Returns the offset of a torn tail left by an interrupted write, or -1 if there is none. */
  public long tornTailOffset() {
    return tornTailOffset;
  }

  /** Returns the size of the torn tail, 0 if there is none. */
  public long tornTailBytes() {
    return tornTailBytes;
  }
}
