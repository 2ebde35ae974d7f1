package dev.tokenvault.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Replays one {@link ContractCase} against a {@link ContractSubject} and checks the outcome. */
public final class ContractRunner {
  private ContractRunner() {}

  /** Runs {@code contractCase} on an empty {@code subject}. */
  public static void run(ContractCase contractCase, ContractSubject subject) throws Exception {
    for (Token token : contractCase.given) {
      subject.saveToken(token, null);
    }
    for (ContractCase.Call call : contractCase.before) {
      perform(subject, call, null);
    }
    Set<String> seenIds = idsBefore(contractCase);
    String[] raw = contractCase.callFields == null ? null : contractCase.callFields.get(0);
    if (contractCase.expectedError != null) {
      assertThatThrownBy(() -> perform(subject, contractCase.call, raw))
          .as("%s: %s", contractCase.name, contractCase.call.op)
          .satisfies(e -> assertThat(subject.errorKind((Exception) e))
              .isEqualTo(contractCase.expectedError));
    } else {
      Object result = perform(subject, contractCase.call, raw);
      checkResult(contractCase, result, seenIds);
    }
    assertSameTokens(contractCase.name + ": stored", subject.getTokens(),
        contractCase.expectedStored, seenIds);
  }

  private static void checkResult(ContractCase contractCase, Object result, Set<String> seen) {
    switch (contractCase.call.op) {
      case "findToken":
      case "findTokenById":
        if (contractCase.expectedToken == null) {
          assertThat(result).as("%s: result", contractCase.name).isNull();
        } else {
          assertThat(result).as("%s: result", contractCase.name).isNotNull();
          assertSameTokens(contractCase.name + ": result", List.of((Token) result),
              List.of(contractCase.expectedToken), seen);
        }
        break;
      case "getTokens":
        @SuppressWarnings("unchecked")
        List<Token> list = (List<Token>) result;
        assertSameTokens(contractCase.name + ": result", list, contractCase.expectedList, seen);
        break;
      default:
        break;
    }
  }

  private static Object perform(ContractSubject subject, ContractCase.Call call, String[] raw)
      throws Exception {
    switch (call.op) {
      case "findToken":
        return subject.findToken(call.token, raw);
      case "findTokenById":
        return subject.findTokenById(call.id);
      case "saveToken":
        subject.saveToken(call.token, raw);
        return null;
      case "deleteToken":
        subject.deleteToken(call.id);
        return null;
      case "getTokens":
        return subject.getTokens();
      case "deleteTokens":
        subject.deleteTokens();
        return null;
      default:
        throw new IllegalArgumentException("unknown op " + call.op);
    }
  }

  /** Every id that occurs in the case before its call's result: generated ids must differ. */
  private static Set<String> idsBefore(ContractCase contractCase) {
    Set<String> ids = new HashSet<>();
    contractCase.given.forEach(t -> ids.add(t.id()));
    for (ContractCase.Call call : contractCase.before) {
      if (call.id != null) {
        ids.add(call.id);
      }
    }
    if (contractCase.call.id != null) {
      ids.add(contractCase.call.id);
    }
    if (contractCase.call.token != null && contractCase.call.token.id() != null) {
      ids.add(contractCase.call.token.id());
    }
    return ids;
  }

  /**
   * Compares tokens field by field, in order; an expected id of {@code <new>} accepts any id
   * that is not among {@code seenIds}. Messages name fields and lengths, not values.
   */
  static void assertSameTokens(String what, List<Token> actual, List<Token> expected,
      Set<String> seenIds) {
    assertThat(actual.size()).as("%s: number of tokens", what).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      Token want = expected.get(i);
      Token got = actual.get(i);
      for (TokenField field : TokenField.values()) {
        String wanted = want.get(field);
        String found = got.get(field);
        if (field == TokenField.ID && ContractCase.NEW_ID.equals(wanted)) {
          assertThat(found).as("%s[%d]: generated id", what, i).isNotEmpty();
          assertThat(seenIds).as("%s[%d]: ids seen before the generated one", what, i)
              .doesNotContain(found);
        } else if (!java.util.Objects.equals(wanted, found)) {
          fail("%s[%d] (id %s): %s differs: expected %s, found %s", what, i, got.id(),
              field.columnName(), describe(wanted), describe(found));
        }
      }
    }
  }

  private static String describe(String value) {
    return value == null ? "absent" : "<" + value.length() + " chars>";
  }
}
