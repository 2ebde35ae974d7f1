package dev.tokenvault.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.Token;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class VaultsTest {
  @TempDir
  Path temp;

  @BeforeEach
  void useTempDataDir() {
    System.setProperty(Vaults.DIR_PROPERTY, temp.toString());
  }

  @AfterEach
  void forgetDataDir() {
    System.clearProperty(Vaults.DIR_PROPERTY);
  }

  @Test
  void prepared_tenTokens_answersEveryLookupOfTheBenchmarks() throws Exception {
    Path dir = Vaults.prepared(10);

    try (KeyRing ring = Vaults.keys(dir);
        FileTokenStore store = FileTokenStore.builder(dir.resolve(Vaults.VAULT_FILE), ring)
            .open()) {
      assertThat(store.list()).hasSize(10);
      for (int i = 0; i < 10; i++) {
        Token token = Tokens.token(i);
        assertThat(store.findById(token.id())).isEqualTo(token);
        assertThat(store.find(Token.builder().userName(token.userName()).build()))
            .contains(token);
        assertThat(store.find(Token.builder().accessToken(token.accessToken()).build()))
            .contains(token);
        assertThat(store.find(Token.builder().refreshToken(token.refreshToken())
            .clientId(Tokens.CLIENT_ID).clientSecret(Tokens.CLIENT_SECRET).build()))
            .contains(token);
        assertThat(store.find(Token.builder().grantToken(token.grantToken())
            .clientId(Tokens.CLIENT_ID).clientSecret(Tokens.CLIENT_SECRET).build()))
            .contains(token);
      }
    }
  }

  @Test
  void prepared_again_reusesTheVault() throws Exception {
    Path vault = Vaults.prepared(10).resolve(Vaults.VAULT_FILE);
    FileTime built = Files.getLastModifiedTime(vault);
    Object fileKey = Files.readAttributes(vault,
        java.nio.file.attribute.BasicFileAttributes.class).fileKey();

    Path again = Vaults.prepared(10).resolve(Vaults.VAULT_FILE);

    assertThat(again).isEqualTo(vault);
    assertThat(Files.getLastModifiedTime(again)).isEqualTo(built);
    assertThat(Files.readAttributes(again, java.nio.file.attribute.BasicFileAttributes.class)
        .fileKey()).isEqualTo(fileKey);
  }

  @Test
  void prepared_withoutReadyMarker_isBuiltAgain() throws Exception {
    Path dir = Vaults.prepared(10);
    Files.delete(dir.resolve("READY"));
    Files.writeString(dir.resolve("leftover"), "from an interrupted preparation");

    Vaults.prepared(10);

    assertThat(dir.resolve("READY")).exists();
    assertThat(dir.resolve("leftover")).doesNotExist();
  }

  @Test
  void workingCopy_savesThere_leavesThePreparedVaultAlone() throws Exception {
    Path prepared = Vaults.prepared(10).resolve(Vaults.VAULT_FILE);
    long preparedSize = Files.size(prepared);
    Path copy = Vaults.workingCopy(10);

    try (KeyRing ring = Vaults.keys(copy);
        FileTokenStore store = FileTokenStore.builder(copy.resolve(Vaults.VAULT_FILE), ring)
            .open()) {
      store.save(Tokens.newUser("test", 1, new java.util.SplittableRandom(1)));
      assertThat(store.list()).hasSize(11);
    }

    assertThat(Files.size(prepared)).isEqualTo(preparedSize);
    Vaults.deleteTree(copy);
    assertThat(copy).doesNotExist();
  }
}
