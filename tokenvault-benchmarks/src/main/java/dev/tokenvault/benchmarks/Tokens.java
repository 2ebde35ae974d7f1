package dev.tokenvault.benchmarks;

import dev.tokenvault.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated tokens shaped like the Zoho SDK's: {@code 1000.<hex>.<hex>} access, refresh and
 * grant tokens, one OAuth client for the whole vault, a user name {@code email:org-id}, an
 * expiry in epoch milliseconds and an API domain. Their token document is about 600 bytes.
 *
 * <p>Token {@code i} (from 0) has the id {@code i + 1} and values that depend on {@code i}
 * only, so a benchmark can rebuild any token's lookup keys without reading the vault.
 */
final class Tokens {
  /** The OAuth client of every generated token; one application has one client. */
  static final String CLIENT_ID = "1000.Q7ZKX3JH0CWBNRA5T2M8UEY4LV6DGS";
  static final String CLIENT_SECRET = "3f9c1e07a2b84d6e5f0a1b2c3d4e5f60718293a4b5";
  static final String REDIRECT_URL = "https://accounts.example.com/oauth/zoho/callback";
  static final String API_DOMAIN = "https://www.zohoapis.com";

  private static final long SEED = 0x746f6b656e7661L;
  private static final long BASE_EXPIRY_MILLIS = 1_767_225_600_000L;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Tokens() {}

  /** Returns token {@code i}, with every field set. */
  static Token token(int i) {
    SplittableRandom random = randomFor(i);
    return Token.builder()
        .id(id(i))
        .userName(userName(i))
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET)
        .refreshToken(zohoToken(random))
        .accessToken(zohoToken(random))
        .grantToken(zohoToken(random))
        .expiryTime(Long.toString(BASE_EXPIRY_MILLIS + 3_600_000L + i))
        .redirectUrl(REDIRECT_URL)
        .apiDomain(API_DOMAIN)
        .build();
  }

  /** Returns tokens {@code from} (inclusive) to {@code to} (exclusive). */
  static List<Token> range(int from, int to) {
    List<Token> tokens = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      tokens.add(token(i));
    }
    return tokens;
  }

  static String id(int i) {
    return Integer.toString(i + 1);
  }

  static String userName(int i) {
    return "user" + i + ".benchmark@example.com:" + (700_000_000 + i % 997);
  }

  /** Returns a token that updates token {@code i} as a refresh does: new access token, expiry. */
  static Token refreshed(int i, SplittableRandom random) {
    return Token.builder()
        .id(id(i))
        .accessToken(zohoToken(random))
        .expiryTime(Long.toString(BASE_EXPIRY_MILLIS + random.nextInt(86_400_000)))
        .build();
  }

  /**
   * Returns a token for a user that no generated vault holds (user names of the form {@code
   * new-<tag>-<n>}), with no id, so that saving it inserts a token under a new id.
   */
  static Token newUser(String tag, long n, SplittableRandom random) {
    return Token.builder()
        .userName("new-" + tag + "-" + n + ".benchmark@example.com:700000001")
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET)
        .refreshToken(zohoToken(random))
        .accessToken(zohoToken(random))
        .grantToken(zohoToken(random))
        .expiryTime(Long.toString(BASE_EXPIRY_MILLIS + random.nextInt(86_400_000)))
        .redirectUrl(REDIRECT_URL)
        .apiDomain(API_DOMAIN)
        .build();
  }

  /** Returns a token in the Zoho form: {@code 1000.} then 32 and 32 random hex digits. */
  static String zohoToken(SplittableRandom random) {
    char[] text = new char[70];
    "1000.".getChars(0, 5, text, 0);
    fillHex(random, text, 5, 32);
    text[37] = '.';
    fillHex(random, text, 38, 32);
    return new String(text);
  }

  private static void fillHex(SplittableRandom random, char[] text, int from, int count) {
    for (int at = from; at < from + count; at += 16) {
      long bits = random.nextLong();
      for (int k = 0; k < 16; k++) {
        text[at + k] = HEX[(int) (bits >>> (4 * k)) & 0xf];
      }
    }
  }

  private static SplittableRandom randomFor(int i) {
    return new SplittableRandom(SEED ^ (0x9e3779b97f4a7c15L * (i + 1)));
  }
}
