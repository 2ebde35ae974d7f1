package dev.tokenvault.cli;

import dev.tokenvault.crypto.KeyInfo;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints the keys of a keystore with the records each seals in a vault, and the keys that seal
 * records but are missing from the keystore: {@code keys} and {@code verify} show it.
 */
final class KeyTable {
  private KeyTable() {}

  /** Prints the table and returns the ids of keys that seal records but are missing. */
  static List<String> print(PrintWriter out, List<KeyInfo> keys, Map<String, Long> records,
      ZoneId zone) {
    Table table = new Table().row("KEY", "CREATED", "RECORDS", "STATE");
    Map<String, Long> unaccounted = new TreeMap<>(records);
    for (KeyInfo key : keys) {
      long count = unaccounted.getOrDefault(key.id(), 0L);
      unaccounted.remove(key.id());
      table.row(key.id(), Expiry.date(key.created(), zone), Long.toString(count),
          key.isActive() ? "active" : count == 0 ? "unused" : "");
    }
    for (Map.Entry<String, Long> missing : unaccounted.entrySet()) {
      table.row(missing.getKey(), "-", missing.getValue().toString(), "missing from keystore");
    }
    table.print(out);
    return List.copyOf(unaccounted.keySet());
  }
}
