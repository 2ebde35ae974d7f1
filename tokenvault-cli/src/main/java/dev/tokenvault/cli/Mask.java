package dev.tokenvault.cli;

import dev.tokenvault.TokenField;
import org.jspecify.annotations.Nullable;

/**
 * How secret values are shown: never whole unless a command is explicitly asked to reveal one.
 *
 * <p>A user name and a client id are shown <em>partly</em>, so that an operator can tell tokens
 * apart: at most two characters at the start and four at the end, and never more than a third of
 * the value, the rest as {@code ****} ({@code alice@example.com:7001} becomes {@code
 * al****001}: the end of a user name is the organization id). Values of eight characters or
 * fewer show nothing. Every other secret (client secret, refresh, access and grant
 * token) is shown as {@code ******** (70 chars)}: its length only. Non-secret fields (id,
 * expiry, redirect URL, API domain) are shown as they are. Everything is ASCII, so that no
 * terminal mangles it.
 */
final class Mask {
  static final String ABSENT = "-";
  private static final String STARS = "****";

  private Mask() {}

  /** Returns {@code value} of {@code field} as it may be shown without being revealed. */
  static String show(TokenField field, @Nullable String value) {
    if (value == null) {
      return ABSENT;
    }
    if (!field.isSecret()) {
      return value;
    }
    if (field == TokenField.USER_NAME || field == TokenField.CLIENT_ID) {
      return partly(value);
    }
    return "******** (" + value.codePointCount(0, value.length()) + " chars)";
  }

  /** Returns the ends of {@code value} around {@code ****}, or only stars for short values. */
  static String partly(String value) {
    int length = value.codePointCount(0, value.length());
    if (length <= 8) {
      return STARS;
    }
    int headEnd = value.offsetByCodePoints(0, Math.min(2, length / 6));
    int tailStart = value.offsetByCodePoints(value.length(), -Math.min(4, length / 6));
    return value.substring(0, headEnd) + STARS + value.substring(tailStart);
  }
}
