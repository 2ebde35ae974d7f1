package dev.tokenvault.cli;

/** Counts with their noun: {@code 1 token}, {@code 3 tokens}. */
final class Plural {
  private Plural() {}

  /** Returns {@code count} followed by {@code noun}, with an "s" unless the count is one. */
  static String of(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
