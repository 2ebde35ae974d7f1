package dev.tokenvault.file;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsCoverage;

/**
 * jqwik statistics under labels, with coverage checks only for labels that have values.
 *
 * <p>jqwik 1.9.3 cannot report a label that a coverage check named but that no {@code collect}
 * reached: its report fails with "Entries must not be empty", and that error replaces the
 * property's own failure. A property that failed early, after an earlier try had declared its
 * coverage checks, would then show no counterexample. So a coverage check is declared only
 * once its label has a value; a label that never gets one is caught by the coverage of the
 * label that counts the actions producing it.
 */
final class LabelledStatistics {
  private static final Set<String> LABELS_WITH_VALUES = ConcurrentHashMap.newKeySet();

  private LabelledStatistics() {}

  /** Forgets the labels seen; call before each property. */
  static void reset() {
    LABELS_WITH_VALUES.clear();
  }

  /** Collects {@code values} under {@code label}. */
  static void collect(String label, Object... values) {
    LABELS_WITH_VALUES.add(label);
    Statistics.label(label).collect(values);
  }

  /** Declares a coverage check of {@code label}, if it has values. */
  static void coverage(String label, Consumer<StatisticsCoverage> check) {
    if (LABELS_WITH_VALUES.contains(label)) {
      Statistics.label(label).coverage(check);
    }
  }
}
