package dev.tokenvault.file;

import java.util.Map;
import java.util.TreeMap;

/** Figures about a vault file that reveal nothing secret; see {@link FileTokenStore#stats()}. */
public final class VaultStats {
  private final String vaultId;
  private final int tokens;
  private final long liveBytes;
  private final long deadRecords;
  private final long deadBytes;
  private final long fileSizeBytes;
  private final String headerKeyId;
  private final Map<String, Long> recordsPerKey;

  VaultStats(String vaultId, int tokens, long liveBytes, long deadRecords, long deadBytes,
      long fileSizeBytes, String headerKeyId, Map<String, Long> recordsPerKey) {
    this.vaultId = vaultId;
    this.tokens = tokens;
    this.liveBytes = liveBytes;
    this.deadRecords = deadRecords;
    this.deadBytes = deadBytes;
    this.fileSizeBytes = fileSizeBytes;
    this.headerKeyId = headerKeyId;
    this.recordsPerKey = Map.copyOf(recordsPerKey);
  }

  /** Returns the vault's random id, as 32 hex digits. */
  public String vaultId() {
    return vaultId;
  }

  /** Returns the number of tokens stored. */
  public int tokens() {
    return tokens;
  }

  /** Returns the bytes taken by the live records. */
  public long liveBytes() {
    return liveBytes;
  }

  /**
   * Returns the number of dead records: superseded versions, deletions and their tombstones,
   * which the next compaction removes.
   */
  public long deadRecords() {
    return deadRecords;
  }

  /** Returns the bytes taken by dead records. */
  public long deadBytes() {
    return deadBytes;
  }

  /** Returns the size of the vault file. */
  public long fileSizeBytes() {
    return fileSizeBytes;
  }

  /** Returns the id of the key whose header key authenticates the file header. */
  public String headerKeyId() {
    return headerKeyId;
  }

  /** Returns the number of live records sealed under each key id, sorted by id. */
  public Map<String, Long> recordsPerKey() {
    return new TreeMap<>(recordsPerKey);
  }

  @Override
  public String toString() {
    return "VaultStats{tokens=" + tokens + ", deadRecords=" + deadRecords + ", fileSize="
        + fileSizeBytes + ", keys=" + recordsPerKey() + "}";
  }
}
