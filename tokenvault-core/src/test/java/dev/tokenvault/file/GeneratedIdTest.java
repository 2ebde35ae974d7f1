package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated ids never repeat, also past 18 digits and across reopening. */
final class GeneratedIdTest {
  @TempDir Path dir;
  private KeyRing ring;
  private Path vault;

  @BeforeEach
  void createKeyRing() throws VaultException {
    ring = TestKeys.create(dir.resolve("keys.p12"));
    vault = dir.resolve("tokens.vault");
  }

  @AfterEach
  void closeKeyRing() {
    ring.close();
  }

  /** Found by FileTokenStoreStatefulTest: 19-digit generated ids were forgotten on reopening. */
  @Test
  void save_afterReopeningWithNineteenDigitGeneratedIds_doesNotReuseADeletedId()
      throws VaultException {
    String deleted;
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      store.save(token("999999999999999999", "at-0"));
      assertThat(store.save(token(null, "at-1")).id()).isEqualTo("1000000000000000000");
      deleted = store.save(token(null, "at-2")).id();
      assertThat(deleted).isEqualTo("1000000000000000001");
      store.delete(deleted);
    }

    try (FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
      assertThat(store.save(token(null, "at-3")).id()).isEqualTo("1000000000000000002");
    }
  }

  @Test
  void save_afterTheLargestLongId_failsRatherThanReuseAnId() throws VaultException {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      store.save(token(Long.toString(Long.MAX_VALUE), "at-0"));

      assertThatThrownBy(() -> store.save(token(null, "at-1")))
          .isInstanceOf(VaultException.class)
          .hasMessageContaining("cannot generate a new id");
      assertThat(store.list()).hasSize(1);
    }
  }

  @Test
  void save_afterAnIdBeyondTheLargestLong_generatesSmallIds() throws VaultException {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      store.save(token("9223372036854775808", "at-0"));
      store.save(token("12345678901234567890", "at-1"));

      assertThat(store.save(token(null, "at-2")).id()).isEqualTo("1");
    }
  }

  private static Token token(String id, String accessToken) {
    return Token.builder().id(id).accessToken(accessToken).build();
  }
}
