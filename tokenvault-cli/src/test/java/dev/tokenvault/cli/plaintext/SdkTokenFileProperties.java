package dev.tokenvault.cli.plaintext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.Token;
import dev.tokenvault.TokenField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** What the writer writes, the reader reads back exactly: any text, any field absent. */
final class SdkTokenFileProperties {

  @Property(tries = 200)
  void everyWrittenFileReadsBackAsTheSameTokens(@ForAll("tokenLists") List<Token> tokens)
      throws Exception {
    Path file = Files.createTempFile("sdk_tokens", ".txt");
    try {
      byte[] bytes = SdkTokenFile.write(tokens);
      Files.write(file, bytes);
      boolean lineBreak = tokens.stream().anyMatch(t -> java.util.Arrays
          .stream(TokenField.values()).map(t::get)
          .anyMatch(v -> v != null && v.indexOf('\n') >= 0));
      Statistics.collect(lineBreak ? "a value with a line break" : "no line break in a value");

      assertThat(SdkTokenFile.read(file).tokens()).containsExactlyElementsOf(tokens);
    } finally {
      Files.delete(file);
    }
  }

  @Provide
  Arbitrary<List<Token>> tokenLists() {
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).filter(SdkTokenFileProperties::wellFormed),
        Arbitraries.strings().withChars("a,\"\\\r\n é✓").ofMaxLength(8),
        Arbitraries.of("🔑 key", "\"🔑\",\r\n"),
        Arbitraries.just(""));
    Arbitrary<String> expiry = Arbitraries.longs().between(0, 999_999_999_999_999_999L)
        .map(String::valueOf).injectNull(0.3);
    Arbitrary<Token> token = Combinators.combine(values.list().ofSize(9), expiry,
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20))
        .as((fields, millis, refresh) -> {
          Token.Builder builder = Token.builder();
          int i = 0;
          for (TokenField field : TokenField.values()) {
            if (field != TokenField.EXPIRY_TIME) {
              builder.set(field, fields.get(i++));
            }
          }
          // Every importable row has a credential; its value is arbitrary above otherwise.
          return builder.expiryTime(millis).refreshToken("rt-" + refresh).build();
        });
    return token.list().ofMinSize(1).ofMaxSize(5);
  }

  /** Tokens hold well-formed Unicode only; the builder rejects an unpaired surrogate. */
  private static boolean wellFormed(String value) {
    return value.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE
        && c <= Character.MAX_SURROGATE);
  }
}
