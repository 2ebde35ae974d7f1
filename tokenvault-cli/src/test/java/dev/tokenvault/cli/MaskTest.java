package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.TokenField;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

final class MaskTest {

  @Test
  void partly_keepsTheEnds_ofLongValuesOnly() {
    assertThat(Mask.partly("alice@example.com:7001")).isEqualTo("al****001");
    assertThat(Mask.partly("1000.ALICE4CLIENT7ID2QWERTY")).isEqualTo("10****ERTY");
    assertThat(Mask.partly("123456789")).isEqualTo("1****9");
    assertThat(Mask.partly("12345678")).isEqualTo("****");
  }

  @Test
  void show_tokensAndSecrets_onlyByLength() {
    assertThat(Mask.show(TokenField.REFRESH_TOKEN, "1000.abc")).isEqualTo("******** (8 chars)");
    assertThat(Mask.show(TokenField.CLIENT_SECRET, "🔑é")).isEqualTo("******** (2 chars)");
    assertThat(Mask.show(TokenField.API_DOMAIN, "https://x")).isEqualTo("https://x");
    assertThat(Mask.show(TokenField.GRANT_TOKEN, null)).isEqualTo("-");
  }

  @Property
  void aPartlyMaskedValueShowsAtMostAThirdOfIt(@ForAll("values") String value) {
    String masked = Mask.partly(value);
    int shown = masked.codePointCount(0, masked.length()) - "****".length();
    int length = value.codePointCount(0, value.length());
    Statistics.collect(length <= 8 ? "short" : "long");

    assertThat(shown).isLessThanOrEqualTo(length / 3);
    assertThat(masked).contains("****");
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(80);
  }
}
