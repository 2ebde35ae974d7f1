package dev.tokenvault.zoho;

import static dev.tokenvault.zoho.SdkTokens.columns;
import static dev.tokenvault.zoho.SdkTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.crm.api.exception.SDKException;
import dev.tokenvault.DamagedDataException;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.PasswordSource;
import dev.tokenvault.crypto.Passwords;
import dev.tokenvault.file.FileTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and closing a {@link VaultTokenStore}: it closes what it opened, and only that. */
final class VaultTokenStoreBuilderTest {
  @TempDir Path dir;

  @Test
  void openOrCreate_noFiles_createsOwnerOnlyFilesThatOpenAgain() throws Exception {
    OAuthToken alice = token("user_name", "alice@example.com:7001",
        "refresh_token", "1000.fake-refresh-alice");
    try (VaultTokenStore store = TestVaults.create(dir)) {
      store.saveToken(alice);
    }

    try (VaultTokenStore store = TestVaults.builder(dir).open()) {
      assertThat(columns(store.findTokenById(alice.getId())))
          .containsEntry("refresh_token", "1000.fake-refresh-alice");
    }
    assertThat(permissions(dir.resolve("tokens.vault"))).isEqualTo("rw-------");
    assertThat(permissions(dir.resolve("keys.p12"))).isEqualTo("rw-------");
  }

  @Test
  void open_noVault_failsAndClosesThePasswordSource() throws Exception {
    createKeystore(dir.resolve("keys.p12"));
    SpyPassword password = new SpyPassword();

    assertThatThrownBy(() -> TestVaults.builder(dir).password(password).open())
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("does not exist");
    assertThat(password.closed).isTrue();
    assertThat(Files.exists(dir.resolve("tokens.vault"))).isFalse();
  }

  @Test
  void open_keystoreOfAnotherVault_failsAndClosesThePasswordSource() throws Exception {
    TestVaults.create(dir).close();
    Files.delete(dir.resolve("keys.p12"));
    createKeystore(dir.resolve("keys.p12"));
    SpyPassword password = new SpyPassword();

    assertThatThrownBy(() -> TestVaults.builder(dir).password(password).open())
        .isInstanceOf(DamagedDataException.class);
    assertThat(password.closed).isTrue();
  }

  @Test
  void open_noPasswordSource_isRefused() {
    VaultTokenStore.Builder builder =
        VaultTokenStore.builder(dir.resolve("tokens.vault"), dir.resolve("keys.p12"));

    assertThatThrownBy(builder::open).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("password");
  }

  @Test
  void builder_invalidSettings_areRefusedAtOnce() {
    VaultTokenStore.Builder builder = TestVaults.builder(dir);

    assertThatThrownBy(() -> builder.staleness(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> builder.keystoreIterations(KeyRing.MIN_ITERATIONS - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(KeyRing.MIN_ITERATIONS - 1));
  }

  @Test
  void close_storeFromBuilder_closesTheVaultAndTheKeyRing() throws Exception {
    SpyPassword password = new SpyPassword();
    VaultTokenStore store = TestVaults.builder(dir).password(password).openOrCreate();

    store.close();

    assertThat(password.closed).as("the key ring closed its password source").isTrue();
    assertThatThrownBy(store::getTokens).isInstanceOf(SDKException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void close_storeFromOf_leavesTheCallersVaultOpen() throws Exception {
    try (KeyRing ring = createKeystore(dir.resolve("keys.p12"));
        FileTokenStore vault = FileTokenStore.builder(dir.resolve("tokens.vault"), ring)
            .create()) {
      VaultTokenStore store = VaultTokenStore.of(vault);
      store.saveToken(token("access_token", "1000.fake-access-carol"));

      store.close();

      assertThat(vault.list()).hasSize(1);
    }
  }

  @Test
  void toString_namesTheVaultOnly() throws Exception {
    try (VaultTokenStore store = TestVaults.create(dir)) {
      assertThat(store.toString()).contains(dir.resolve("tokens.vault").toString())
          .doesNotContain(TestVaults.PASSWORD);
    }
  }

  private static KeyRing createKeystore(Path path) throws VaultException {
    return KeyRing.builder(path).password(Passwords.of(TestVaults.PASSWORD.toCharArray()))
        .iterations(KeyRing.MIN_ITERATIONS).create();
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  /** The test password, remembering whether it was closed. */
  private static final class SpyPassword implements PasswordSource {
    volatile boolean closed;

    @Override
    public char[] password() {
      return TestVaults.PASSWORD.toCharArray();
    }

    @Override
    public String description() {
      return "the test password";
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
