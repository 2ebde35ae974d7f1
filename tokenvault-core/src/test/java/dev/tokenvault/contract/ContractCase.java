package dev.tokenvault.contract;

import dev.tokenvault.Token;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One case of {@code contract-cases.json}: tokens stored first, calls made before, one call,
 * and what it must return or throw and leave stored. See the file's "about" text.
 */
public final class ContractCase {
  /** Marks an expected id that the store generates: any fresh id. */
  public static final String NEW_ID = "<new>";

  /** One call of the SDK's token-store contract. */
  public static final class Call {
    public final String op;
    public final @Nullable Token token;
    public final @Nullable String id;

    Call(String op, @Nullable Token token, @Nullable String id) {
      this.op = op;
      this.token = token;
      this.id = id;
    }

    @Override
    public String toString() {
      return op + (id != null ? "(" + id + ")" : token != null ? "(" + token + ")" : "()");
    }
  }

  public final String name;
  public final List<Token> given;
  public final List<Call> before;
  public final Call call;
  /** The raw tokens of the call, where {@code ""} is kept distinct from absent. */
  public final @Nullable List<String[]> callFields;
  public final List<Token> expectedStored;
  /** For findToken and findTokenById: one token, or null for "no match". */
  public final @Nullable Token expectedToken;
  /** For getTokens: the list. */
  public final @Nullable List<Token> expectedList;
  /** The error kind expected ("unknown-id" or "no-credentials"), or null. */
  public final @Nullable String expectedError;
  public final String fileStore;

  ContractCase(String name, List<Token> given, List<Call> before, Call call,
      @Nullable List<String[]> callFields, List<Token> expectedStored,
      @Nullable Token expectedToken, @Nullable List<Token> expectedList,
      @Nullable String expectedError, String fileStore) {
    this.name = name;
    this.given = given;
    this.before = before;
    this.call = call;
    this.callFields = callFields;
    this.expectedStored = expectedStored;
    this.expectedToken = expectedToken;
    this.expectedList = expectedList;
    this.expectedError = expectedError;
    this.fileStore = fileStore;
  }

  @Override
  public String toString() {
    return name;
  }
}
