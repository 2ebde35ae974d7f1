package dev.tokenvault.file;

import dev.tokenvault.TokenField;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Small pools of fake field values, so that generated tokens collide often: two tokens with one
 * user name, a refresh token shared by two tokens, a grant token equal to another token's
 * refresh token. Values include non-ASCII and supplementary characters, backslashes, commas
 * and quotes, which the SDK's CSV store mangles. None of them is a real credential.
 */
final class TokenPools {
  /** Ids a caller may choose: small decimals that the store also generates, and odd ones. */
  static final List<String> IDS = List.of("1", "2", "3", "7", "42", "02", "legacy-a",
      "\u00efd\\,\"7\"", "999999999999999999");

  private static final Map<TokenField, List<String>> POOLS = new EnumMap<>(TokenField.class);

  static {
    POOLS.put(TokenField.ID, IDS);
    POOLS.put(TokenField.USER_NAME, List.of("alice@example.com:7001", "bob@example.com:7001",
        "zo\u00eb\\ops@example.com:7001", "\u30e6\u30fc\u30b6\u30fc,\"q\"@example.jp:7002"));
    POOLS.put(TokenField.CLIENT_ID, List.of("1000.FAKECLIENTA", "1000.FAKE,\"CLIENT\"B"));
    POOLS.put(TokenField.CLIENT_SECRET,
        List.of("fake-secret-a", "fake\\secret,\"b\"-\u00df\u2713"));
    POOLS.put(TokenField.REFRESH_TOKEN, List.of("1000.fake-rt-1", "1000.fake-rt-2",
        "1000.fake-rt\\3,\u00fc\ud83d\ude00"));
    POOLS.put(TokenField.ACCESS_TOKEN, List.of("1000.fake-at-1", "1000.fake-at-2",
        "1000.fake-at,\"3\"\u2713"));
    // The last grant token equals a refresh token: a grant token is compared with grant tokens
    // only, so a query giving it as a grant token must not select the token holding it as its
    // refresh token.
    POOLS.put(TokenField.GRANT_TOKEN, List.of("1000.fake-gt-1", "1000.fake-gt-\u00e9\\2",
        "1000.fake-rt-1"));
    POOLS.put(TokenField.EXPIRY_TIME, List.of("1900000000000", "1900000360000"));
    POOLS.put(TokenField.REDIRECT_URL, List.of("https://app.example.com/cb",
        "https://app.example.com/cb?x=a\\b,c&n=\"zo\u00eb\""));
    POOLS.put(TokenField.API_DOMAIN, List.of("https://www.zohoapis.com",
        "https://www.zohoapis.eu"));
  }

  private TokenPools() {}

  /** Returns the position of {@code value} in the pool of {@code field}, or -1. */
  static int positionOf(TokenField field, String value) {
    return POOLS.get(field).indexOf(value);
  }

  /** Returns a value from the pool of {@code field}. */
  static Arbitrary<String> value(TokenField field) {
    return Arbitraries.of(POOLS.get(field));
  }

  /** Returns a field as a caller may pass it: absent, the empty string, or a pool value. */
  static Arbitrary<@Nullable String> anyValue(TokenField field) {
    return Arbitraries.frequencyOf(
        Tuple.of(5, absent()),
        Tuple.of(1, Arbitraries.just("")),
        Tuple.of(4, value(field)));
  }

  /** Returns absent or the empty string, which the contract treats alike. */
  static Arbitrary<@Nullable String> absentOrEmpty() {
    return Arbitraries.frequencyOf(Tuple.of(4, absent()), Tuple.of(1, Arbitraries.just("")));
  }

  /** Returns absent, always. */
  static Arbitrary<@Nullable String> absent() {
    return Arbitraries.just(null);
  }

  /**
   * Returns a value to look up: mostly one that a stored token has, sometimes a near miss of
   * one (which must not match, comparison being exact), sometimes any pool value.
   */
  static Arbitrary<String> lookupValue(List<String> stored, TokenField field) {
    if (stored.isEmpty()) {
      return value(field);
    }
    return Arbitraries.frequencyOf(
        Tuple.of(7, Arbitraries.of(stored)),
        Tuple.of(2, Arbitraries.of(stored).flatMap(TokenPools::nearMisses)),
        Tuple.of(1, value(field)));
  }

  /**
   * Returns values that differ from {@code value} slightly: another case, a trailing space, one
   * character fewer, one more in front.
   */
  static Arbitrary<String> nearMisses(String value) {
    List<String> misses = new ArrayList<>();
    misses.add(value + " ");
    misses.add("x" + value);
    if (value.codePointCount(0, value.length()) > 1) {
      misses.add(value.substring(0, value.offsetByCodePoints(value.length(), -1)));
    }
    String swapped = swapCaseOfFirst(value);
    if (!swapped.equals(value)) {
      misses.add(swapped);
    }
    return Arbitraries.of(misses);
  }

  /** Returns an id that no token has now: a pool id not in use, or one never stored. */
  static Arbitrary<String> unknownId(Collection<String> storedIds) {
    List<String> free = new ArrayList<>();
    for (String id : IDS) {
      if (!storedIds.contains(id)) {
        free.add(id);
      }
    }
    free.add("no-such-id");
    return Arbitraries.of(free);
  }

  /**
   * Returns a user name that no stored token has: a free pool name, a near miss of a stored
   * name, or one kept out of the pool.
   */
  static Arbitrary<String> unusedUserName(Collection<String> stored) {
    List<String> free = new ArrayList<>();
    for (String name : POOLS.get(TokenField.USER_NAME)) {
      if (!stored.contains(name)) {
        free.add(name);
      }
    }
    for (String name : stored) {
      String miss = name + " ";
      if (!stored.contains(miss)) {
        free.add(miss);
      }
    }
    free.add("nobody\u00e9@example.com:9");
    return Arbitraries.of(free);
  }

  /**
   * Returns drafts whose fields come from {@code fixed} where it has them; the id is absent or
   * empty unless fixed, every other field {@linkplain #anyValue any value}.
   */
  static Arbitrary<Draft> draft(Map<TokenField, Arbitrary<@Nullable String>> fixed) {
    List<Arbitrary<@Nullable String>> fields = new ArrayList<>();
    for (TokenField field : TokenField.values()) {
      Arbitrary<@Nullable String> otherwise =
          field == TokenField.ID ? absentOrEmpty() : anyValue(field);
      fields.add(fixed.getOrDefault(field, otherwise));
    }
    return Combinators.combine(fields).as(Draft::of);
  }

  private static String swapCaseOfFirst(String value) {
    int first = value.codePointAt(0);
    int swapped = Character.isUpperCase(first) ? Character.toLowerCase(first)
        : Character.toUpperCase(first);
    return new StringBuilder().appendCodePoint(swapped)
        .append(value, Character.charCount(first), value.length()).toString();
  }
}
