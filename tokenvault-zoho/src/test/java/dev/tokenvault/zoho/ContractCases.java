package dev.tokenvault.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads contract-cases.json, the contract of the six calls as data (its "about" text is the
 * precise statement of the rules), into plain values. Tokens stay maps from column name to
 * value, so that empty strings in calls reach the store under test as they are.
 */
final class ContractCases {
  /** The id of expected tokens whose id the store generates: fresh, value unspecified. */
  static final String NEW_ID = "<new>";

  private ContractCases() {}

  /** One case: stored tokens, calls that set the scene, the call under test and its outcome. */
  record Case(String name, List<Map<String, String>> given, List<Call> before, Call call,
      Expect expect) {

    /** Returns every id that occurs in the case before its outcome: given, before and call. */
    List<String> idsSeenBefore() {
      List<String> ids = new ArrayList<>();
      given.forEach(token -> ids.add(token.get("id")));
      before.forEach(step -> step.addIds(ids));
      call.addIds(ids);
      return ids;
    }
  }

  /** One call: {@code op} with a token, an id, or nothing. */
  record Call(String op, Map<String, String> token, String id) {
    void addIds(List<String> ids) {
      if (token.containsKey("id")) {
        ids.add(token.get("id"));
      }
      if (id != null) {
        ids.add(id);
      }
    }
  }

  /**
   * The expected outcome: the stored tokens afterwards, and the result (a token, null or a list
   * of tokens) or an error kind, or neither for a void call that completes normally.
   */
  record Expect(List<Map<String, String>> stored, boolean hasResult, JsonNode result,
      String error) {}

  /** Returns every case of contract-cases.json, read from the test class path. */
  static List<Case> load() {
    try (InputStream in = ContractCases.class.getResourceAsStream("/contract-cases.json")) {
      if (in == null) {
        throw new IllegalStateException("contract-cases.json is not on the test class path");
      }
      List<Case> cases = new ArrayList<>();
      for (JsonNode node : new ObjectMapper().readTree(in).get("cases")) {
        cases.add(parseCase(node));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a JSON token object as a map from column name to value. */
  static Map<String, String> token(JsonNode node) {
    Map<String, String> token = new LinkedHashMap<>();
    node.properties().forEach(field -> token.put(field.getKey(), field.getValue().asText()));
    return token;
  }

  /** Returns a JSON array of token objects as maps. */
  static List<Map<String, String>> tokens(JsonNode array) {
    List<Map<String, String>> tokens = new ArrayList<>();
    array.forEach(node -> tokens.add(token(node)));
    return tokens;
  }

  private static Case parseCase(JsonNode node) {
    List<Call> before = new ArrayList<>();
    if (node.has("before")) {
      node.get("before").forEach(step -> before.add(parseCall(step)));
    }
    return new Case(node.get("name").asText(), tokens(node.get("given")), before,
        parseCall(node.get("call")), parseExpect(node.get("expect")));
  }

  private static Call parseCall(JsonNode node) {
    Map<String, String> token = node.has("token") ? token(node.get("token")) : Map.of();
    String id = node.has("id") ? node.get("id").asText() : null;
    return new Call(node.get("op").asText(), token, id);
  }

  private static Expect parseExpect(JsonNode node) {
    String error = node.has("error") ? node.get("error").asText() : null;
    return new Expect(tokens(node.get("stored")), node.has("result"), node.get("result"), error);
  }
}
