package dev.tokenvault.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code contract-cases.json}, the executable statement of the token-store contract
 * (DESIGN.md "The contract"), from the test class path.
 */
public final class ContractCases {
  private static final String RESOURCE = "/contract-cases.json";

  private ContractCases() {}

  /** Returns every case of the file, in file order. */
  public static List<ContractCase> all() {
    try (InputStream in = ContractCases.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test class path");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<ContractCase> cases = new ArrayList<>();
      for (JsonNode node : root.get("cases")) {
        cases.add(parse(node));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ContractCase parse(JsonNode node) {
    List<ContractCase.Call> before = new ArrayList<>();
    if (node.has("before")) {
      node.get("before").forEach(call -> before.add(call(call)));
    }
    JsonNode call = node.get("call");
    JsonNode expect = node.get("expect");
    JsonNode result = expect.get("result");
    String op = call.get("op").asText();
    Token expectedToken = null;
    List<Token> expectedList = null;
    if (result != null && !result.isNull()) {
      if (result.isArray()) {
        expectedList = tokens(result);
      } else {
        expectedToken = token(result);
      }
    }
    JsonNode error = expect.get("error");
    return new ContractCase(node.get("name").asText(), tokens(node.get("given")), before,
        call(call), call.has("token") ? rawFields(call.get("token")) : null,
        tokens(expect.get("stored")), expectedToken, expectedList,
        error == null ? null : error.isTextual() ? error.asText() : error.get("kind").asText(),
        node.get("file_store").asText());
  }

  private static ContractCase.Call call(JsonNode call) {
    return new ContractCase.Call(call.get("op").asText(),
        call.has("token") ? token(call.get("token")) : null,
        call.has("id") ? call.get("id").asText() : null);
  }

  private static List<Token> tokens(JsonNode array) {
    List<Token> tokens = new ArrayList<>();
    array.forEach(node -> tokens.add(token(node)));
    return tokens;
  }

  /** Returns the token a JSON object describes; {@code ""} becomes absent, as in Token. */
  static Token token(JsonNode object) {
    Token.Builder token = Token.builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      token.set(TokenField.ofColumnName(field.getKey()), field.getValue().asText());
    }
    return token.build();
  }

  /**
   * Returns the fields of a call's token with {@code ""} kept as {@code ""}: the values an SDK
   * caller would put in its object, indexed by {@link TokenField#ordinal()}.
   */
  private static List<String[]> rawFields(JsonNode object) {
    String[] values = new String[TokenField.values().length];
    object.fields().forEachRemaining(
        field -> values[TokenField.ofColumnName(field.getKey()).ordinal()] =
            field.getValue().asText());
    return List.<String[]>of(values);
  }
}
