package dev.tokenvault.file;

import static dev.tokenvault.TokenField.ACCESS_TOKEN;
import static dev.tokenvault.TokenField.CLIENT_ID;
import static dev.tokenvault.TokenField.CLIENT_SECRET;
import static dev.tokenvault.TokenField.GRANT_TOKEN;
import static dev.tokenvault.TokenField.ID;
import static dev.tokenvault.TokenField.REFRESH_TOKEN;
import static dev.tokenvault.TokenField.USER_NAME;

import dev.tokenvault.TokenField;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The token-store contract of DESIGN.md ("The contract", with its "Fixed" items) stated as
 * plainly as possible: a list of tokens in insertion order, searched by linear scans.
 *
 * <p>It is written from the contract's text and the rules of {@code contract-cases.json}, not
 * from the library: it uses neither {@code Lookup} nor {@code Token.fillFrom}, and holds a token
 * as a map of its present fields. A stateful test that compared the store with the library's
 * own rules would check the code against itself.
 *
 * <p>Generated ids are the store's to choose; the model takes the id the store returned and
 * checks only that it is fresh: non-empty and different from every id a token of this run has
 * ever had, including deleted ones. (Ids that a caller merely asked for, and that no token
 * had, do not count: the contract promises that ids are not reused, not that they avoid every
 * string a caller once typed.)
 */
final class TokenStoreModel {

  /** The rule that decides a lookup: the first that applies, in this order. */
  enum Rule {
    /** Fixed: a query carrying only an id matches by id ({@code findToken} only). */
    ID_ONLY,
    /** Rule 1: a user name is given; match on the user name only. */
    USER_NAME,
    /** Rule 2: an access token, and neither client id nor client secret. */
    ACCESS_TOKEN,
    /** Rule 3: a grant or refresh token, with both client id and client secret. */
    GRANT_OR_REFRESH,
    /** Rule 4: nothing matches. */
    NONE
  }

  private final List<Map<TokenField, String>> tokens = new ArrayList<>();
  private final Set<String> idsEverStored = new HashSet<>();
  private String lastEffect = "";

  // ---------------------------------------------------------------------------------------
  // The rules

  /**
   * Returns the caller's fields that count: an empty string is the same as an absent value, in
   * a query, in a save and in what is stored.
   */
  static Map<TokenField, String> present(Draft draft) {
    Map<TokenField, String> fields = new EnumMap<>(TokenField.class);
    for (Map.Entry<TokenField, String> entry : draft.raw().entrySet()) {
      if (!entry.getValue().isEmpty()) {
        fields.put(entry.getKey(), entry.getValue());
      }
    }
    return fields;
  }

  /** Returns the rule of {@code findToken}: an id-only query first, then rules 1 to 4. */
  static Rule findRule(Map<TokenField, String> query) {
    if (query.size() == 1 && query.containsKey(ID)) {
      return Rule.ID_ONLY;
    }
    return saveRule(query);
  }

  /** Returns the rule of a save without an id: rules 1 to 4; the id plays no part. */
  static Rule saveRule(Map<TokenField, String> token) {
    boolean clientId = token.containsKey(CLIENT_ID);
    boolean clientSecret = token.containsKey(CLIENT_SECRET);
    if (token.containsKey(USER_NAME)) {
      return Rule.USER_NAME;
    }
    if (token.containsKey(ACCESS_TOKEN) && !clientId && !clientSecret) {
      return Rule.ACCESS_TOKEN;
    }
    boolean grantOrRefresh = token.containsKey(GRANT_TOKEN) || token.containsKey(REFRESH_TOKEN);
    if (grantOrRefresh && clientId && clientSecret) {
      return Rule.GRANT_OR_REFRESH;
    }
    return Rule.NONE;
  }

  /** Returns whether {@code rule} selects {@code stored} for {@code query}; exact comparison. */
  static boolean selects(Rule rule, Map<TokenField, String> query,
      Map<TokenField, String> stored) {
    switch (rule) {
      case ID_ONLY:
        return sameValue(query, stored, ID);
      case USER_NAME:
        return sameValue(query, stored, USER_NAME);
      case ACCESS_TOKEN:
        return sameValue(query, stored, ACCESS_TOKEN);
      case GRANT_OR_REFRESH:
        // A given grant token is compared with stored grant tokens only, and a given refresh
        // token with stored refresh tokens only; client id and secret values are not compared.
        return sameValue(query, stored, GRANT_TOKEN) || sameValue(query, stored, REFRESH_TOKEN);
      default:
        return false;
    }
  }

  private static boolean sameValue(Map<TokenField, String> query, Map<TokenField, String> stored,
      TokenField field) {
    String given = query.get(field);
    return given != null && given.equals(stored.get(field));
  }

  /**
   * Returns the stored token with every field the caller left empty taken from it, and every
   * field the caller gave kept: the result of a lookup, and the new value of an update.
   */
  static Map<TokenField, String> fill(Map<TokenField, String> caller,
      Map<TokenField, String> stored) {
    Map<TokenField, String> merged = new EnumMap<>(TokenField.class);
    for (TokenField field : TokenField.values()) {
      String value = caller.containsKey(field) ? caller.get(field) : stored.get(field);
      if (value != null) {
        merged.put(field, value);
      }
    }
    return merged;
  }

