package dev.tokenvault;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth token as the Zoho SDKs store it: ten optional text fields.
 *
 * <p>Instances are immutable. Every field may be absent, and an empty string is the same as an
 * absent value: the builder turns {@code ""} into {@code null}, so a token never holds an empty
 * field. Values are kept exactly as given, any Unicode content and any length, except that a
 * value must be well-formed UTF-16 (no unpaired surrogate), because it is stored as UTF-8.
 *
 * <p>{@link #toString()} shows the id and the non-secret fields, and only the length of each
 * secret field. {@link #equals(Object)} compares secret fields in constant time.
 */
public final class Token {
  private final @Nullable String[] values;

  private Token(@Nullable String[] values) {
    this.values = values;
  }

  /** Returns a builder with every field absent. */
  public static Builder builder() {
    return new Builder(new String[TokenField.count()]);
  }

  /** Returns a builder that starts from this token's fields. */
  public Builder toBuilder() {
    return new Builder(values.clone());
  }

  /** Returns the value of {@code field}, or null if it is absent. */
  public @Nullable String get(TokenField field) {
    return values[field.ordinal()];
  }

  /** Returns whether {@code field} has a value. */
  public boolean has(TokenField field) {
    return values[field.ordinal()] != null;
  }

  /** Returns the id, or null if the token has none yet. */
  public @Nullable String id() {
    return get(TokenField.ID);
  }

  /** Returns the user name, usually {@code email:org-id}, or null. */
  public @Nullable String userName() {
    return get(TokenField.USER_NAME);
  }

  /** Returns the OAuth client id, or null. */
  public @Nullable String clientId() {
    return get(TokenField.CLIENT_ID);
  }

  /** Returns the OAuth client secret, or null. */
  public @Nullable String clientSecret() {
    return get(TokenField.CLIENT_SECRET);
  }

  /** Returns the refresh token, or null. */
  public @Nullable String refreshToken() {
    return get(TokenField.REFRESH_TOKEN);
  }

  /** Returns the access token, or null. */
  public @Nullable String accessToken() {
    return get(TokenField.ACCESS_TOKEN);
  }

  /** Returns the grant token, or null. */
  public @Nullable String grantToken() {
    return get(TokenField.GRANT_TOKEN);
  }

  /** Returns the expiry time as the SDK writes it (epoch milliseconds as text), or null. */
  public @Nullable String expiryTime() {
    return get(TokenField.EXPIRY_TIME);
  }

  /** Returns the redirect URL, or null. */
  public @Nullable String redirectUrl() {
    return get(TokenField.REDIRECT_URL);
  }

  /** Returns the API domain, for example {@code https://www.zohoapis.com}, or null. */
  public @Nullable String apiDomain() {
    return get(TokenField.API_DOMAIN);
  }

  /** Returns whether the token has an access, refresh or grant token. */
  public boolean hasCredentials() {
    return has(TokenField.ACCESS_TOKEN)
        || has(TokenField.REFRESH_TOKEN)
        || has(TokenField.GRANT_TOKEN);
  }

  /** Returns whether every field other than the id is absent. */
  public boolean hasOnlyId() {
    for (int i = 0; i < values.length; i++) {
      if (i != TokenField.ID.ordinal() && values[i] != null) {
        return false;
      }
    }
    return has(TokenField.ID);
  }

  /** Returns a copy of this token with the given id. */
  public Token withId(String id) {
    return toBuilder().set(TokenField.ID, requireNonNull(id, "id")).build();
  }

  /**
   * Returns this token with every absent field taken from {@code other}; fields present here
   * win. This is the merge of the contract: a lookup fills the caller's empty fields from the
   * stored token, and a save over a stored token keeps the stored values the caller left empty.
   */
  public Token fillFrom(Token other) {
    requireNonNull(other, "other");
    String[] merged = values.clone();
    for (int i = 0; i < merged.length; i++) {
      if (merged[i] == null) {
        merged[i] = other.values[i];
      }
    }
    return new Token(merged);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Token)) {
      return false;
    }
    Token other = (Token) o;
    boolean equal = true;
    for (TokenField field : TokenField.values()) {
      equal &= valueEquals(get(field), other.get(field));
    }
    return equal;
  }

  /** Compares two values in time that depends on their lengths only, not their contents. */
  static boolean valueEquals(@Nullable String a, @Nullable String b) {
    if (a == null || b == null) {
      return a == b;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns a hash of the non-secret fields only, so that it reveals nothing secret. */
  @Override
  public int hashCode() {
    int hash = 1;
    for (TokenField field : TokenField.values()) {
      if (!field.isSecret()) {
        hash = 31 * hash + (has(field) ? get(field).hashCode() : 0);
      }
    }
    return hash;
  }

  /**
   * Returns a description that shows the non-secret fields and, for each secret field, only its
   * length, for example {@code Token{id=7, user_name=<22 chars>, access_token=<70 chars>}}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Token{");
    String separator = "";
    for (TokenField field : TokenField.values()) {
      String value = get(field);
      if (value == null) {
        continue;
      }
      text.append(separator).append(field.columnName()).append('=');
      if (field.isSecret()) {
        text.append('<').append(value.length()).append(" chars>");
      } else {
        text.append(value);
      }
      separator = ", ";
    }
    return text.append('}').toString();
  }

  /**
   * Builds a {@link Token}. Setting a field to null or {@code ""} makes it absent.
   *
   * <p>Each setter rejects a value that is not well-formed UTF-16 with an {@link
   * IllegalArgumentException} that names the field and the index, never the value.
   */
  public static final class Builder {
    private final @Nullable String[] values;

    private Builder(@Nullable String[] values) {
      this.values = values;
    }

    /**
     * Sets {@code field} to {@code value}; null or {@code ""} makes it absent.
     *
     * @throws IllegalArgumentException if the value holds an unpaired surrogate
     */
    public Builder set(TokenField field, @Nullable String value) {
      requireNonNull(field, "field");
      values[field.ordinal()] = normalize(field, value);
      return this;
    }

    /** Sets the id; see {@link #set}. */
    public Builder id(@Nullable String value) {
      return set(TokenField.ID, value);
    }

    /** Sets the user name; see {@link #set}. */
    public Builder userName(@Nullable String value) {
      return set(TokenField.USER_NAME, value);
    }

    /** Sets the client id; see {@link #set}. */
    public Builder clientId(@Nullable String value) {
      return set(TokenField.CLIENT_ID, value);
    }

    /** Sets the client secret; see {@link #set}. */
    public Builder clientSecret(@Nullable String value) {
      return set(TokenField.CLIENT_SECRET, value);
    }

    /** Sets the refresh token; see {@link #set}. */
    public Builder refreshToken(@Nullable String value) {
      return set(TokenField.REFRESH_TOKEN, value);
    }

    /** Sets the access token; see {@link #set}. */
    public Builder accessToken(@Nullable String value) {
      return set(TokenField.ACCESS_TOKEN, value);
    }

    /** Sets the grant token; see {@link #set}. */
    public Builder grantToken(@Nullable String value) {
      return set(TokenField.GRANT_TOKEN, value);
    }

    /** Sets the expiry time (epoch milliseconds as text); see {@link #set}. */
    public Builder expiryTime(@Nullable String value) {
      return set(TokenField.EXPIRY_TIME, value);
    }

    /** Sets the redirect URL; see {@link #set}. */
    public Builder redirectUrl(@Nullable String value) {
      return set(TokenField.REDIRECT_URL, value);
    }

    /** Sets the API domain; see {@link #set}. */
    public Builder apiDomain(@Nullable String value) {
      return set(TokenField.API_DOMAIN, value);
    }

    /** Returns the token; the builder may be reused. */
    public Token build() {
      return new Token(values.clone());
    }

    private static @Nullable String normalize(TokenField field, @Nullable String value) {
      if (value == null || value.isEmpty()) {
        return null;
      }
      int bad = firstUnpairedSurrogate(value);
      if (bad >= 0) {
        throw new IllegalArgumentException(
            field.columnName() + ": unpaired surrogate at index " + bad
                + " (values must be well-formed Unicode)");
      }
      return value;
    }

    private static int firstUnpairedSurrogate(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return i;
        }
      }
      return -1;
    }
  }
}
