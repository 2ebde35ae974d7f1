package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.UnknownTokenException;
import dev.tokenvault.crypto.KeyRing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class KeyIdOfTest {
  @TempDir Path dir;

  @Test
  void keyIdOf_followsTheRecordThroughARotation() throws Exception {
    try (KeyRing ring = TestKeys.create(dir.resolve("keys.p12"));
        FileTokenStore store = FileTokenStore.builder(dir.resolve("v.vault"), ring).create()) {
      store.save(Token.builder().userName("alice").refreshToken("rt-a").build());
      assertThat(store.keyIdOf("1")).isEqualTo("tv-1");

      ring.addKey();
      store.save(Token.builder().userName("bob").refreshToken("rt-b").build());
      assertThat(store.keyIdOf("1")).isEqualTo("tv-1");
      assertThat(store.keyIdOf("2")).isEqualTo("tv-2");

      store.reseal(10, null);
      assertThat(store.keyIdOf("1")).isEqualTo("tv-2");
    }
  }

  @Test
  void keyIdOf_unknownId_fails() throws Exception {
    try (KeyRing ring = TestKeys.create(dir.resolve("keys.p12"));
        FileTokenStore store = FileTokenStore.builder(dir.resolve("v.vault"), ring).create()) {
      assertThatThrownBy(() -> store.keyIdOf("7")).isInstanceOf(UnknownTokenException.class)
          .hasMessage("no token with id '7'");
    }
  }
}
