package dev.tokenvault;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The matching rules of the contract: which stored tokens a partial token selects.
 *
 * <p>The first rule that applies decides, in this order:
 *
 * <ol>
 *   <li>{@link Rule#ID}, for {@link #forFind} only: the query carries an id and nothing else,
 *       and matches the token with that id (the SDK's file store ignores the id here, which
 *       makes its {@code revoke} a silent no-op; tokenvault fixes that);
 *   <li>{@link Rule#USER_NAME}: a user name is given; match on the user name alone;
 *   <li>{@link Rule#ACCESS_TOKEN}: an access token is given and the client id and client secret
 *       are both absent; match on the access token;
 *   <li>{@link Rule#GRANT_OR_REFRESH}: a grant or refresh token is given and the client id and
 *       client secret are both present; match a token whose grant token equals the given grant
 *       token, or whose refresh token equals the given refresh token (client id and secret
 *       values are not compared);
 *   <li>{@link Rule#NONE}: nothing matches.
 * </ol>
 *
 * <p>Comparison is exact and case-sensitive. Where several stored tokens match, the store picks
 * the oldest.
 */
public final class Lookup {

  /** The rule that decides a lookup. */
  public enum Rule {
    ID,
    USER_NAME,
    ACCESS_TOKEN,
    GRANT_OR_REFRESH,
    NONE
  }

  private static final Lookup NONE = new Lookup(Rule.NONE, null, null);

  private final Rule rule;
  private final @Nullable String first;
  private final @Nullable String second;

  private Lookup(Rule rule, @Nullable String first, @Nullable String second) {
    this.rule = rule;
    this.first = first;
    this.second = second;
  }

  /** Returns the lookup of {@code findToken}: the id-only rule, then the rules of a save. */
  public static Lookup forFind(Token query) {
    requireNonNull(query, "query");
    if (query.hasOnlyId()) {
      return new Lookup(Rule.ID, query.id(), null);
    }
    return forSave(query);
  }

  /**
   * Returns the lookup of a save without an id: the user name, access token and grant-or-refresh
   * rules. A save with an id is decided by the id alone and never comes here.
   */
  public static Lookup forSave(Token token) {
    requireNonNull(token, "token");
    if (token.userName() != null) {
      return new Lookup(Rule.USER_NAME, token.userName(), null);
    }
    boolean hasClientId = token.clientId() != null;
    boolean hasClientSecret = token.clientSecret() != null;
    if (token.accessToken() != null && !hasClientId && !hasClientSecret) {
      return new Lookup(Rule.ACCESS_TOKEN, token.accessToken(), null);
    }
    boolean hasGrantOrRefresh = token.grantToken() != null || token.refreshToken() != null;
    if (hasGrantOrRefresh && hasClientId && hasClientSecret) {
      return new Lookup(Rule.GRANT_OR_REFRESH, token.grantToken(), token.refreshToken());
    }
    return NONE;
  }

  /** Returns the rule that decides this lookup. */
  public Rule rule() {
    return rule;
  }

  /**
   * Returns the value compared by the rule: the id, user name or access token, or the grant
   * token for {@link Rule#GRANT_OR_REFRESH} (then possibly null); null for {@link Rule#NONE}.
   */
  public @Nullable String value() {
    return first;
  }

  /** Returns the refresh token compared by {@link Rule#GRANT_OR_REFRESH}, or null. */
  public @Nullable String refreshToken() {
    return second;
  }

  /** Returns whether {@code stored} matches this lookup, comparing values in constant time. */
  public boolean matches(Token stored) {
    switch (rule) {
      case ID:
        return Token.valueEquals(first, stored.id());
      case USER_NAME:
        return Token.valueEquals(first, stored.userName());
      case ACCESS_TOKEN:
        return Token.valueEquals(first, stored.accessToken());
      case GRANT_OR_REFRESH:
        return (first != null && Token.valueEquals(first, stored.grantToken()))
            | (second != null && Token.valueEquals(second, stored.refreshToken()));
      default:
        return false;
    }
  }

  /** Returns the rule and the lengths of the values compared, never the values. */
  @Override
  public String toString() {
    return "Lookup{" + rule + describe(", value", first) + describe(", refresh", second) + "}";
  }

  private String describe(String label, @Nullable String value) {
    if (value == null) {
      return "";
    }
    return rule == Rule.ID ? label + "=" + value : label + "=<" + value.length() + " chars>";
  }
}
