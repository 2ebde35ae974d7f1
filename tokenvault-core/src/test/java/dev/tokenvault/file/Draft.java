package dev.tokenvault.file;

import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A token as a caller writes it, before {@link Token.Builder} normalizes it: each field is
 * absent, the empty string, or a value. The model reads these raw values and applies the rule
 * "an empty string is the same as an absent value" itself, so that the test checks that rule
 * too instead of relying on the builder.
 *
 * <p>{@link #toString()} shows ids and lengths only, never a value: it appears in the
 * descriptions of generated actions and in falsified samples.
 */
final class Draft {
  private final Map<TokenField, String> values;

  private Draft(Map<TokenField, String> values) {
    this.values = values;
  }

  /** Returns a draft with every field absent. */
  static Draft empty() {
    return new Draft(new EnumMap<>(TokenField.class));
  }

  /** Returns the draft whose fields are {@code values}, in {@link TokenField} order. */
  static Draft of(List<@Nullable String> values) {
    Draft draft = empty();
    for (TokenField field : TokenField.values()) {
      draft = draft.with(field, values.get(field.ordinal()));
    }
    return draft;
  }

  /** Returns a copy with {@code field} set to {@code value}, or absent if it is null. */
  Draft with(TokenField field, @Nullable String value) {
    Map<TokenField, String> copy = new EnumMap<>(TokenField.class);
    copy.putAll(values);
    if (value == null) {
      copy.remove(field);
    } else {
      copy.put(field, value);
    }
    return new Draft(copy);
  }

  /** Returns the raw value of {@code field}: null if absent, possibly the empty string. */
  @Nullable String get(TokenField field) {
    return values.get(field);
  }

  /** Returns the fields that are not absent, with their raw values (possibly empty). */
  Map<TokenField, String> raw() {
    return Collections.unmodifiableMap(values);
  }

  /** Returns the token the library sees: built field by field, as an application would. */
  Token toToken() {
    Token.Builder builder = Token.builder();
    values.forEach(builder::set);
    return builder.build();
  }

  /** Returns the fields with the id and the lengths of the other values, never the values. */
  @Override
  public String toString() {
    return Masked.fields(values);
  }
}
