package dev.tokenvault.cli.plaintext;

import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The checks every imported row passes, whatever its source. */
final class Rows {
  /** Epoch milliseconds as the SDKs write them: decimal digits, at most 18 (fits a long). */
  private static final Pattern MILLIS = Pattern.compile("[0-9]{1,18}");

  private Rows() {}

  /** Returns whether {@code expiry} is absent or a whole number of milliseconds. */
  static boolean isValidExpiry(@Nullable String expiry) {
    return expiry == null || expiry.isEmpty() || MILLIS.matcher(expiry).matches();
  }

  /**
   * Returns why {@code token} cannot be imported, or null if it can. The message names the
   * field, never its value: a value in the wrong column may be a secret.
   */
  static @Nullable String problem(Token token) {
    if (!isValidExpiry(token.expiryTime())) {
      return TokenField.EXPIRY_TIME.columnName() + " is not a whole number of milliseconds";
    }
    if (!token.hasCredentials()) {
      return "the token has no refresh, access or grant token, so there is nothing to import";
    }
    return null;
  }
}