  private static boolean hasCredentials(Map<TokenField, String> token) {
    return token.containsKey(ACCESS_TOKEN) || token.containsKey(REFRESH_TOKEN)
        || token.containsKey(GRANT_TOKEN);
  }

  // ---------------------------------------------------------------------------------------
  // The six operations

  /** {@code findToken}: the oldest token the first applicable rule selects, merged, or none. */
  Outcome find(Draft draft) {
    Map<TokenField, String> query = present(draft);
    Rule rule = findRule(query);
    int at = oldest(rule, query);
    lastEffect = rule + (at < 0 ? " miss" : " hit");
    return Outcome.of(at < 0 ? Optional.empty() : Optional.of(fill(query, tokens.get(at))));
  }

  /** {@code findTokenById}: the token with exactly this id; an unknown id is an error. */
  Outcome findById(String id) {
    int at = indexOfId(id);
    lastEffect = at < 0 ? "unknown id" : "known id";
    return at < 0 ? Outcome.failed(Outcome.Error.UNKNOWN_ID) : Outcome.of(copy(tokens.get(at)));
  }

  /**
   * {@code saveToken}: update the token with the caller's id, or else the one the rules select,
   * keeping the stored fields the caller left empty; otherwise insert, unless the token has an
   * id or a user name and no access, refresh or grant token. An insert without an id takes the
   * id {@code generatedId} supplies (what the store chose), which must be fresh.
   */
  Outcome save(Draft draft, Supplier<@Nullable String> generatedId) {
    Map<TokenField, String> token = present(draft);
    String id = token.get(ID);
    Rule rule = id != null ? null : saveRule(token);
    int target = id != null ? indexOfId(id) : oldest(rule, token);
    if (target >= 0) {
      Map<TokenField, String> merged = fill(token, tokens.get(target));
      tokens.set(target, merged);
      lastEffect = "update by " + (id != null ? "id" : rule);
      return Outcome.of(copy(merged));
    }
    if ((id != null || token.containsKey(USER_NAME)) && !hasCredentials(token)) {
      lastEffect = "no credentials";
      return Outcome.failed(Outcome.Error.NO_CREDENTIALS);
    }
    Map<TokenField, String> inserted = new EnumMap<>(token);
    if (id == null) {
      inserted.put(ID, requireFresh(generatedId.get()));
    }
    tokens.add(inserted);
    idsEverStored.add(inserted.get(ID));
    lastEffect = id == null ? "insert with a new id" : "insert with its own id";
    return Outcome.of(copy(inserted));
  }

  /** {@code deleteToken}: remove the token with this id; an unknown id is an error. */
  Outcome delete(String id) {
    int at = indexOfId(id);
    lastEffect = at < 0 ? "unknown id" : "known id";
    if (at < 0) {
      return Outcome.failed(Outcome.Error.UNKNOWN_ID);
    }
    tokens.remove(at);
    return Outcome.of(null);
  }

  /** {@code getTokens}: every stored token, oldest first. */
  List<Map<TokenField, String>> list() {
    List<Map<TokenField, String>> copies = new ArrayList<>(tokens.size());
    for (Map<TokenField, String> token : tokens) {
      copies.add(copy(token));
    }
    return copies;
  }

  /** {@code deleteTokens}: remove every token. Ids they had stay used. */
  void clear() {
    tokens.clear();
    lastEffect = "clear";
  }

  // ---------------------------------------------------------------------------------------
  // For generators and statistics

  /** Returns what the last operation did, for statistics: a rule and hit or miss, and so on. */
  String lastEffect() {
    return lastEffect;
  }

  /** Returns whether no token is stored. */
  boolean isEmpty() {
    return tokens.isEmpty();
  }

  /** Returns the ids stored now, oldest first. */
  List<String> ids() {
    List<String> ids = new ArrayList<>(tokens.size());
    for (Map<TokenField, String> token : tokens) {
      ids.add(token.get(ID));
    }
    return ids;
  }

  /** Returns the distinct values of {@code field} among the stored tokens, oldest first. */
  List<String> storedValues(TokenField field) {
    List<String> values = new ArrayList<>();
    for (Map<TokenField, String> token : tokens) {
      String value = token.get(field);
      if (value != null && !values.contains(value)) {
        values.add(value);
      }
    }
    return values;
  }

  // ---------------------------------------------------------------------------------------

  private int oldest(Rule rule, Map<TokenField, String> query) {
    for (int i = 0; i < tokens.size(); i++) {
      if (selects(rule, query, tokens.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private int indexOfId(String id) {
    for (int i = 0; i < tokens.size(); i++) {
      if (id.equals(tokens.get(i).get(ID))) {
        return i;
      }
    }
    return -1;
  }

  private String requireFresh(@Nullable String id) {
    if (id == null || id.isEmpty()) {
      throw new AssertionError("the store gave a new token the id '" + id + "'");
    }
    if (idsEverStored.contains(id)) {
      throw new AssertionError("the store gave a new token the id " + id
          + ", which a token of this vault already had" + (indexOfId(id) >= 0 ? " and has" : ""));
    }
    return id;
  }

  private static Map<TokenField, String> copy(Map<TokenField, String> token) {
    return new EnumMap<>(token);
  }
}
