package dev.tokenvault.cli.plaintext;

import static java.util.Objects.requireNonNull;

import dev.tokenvault.Token;
import java.util.List;

/** The tokens read from one plaintext source, in the source's order, and what it was. */
public final class PlaintextSource {
  private final String description;
  private final List<Token> tokens;

  PlaintextSource(String description, List<Token> tokens) {
    this.description = requireNonNull(description, "description");
    this.tokens = List.copyOf(tokens);
  }

  /** Returns what was read, for example {@code "SDK token file, 10 columns"}. */
  public String description() {
    return description;
  }

  /** Returns the tokens, one per row, in the order of the source. */
  public List<Token> tokens() {
    return tokens;
  }
}
