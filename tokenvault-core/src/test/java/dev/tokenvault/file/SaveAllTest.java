package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.MissingCredentialsException;
import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.crypto.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SaveAllTest {
  @TempDir Path dir;
  private KeyRing ring;
  private Path vault;

  @BeforeEach
  void createKeys() throws Exception {
    ring = TestKeys.create(dir.resolve("keys.p12"));
    vault = dir.resolve("tokens.vault");
  }

  @AfterEach
  void closeKeys() {
    ring.close();
  }

  @Test
  void saveAll_appliesEachSaveInOrder_withTheUpsertRules() throws Exception {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      store.save(user("alice", "rt-a1"));
      List<Token> stored = store.saveAll(List.of(
          user("bob", "rt-b1"), user("alice", "rt-a2"), user("bob", "rt-b2"),
          Token.builder().id("42").userName("carol").refreshToken("rt-c").build()));

      assertThat(stored).extracting(Token::id).containsExactly("2", "1", "2", "42");
      assertThat(store.list()).extracting(Token::userName, Token::refreshToken)
          .containsExactly(tuple("alice", "rt-a2"), tuple("bob", "rt-b2"),
              tuple("carol", "rt-c"));
    }
    try (FileTokenStore reopened = FileTokenStore.builder(vault, ring).open()) {
      assertThat(reopened.list()).hasSize(3);
      assertThat(reopened.stats().deadRecords()).isZero();
      assertThat(reopened.verify().ok()).isTrue();
    }
  }

  @Test
  void saveAll_withOneTokenThatCannotBeStored_storesNone() throws Exception {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      store.save(user("alice", "rt-a1"));
      byte[] before = Files.readAllBytes(vault);

      assertThatThrownBy(() -> store.saveAll(List.of(
          user("bob", "rt-b1"), Token.builder().userName("dave").clientId("c").build())))
          .isInstanceOf(MissingCredentialsException.class);

      assertThat(Files.readAllBytes(vault)).isEqualTo(before);
      assertThat(store.list()).extracting(Token::userName).containsExactly("alice");
      store.save(user("erin", "rt-e"));
      assertThat(store.list()).extracting(Token::id).containsExactly("1", "2");
    }
  }

  @Test
  void saveAll_changingNothing_leavesTheFileAsItIs() throws Exception {
    List<Token> tokens = List.of(
        Token.builder().id("7").userName("alice").refreshToken("rt-a").build(),
        Token.builder().id("9").userName("bob").accessToken("at-b").build());
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      store.saveAll(tokens);
      byte[] before = Files.readAllBytes(vault);
      Object fileBefore = fileKey();

      List<Token> again = store.saveAll(tokens);

      assertThat(again).containsExactlyElementsOf(tokens);
      assertThat(Files.readAllBytes(vault)).isEqualTo(before);
      assertThat(fileKey()).as("not replaced by a rewrite").isEqualTo(fileBefore);
      store.save(Token.builder().userName("carol").refreshToken("rt-c").build());
      assertThat(store.list()).extracting(Token::id).containsExactly("7", "9", "10");
    }
  }

  private Object fileKey() throws java.io.IOException {
    return Files.readAttributes(vault, java.nio.file.attribute.BasicFileAttributes.class)
        .fileKey();
  }

  private static Token user(String name, String refreshToken) {
    return Token.builder().userName(name).refreshToken(refreshToken).build();
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
