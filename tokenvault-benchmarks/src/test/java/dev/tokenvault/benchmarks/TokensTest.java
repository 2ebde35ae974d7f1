package dev.tokenvault.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.Token;
import dev.tokenvault.TokenDocument;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class TokensTest {

  @Test
  void token_anyIndex_hasADocumentOfAbout600Bytes() {
    for (int i : new int[] {0, 9, 99_999, 999_999}) {
      assertThat(TokenDocument.toJson(Tokens.token(i)).length).as("token %d", i)
          .isBetween(560, 640);
    }
  }

  @Test
  void token_sameIndex_isTheSameToken() {
    assertThat(Tokens.token(1234)).isEqualTo(Tokens.token(1234));
  }

  @Test
  void token_thousandIndexes_haveDistinctIdsUserNamesAndSecrets() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Token token = Tokens.token(i);
      seen.add(token.id());
      seen.add(token.userName());
      seen.add(token.accessToken());
      seen.add(token.refreshToken());
      seen.add(token.grantToken());
    }
    assertThat(seen).hasSize(5000);
  }

  @Test
  void zohoToken_random_hasTheZohoShape() {
    assertThat(Tokens.zohoToken(new SplittableRandom(1)))
        .matches("1000\\.[0-9a-f]{32}\\.[0-9a-f]{32}");
  }

  @Test
  void permutation_ofTen_holdsEachIndexOnce() {
    int[] order = FindBenchmark.permutation(10, new SplittableRandom(2));
    assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }
}
