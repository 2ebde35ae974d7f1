package dev.tokenvault.file;

import dev.tokenvault.MissingCredentialsException;
import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import dev.tokenvault.UnknownTokenException;
import dev.tokenvault.VaultException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one call of the contract gave: a value or one of the contract's two errors. Values are
 * in the model's shape, so that the store's and the model's outcomes compare with {@code
 * equals}: a token is the map of its present fields, {@code findToken} gives an {@link
 * Optional} of one, {@code getTokens} a list, and a void call null.
 *
 * @param value the result, in the model's shape; null for a void call or an error
 * @param error the contract error, or null if the call succeeded
 */
record Outcome(@Nullable Object value, @Nullable Error error) {

  /** The errors of the contract. */
  enum Error {
    /** {@code findTokenById} or {@code deleteToken} given an id that no stored token has. */
    UNKNOWN_ID,
    /** A save that matches nothing, has an id or a user name, and no token to store it by. */
    NO_CREDENTIALS
  }

  /** A call of the store that may throw. */
  @FunctionalInterface
  interface Call {
    @Nullable Object run() throws VaultException;
  }

  static Outcome of(@Nullable Object value) {
    return new Outcome(value, null);
  }

  static Outcome failed(Error error) {
    return new Outcome(null, error);
  }

  /**
   * Runs a call of the store and returns its outcome in the model's shape. The contract's two
   * errors become outcomes; any other exception is a failure of the test and propagates.
   */
  static Outcome capture(Call call) throws VaultException {
    try {
      return of(shape(call.run()));
    } catch (UnknownTokenException e) {
      return failed(Error.UNKNOWN_ID);
    } catch (MissingCredentialsException e) {
      return failed(Error.NO_CREDENTIALS);
    }
  }

  /** Returns the fields of {@code token} as the model holds them, read through its getters. */
  static Map<TokenField, String> fieldsOf(Token token) {
    Map<TokenField, String> fields = new EnumMap<>(TokenField.class);
    for (TokenField field : TokenField.values()) {
      String value = token.get(field);
      if (value != null) {
        fields.put(field, value);
      }
    }
    return fields;
  }

  /** Returns the fields of each token, in order. */
  static List<Map<TokenField, String>> fieldsOf(List<Token> tokens) {
    List<Map<TokenField, String>> all = new ArrayList<>(tokens.size());
    for (Token token : tokens) {
      all.add(fieldsOf(token));
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object shape(@Nullable Object result) {
    if (result instanceof Token) {
      return fieldsOf((Token) result);
    }
    if (result instanceof Optional) {
      return ((Optional<Token>) result).map(Outcome::fieldsOf);
    }
    if (result instanceof List) {
      return fieldsOf((List<Token>) result);
    }
    return result;
  }

  /** Returns the id of a token value, or null if this outcome holds no token. */
  @Nullable String tokenId() {
    Object id = value instanceof Map ? ((Map<?, ?>) value).get(TokenField.ID) : null;
    return id == null ? null : id.toString();
  }

  /** Describes the outcome with ids and lengths only. */
  @SuppressWarnings("unchecked")
  String describe() {
    if (error != null) {
      return "error " + error;
    }
    if (value == null) {
      return "done";
    }
    if (value instanceof Optional) {
      Optional<Map<TokenField, String>> found = (Optional<Map<TokenField, String>>) value;
      return found.map(Masked::fields).orElse("nothing");
    }
    if (value instanceof Map) {
      return Masked.fields((Map<TokenField, String>) value);
    }
    return Masked.list((List<Map<TokenField, String>>) value);
  }

  /** Returns the same as {@link #describe()}: never a value. */
  @Override
  public String toString() {
    return describe();
  }
}
