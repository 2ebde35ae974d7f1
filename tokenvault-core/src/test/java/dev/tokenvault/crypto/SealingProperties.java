package dev.tokenvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.TokenDocument;
import dev.tokenvault.TokenField;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Tokens through {@link TokenDocument} and {@link RecordSealer}: sealing round-trips, is
 * randomized, and leaves no readable piece of any value in the record.
 *
 * <p>Generated tokens mix absent fields, empty strings (which must come back absent), short
 * ASCII and short text from all of Unicode (controls, NUL, supplementary characters), and at
 * most one long field of up to {@value #LONG_FIELD_MAX_CHARS} characters, which keeps the
 * document under {@link TokenDocument#MAX_SIZE_BYTES}. Descriptions show the kind and length of
 * each value, never the value, and assertions compare without printing values.
 */
final class SealingProperties {
  private static final int LONG_FIELD_MAX_CHARS = 100_000;
  private static final int RUN_BYTES = 8;
  private static final byte[] IDENTITY = "identity of the record".getBytes(StandardCharsets.UTF_8);

  private static Path dir;
  private static KeyRing ring;
  private static RecordSealer sealer;

  @BeforeContainer
  static void openRing() throws Exception {
    dir = Files.createTempDirectory("sealing-properties");
    ring = TestKeys.create(dir.resolve("keys.p12"));
    byte[] vaultId = new byte[RecordSealer.VAULT_ID_SIZE_BYTES];
    new Random(7).nextBytes(vaultId);
    sealer = RecordSealer.create(ring, vaultId);
  }

  @AfterContainer
  static void closeRing() throws IOException {
    sealer.close();
    ring.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Property(tries = 300)
  void aSealedTokenOpensToTheSameTokenWithEmptyStringsAbsent(
      @ForAll("tokenCases") TokenCase generated) throws Exception {
    collectStatistics(generated);
    Token token = generated.build();

    byte[] document = TokenDocument.toJson(token);
    Token opened = TokenDocument.fromJson(sealer.open(sealer.seal(document, IDENTITY), IDENTITY));

    for (TokenField field : TokenField.values()) {
      assertThat(Objects.equals(opened.get(field), generated.expected(field)))
          .as("%s of %s comes back as given", field.columnName(), generated).isTrue();
    }
    assertThat(opened.equals(token)).as("opened token equals %s", generated).isTrue();
    checkCoverage();
  }

  @Property(tries = 100)
  void twoSealsOfTheSameTokenDiffer(@ForAll("tokenCases") TokenCase generated)
      throws Exception {
    byte[] document = TokenDocument.toJson(generated.build());

    byte[] first = sealer.seal(document, IDENTITY);
    byte[] second = sealer.seal(document, IDENTITY);

    assertThat(Arrays.equals(first, second)).as("two seals of %s are equal", generated)
        .isFalse();
    assertThat(Arrays.equals(sealer.open(second, IDENTITY), document))
        .as("the second seal of %s opens", generated).isTrue();
  }

  @Property(tries = 200)
  void aSealedRecordContainsNoEightByteRunOfAnyValue(@ForAll("tokenCases") TokenCase generated)
      throws Exception {
    Token token = generated.build();
    Map<Long, TokenField> runs = runsOf(token);
    Statistics.label("values with an 8-byte run").collect(!runs.isEmpty());

    byte[] sealed = sealer.seal(TokenDocument.toJson(token), IDENTITY);

    ByteBuffer record = ByteBuffer.wrap(sealed);
    for (int at = 0; at + RUN_BYTES <= sealed.length; at++) {
      TokenField found = runs.get(record.getLong(at));
      assertThat(found).as("record offset %d holds 8 bytes of %s of %s", at,
          found == null ? "" : found.columnName(), generated).isNull();
    }
    Statistics.label("values with an 8-byte run").coverage(
        coverage -> coverage.check(true).percentage(p -> p >= 30));
  }

  /** Returns every 8-byte run of the UTF-8 bytes of each present value, with its field. */
  private static Map<Long, TokenField> runsOf(Token token) {
    Map<Long, TokenField> runs = new HashMap<>();
    for (TokenField field : TokenField.values()) {
      if (token.has(field)) {
        ByteBuffer value = ByteBuffer.wrap(token.get(field).getBytes(StandardCharsets.UTF_8));
        for (int at = 0; at + RUN_BYTES <= value.limit(); at++) {
          runs.putIfAbsent(value.getLong(at), field);
        }
      }
    }
    return runs;
  }

  private static void collectStatistics(TokenCase generated) {
    Statistics.label("long field").collect(generated.longField >= 0);
    Statistics.label("present fields").collect(bucket(generated.count(Kind.ASCII, Kind.TEXT)
        + (generated.longField >= 0 ? 1 : 0)));
    Statistics.label("empty strings given").collect(generated.count(Kind.EMPTY) > 0);
    Statistics.label("supplementary characters").collect(generated.hasSupplementary());
  }

  private static void checkCoverage() {
    Statistics.label("long field").coverage(coverage -> {
      coverage.check(true).percentage(p -> p >= 3);
      coverage.check(false).percentage(p -> p >= 50);
    });
    Statistics.label("empty strings given").coverage(
        coverage -> coverage.check(true).percentage(p -> p >= 20));
    Statistics.label("supplementary characters").coverage(
        coverage -> coverage.check(true).percentage(p -> p >= 20));
    Statistics.label("present fields").coverage(coverage -> {
      coverage.check("0-2").percentage(p -> p >= 5);
      coverage.check("7-10").percentage(p -> p >= 5);
    });
  }

  private static String bucket(int present) {
    return present <= 2 ? "0-2" : present <= 6 ? "3-6" : "7-10";
  }

  // ---------------------------------------------------------------------------------------
  // Generators

  @Provide
  Arbitrary<TokenCase> tokenCases() {
    int fields = TokenField.values().length;
    Arbitrary<List<Value>> values = Arbitraries.oneOf(
        values(20).list().ofSize(fields), values(3).list().ofSize(fields),
        values(0).list().ofSize(fields));
    Arbitrary<Integer> longField = Arbitraries.frequencyOf(
        Tuple.of(9, Arbitraries.just(-1)),
        Tuple.of(1, Arbitraries.integers().between(0, fields - 1)));
    Arbitrary<String> longText = Arbitraries.integers().between(1_000, LONG_FIELD_MAX_CHARS)
        .flatMap(chars -> Arbitraries.randomValue(random -> longText(random, chars)));
    return Combinators.combine(values, longField, longText).as(TokenCase::new);
  }

  /** Returns field values, absent with weight {@code absentWeight} against 7 for the rest. */
  private static Arbitrary<Value> values(int absentWeight) {
    Arbitrary<Value> absent = Arbitraries.just(new Value(Kind.ABSENT, null));
    Arbitrary<Value> empty = Arbitraries.just(new Value(Kind.EMPTY, ""));
    Arbitrary<Value> ascii = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1)
        .ofMaxLength(60).map(text -> new Value(Kind.ASCII, text));
    Arbitrary<Value> unicode = codePoints().list().ofMinSize(1).ofMaxSize(40)
        .map(points -> new Value(Kind.TEXT, text(points)));
    return absentWeight == 0
        ? Arbitraries.frequencyOf(Tuple.of(1, empty), Tuple.of(3, ascii), Tuple.of(3, unicode))
        : Arbitraries.frequencyOf(Tuple.of(absentWeight, absent), Tuple.of(1, empty),
            Tuple.of(3, ascii), Tuple.of(3, unicode));
  }

  /** Code points from ASCII, C0 controls, the rest of the BMP and the supplementary planes. */
  private static Arbitrary<Integer> codePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),
        Tuple.of(1, Arbitraries.integers().between(0x00, 0x1f)),
        Tuple.of(2, Arbitraries.integers().between(0x7f, 0xd7ff)),
        Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
        Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
  }

  private static String text(List<Integer> codePoints) {
    StringBuilder text = new StringBuilder();
    codePoints.forEach(text::appendCodePoint);
    return text.toString();
  }

  /**
   * Returns well-formed text of exactly {@code chars} UTF-16 units: half ASCII, the rest from
   * the BMP, the supplementary planes and the C0 controls.
   */
  private static String longText(Random random, int chars) {
    StringBuilder text = new StringBuilder(chars);
    while (text.length() < chars) {
      int kind = random.nextInt(10);
      int point = kind < 5 ? 0x20 + random.nextInt(0x5f)
          : kind < 7 ? 0x80 + random.nextInt(0xd800 - 0x80)
          : kind < 9 ? 0x10000 + random.nextInt(0x100000)
          : random.nextInt(0x20);
      if (text.length() + Character.charCount(point) <= chars) {
        text.appendCodePoint(point);
      }
    }
    return text.toString();
  }

  /** How a generated value was made: what its description may show instead of the value. */
  enum Kind { ABSENT, EMPTY, ASCII, TEXT, LONG }

  /** One generated field value and its kind. */
  static final class Value {
    final Kind kind;
    final String text;

    Value(Kind kind, String text) {
      this.kind = kind;
      this.text = text;
    }
  }

  /** A generated token: ten values, at most one of them long. Shows kinds and lengths only. */
  static final class TokenCase {
    final List<Value> values;
    final int longField;

    TokenCase(List<Value> values, int longField, String longText) {
      this.values = new ArrayList<>(values);
      this.longField = longField;
      if (longField >= 0) {
        this.values.set(longField, new Value(Kind.LONG, longText));
      }
    }

    Token build() {
      Token.Builder token = Token.builder();
      for (TokenField field : TokenField.values()) {
        token.set(field, values.get(field.ordinal()).text);
      }
      return token.build();
    }

    /** Returns what the field must hold after a round trip: absent for null and "". */
    String expected(TokenField field) {
      String text = values.get(field.ordinal()).text;
      return text == null || text.isEmpty() ? null : text;
    }

    int count(Kind... kinds) {
      List<Kind> wanted = Arrays.asList(kinds);
      return (int) values.stream().filter(v -> wanted.contains(v.kind)).count();
    }

    boolean hasSupplementary() {
      return values.stream().anyMatch(
          v -> v.text != null && v.text.codePoints().anyMatch(Character::isSupplementaryCodePoint));
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("TokenCase{");
      for (TokenField field : TokenField.values()) {
        Value value = values.get(field.ordinal());
        if (field.ordinal() > 0) {
          text.append(", ");
        }
        text.append(field.columnName()).append('=').append(value.kind);
        if (value.text != null) {
          text.append('(').append(value.text.length()).append(" chars)");
        }
      }
      return text.append('}').toString();
    }
  }
}
