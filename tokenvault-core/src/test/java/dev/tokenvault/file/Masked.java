package dev.tokenvault.file;

import dev.tokenvault.TokenField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Descriptions of test tokens that show ids and lengths, never values. A value taken from the
 * test's pools also shows its pool position ({@code <9 chars, pool 2>}), so that two values of
 * one length can be told apart in a failure report without printing either.
 */
final class Masked {
  private Masked() {}

  /** Describes a map of fields, for example {@code {id=3, user_name=<22 chars, pool 0>}}. */
  static String fields(Map<TokenField, String> fields) {
    StringBuilder text = new StringBuilder("{");
    String separator = "";
    for (Map.Entry<TokenField, String> entry : fields.entrySet()) {
      text.append(separator).append(entry.getKey().columnName()).append('=')
          .append(value(entry.getKey(), entry.getValue()));
      separator = ", ";
    }
    return text.append('}').toString();
  }

  /** Describes one value: an id as it is, anything else by its length and pool position. */
  static String value(TokenField field, @Nullable String value) {
    if (value == null) {
      return "absent";
    }
    if (value.isEmpty()) {
      return "\"\"";
    }
    if (field == TokenField.ID) {
      return value;
    }
    int position = TokenPools.positionOf(field, value);
    return "<" + value.length() + " chars" + (position >= 0 ? ", pool " + position : "") + ">";
  }

  /** Describes a list of tokens by their fields, masked. */
  static String list(List<? extends Map<TokenField, String>> tokens) {
    List<String> described = new ArrayList<>(tokens.size());
    for (Map<TokenField, String> token : tokens) {
      described.add(fields(token));
    }
    return described.toString();
  }

  /**
   * Returns the fields in which two tokens differ, each with both sides masked, for example
   * {@code access_token: store <9 chars, pool 1>, model <9 chars, pool 0>}; empty if equal.
   */
  static List<String> differences(Map<TokenField, String> store, Map<TokenField, String> model) {
    List<String> found = new ArrayList<>();
    for (TokenField field : TokenField.values()) {
      String fromStore = store.get(field);
      String fromModel = model.get(field);
      if (!Objects.equals(fromStore, fromModel)) {
        found.add(field.columnName() + ": store " + value(field, fromStore) + ", model "
            + value(field, fromModel));
      }
    }
    return found;
  }

  /**
   * Returns null if the two lists are equal, else the first difference: a different length,
   * or the first position whose tokens differ, with the differing fields masked.
   */
  static @Nullable String firstDifference(List<? extends Map<TokenField, String>> store,
      List<? extends Map<TokenField, String>> model) {
    int common = Math.min(store.size(), model.size());
    for (int i = 0; i < common; i++) {
      List<String> fields = differences(store.get(i), model.get(i));
      if (!fields.isEmpty()) {
        return "position " + i + " (store id " + store.get(i).get(TokenField.ID) + ", model id "
            + model.get(i).get(TokenField.ID) + ") differs in " + fields;
      }
    }
    if (store.size() != model.size()) {
      return "the store holds " + store.size() + " tokens, the model " + model.size()
          + ": store " + list(store) + ", model " + list(model);
    }
    return null;
  }
}
