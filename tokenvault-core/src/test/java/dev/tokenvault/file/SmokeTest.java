package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.crypto.KeyRing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SmokeTest {
  @TempDir Path dir;

  @Test
  void saveFindReopen() throws Exception {
    try (KeyRing ring = TestKeys.create(dir.resolve("keys.p12"))) {
      Path vault = dir.resolve("tokens.vault");
      try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
        Token saved = store.save(Token.builder().userName("alice@example.com:1")
            .accessToken("at-alice").refreshToken("rt-alice").build());
        assertThat(saved.id()).isEqualTo("1");
        assertThat(store.findById("1").accessToken()).isEqualTo("at-alice");
        assertThat(store.find(Token.builder().userName("alice@example.com:1").build()))
            .hasValueSatisfying(t -> assertThat(t.refreshToken()).isEqualTo("rt-alice"));
        store.save(Token.builder().id("1").accessToken("at-2").build());
        store.compact();
        assertThat(store.findById("1").accessToken()).isEqualTo("at-2");
      }
      try (FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
        assertThat(store.list()).hasSize(1);
        assertThat(store.findById("1").refreshToken()).isEqualTo("rt-alice");
        assertThat(store.verify().ok()).isTrue();
        ring.addKey();
        store.reseal(10, null);
        assertThat(store.retireUnusedKeys()).containsExactly("tv-1");
        assertThat(store.findById("1").accessToken()).isEqualTo("at-2");
      }
    }
  }
}
