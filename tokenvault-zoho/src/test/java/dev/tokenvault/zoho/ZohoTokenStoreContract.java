package dev.tokenvault.zoho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoho.api.authenticator.OAuthToken;
import com.zoho.api.authenticator.Token;
import com.zoho.api.authenticator.store.TokenStore;
import com.zoho.crm.api.exception.SDKException;
import dev.tokenvault.zoho.ContractCases.Call;
import dev.tokenvault.zoho.ContractCases.Case;
import dev.tokenvault.zoho.ContractCases.Expect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of the six calls, replayed through the Zoho SDK's {@link TokenStore} interface:
 * every case of contract-cases.json, one dynamic test each, against a fresh store.
 *
 * <p>Reusable: a store implementation extends this class and says how to make a store. This
 * base class is public and abstract for that reason; the concrete test classes are final and
 * package-private as usual.
 *
 * <p>Beyond each case's expectations, the replay checks what the SDK relies on and the file
 * does not spell out: a successful {@code findToken} returns the caller's own object; after a
 * successful {@code saveToken} the caller's object carries the id of the token it became; and
 * every error is an {@link SDKException} with the code {@code TOKEN_STORE}.
 */
public abstract class ZohoTokenStoreContract {
  private static final Set<String> OPERATIONS = Set.of(
      "findToken", "findTokenById", "saveToken", "deleteToken", "getTokens", "deleteTokens");

  @TempDir Path dir;

  /** Returns a new, empty store whose files, if any, live in {@code dir}. */
  protected abstract TokenStore newStore(Path dir) throws Exception;

  /** Releases a store made by {@link #newStore}; the default does nothing. */
  protected void closeStore(TokenStore store) throws Exception {}

  /**
   * Checks what an error of the contract's {@code kind} ({@code unknown-id} or {@code
   * no-credentials}) tells beyond its code; the default checks nothing more.
   */
  protected void checkErrorKind(String kind, SDKException error) {}

  @Test
  void contractCases_everyCall_isOneTheReplayKnows() {
    List<Case> cases = ContractCases.load();

    assertThat(cases).isNotEmpty();
    for (Case contractCase : cases) {
      assertThat(OPERATIONS).as(contractCase.name()).contains(contractCase.call().op());
      contractCase.before().forEach(step -> assertThat(OPERATIONS).contains(step.op()));
    }
  }

  @TestFactory
  Stream<DynamicTest> contractCase_replayed_meetsItsExpectations() {
    return ContractCases.load().stream()
        .map(contractCase -> dynamicTest(contractCase.name(), () -> replay(contractCase)));
  }

  private void replay(Case contractCase) throws Exception {
    TokenStore store = newStore(Files.createDirectory(dir.resolve(contractCase.name())));
    try {
      for (Map<String, String> given : contractCase.given()) {
        store.saveToken(SdkTokens.fromColumns(given));
      }
      for (Call step : contractCase.before()) {
        perform(store, step).rethrowError();
      }
      Outcome outcome = perform(store, contractCase.call());
      checkOutcome(contractCase, outcome, store);
    } finally {
      closeStore(store);
    }
  }

  private void checkOutcome(Case contractCase, Outcome outcome, TokenStore store)
      throws Exception {
    Expect expect = contractCase.expect();
    List<String> seen = contractCase.idsSeenBefore();
    if (expect.error() != null) {
      checkError(expect.error(), outcome);
    } else {
      outcome.rethrowError();
      checkResult(contractCase.call(), expect, outcome, seen);
    }
    List<Map<String, String>> stored = columnsOf(store.getTokens());
    assertStoredEqual(stored, expect.stored(), seen);
    if (expect.error() == null && contractCase.call().op().equals("saveToken")) {
      assertThat(outcome.argument.getId()).as("id set on the caller's object")
          .isIn(stored.stream().map(token -> token.get("id")).toArray());
    }
  }

  private void checkError(String kind, Outcome outcome) {
    assertThat(outcome.error).as("expected a %s error", kind).isNotNull();
    assertThat(outcome.error.getCode()).isEqualTo(VaultTokenStore.ERROR_CODE);
    checkErrorKind(kind, outcome.error);
  }

  private static void checkResult(Call call, Expect expect, Outcome outcome, List<String> seen) {
    switch (call.op()) {
      case "findToken" -> checkFoundToken(expect.result(), outcome);
      case "findTokenById" -> assertStoredEqual(List.of(SdkTokens.columns(
          (Token) outcome.result)), ContractCases.tokens(wrap(expect.result())), seen);
      case "getTokens" -> assertStoredEqual(columnsOf(tokensOf(outcome.result)),
          ContractCases.tokens(expect.result()), seen);
      default -> assertThat(expect.hasResult()).as("a void call expects no result").isFalse();
    }
  }

  private static void checkFoundToken(JsonNode expected, Outcome outcome) {
    if (expected.isNull()) {
      assertThat(outcome.result).as("findToken result").isNull();
      return;
    }
    assertThat(outcome.result).as("findToken returns the caller's own object")
        .isSameAs(outcome.argument);
    assertThat(SdkTokens.columns(outcome.argument)).isEqualTo(ContractCases.token(expected));
  }

  /**
   * Asserts that {@code actual} equals {@code expected} in order, where an expected id of
   * {@code <new>} matches any non-empty id that occurs nowhere in {@code seen}.
   */
  private static void assertStoredEqual(List<Map<String, String>> actual,
      List<Map<String, String>> expected, List<String> seen) {
    assertThat(actual).as("token count").hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Map<String, String> want = new LinkedHashMap<>(expected.get(i));
      if (ContractCases.NEW_ID.equals(want.get("id"))) {
        String fresh = actual.get(i).get("id");
        assertThat(fresh).as("generated id").isNotEmpty().isNotIn(seen);
        want.put("id", fresh);
      }
      assertThat(actual.get(i)).as("token %d", i).isEqualTo(want);
    }
  }

  private static Outcome perform(TokenStore store, Call call) throws SDKException {
    OAuthToken argument = SdkTokens.fromColumns(call.token());
    try {
      return new Outcome(argument, invoke(store, call, argument), null);
    } catch (SDKException e) {
      return new Outcome(argument, null, e);
    }
  }

  private static Object invoke(TokenStore store, Call call, OAuthToken argument)
      throws SDKException {
    switch (call.op()) {
      case "findToken":
        return store.findToken(argument);
      case "findTokenById":
        return store.findTokenById(call.id());
      case "saveToken":
        store.saveToken(argument);
        return null;
      case "deleteToken":
        store.deleteToken(call.id());
        return null;
      case "getTokens":
        return store.getTokens();
      case "deleteTokens":
        store.deleteTokens();
        return null;
      default:
        return fail("unknown operation " + call.op());
    }
  }

  private static List<Map<String, String>> columnsOf(List<Token> tokens) {
    List<Map<String, String>> columns = new ArrayList<>();
    tokens.forEach(token -> columns.add(SdkTokens.columns(token)));
    return columns;
  }

  @SuppressWarnings("unchecked")
  private static List<Token> tokensOf(Object result) {
    return (List<Token>) result;
  }

  private static JsonNode wrap(JsonNode token) {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(token);
  }

  /** What one call did: the SDK token it was given, and its result or its error. */
  private static final class Outcome {
    final OAuthToken argument;
    final Object result;
    final SDKException error;

    Outcome(OAuthToken argument, Object result, SDKException error) {
      this.argument = argument;
      this.result = result;
      this.error = error;
    }

    void rethrowError() throws SDKException {
      if (error != null) {
        throw error;
      }
    }
  }
}
