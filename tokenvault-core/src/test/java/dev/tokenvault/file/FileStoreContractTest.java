package dev.tokenvault.file;

import dev.tokenvault.MissingCredentialsException;
import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.UnknownTokenException;
import dev.tokenvault.contract.ContractCase;
import dev.tokenvault.contract.ContractCases;
import dev.tokenvault.contract.ContractRunner;
import dev.tokenvault.contract.ContractSubject;
import dev.tokenvault.crypto.KeyRing;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays every case of {@code contract-cases.json} against a fresh file vault. */
final class FileStoreContractTest {
  @TempDir static Path dir;
  private static KeyRing ring;

  @BeforeAll
  static void createKeys() throws Exception {
    ring = TestKeys.create(dir.resolve("keys.p12"));
  }

  @AfterAll
  static void closeKeys() {
    ring.close();
  }

  static Stream<ContractCase> cases() {
    return ContractCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void contractCase_behavesAsSpecified(ContractCase contractCase) throws Exception {
    Path vault = dir.resolve(contractCase.name + ".vault");
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      ContractRunner.run(contractCase, new StoreSubject(store));
    }
  }

  /** The store's typed API in the SDK's shapes. */
  static final class StoreSubject implements ContractSubject {
    private final FileTokenStore store;

    StoreSubject(FileTokenStore store) {
      this.store = store;
    }

    @Override
    public Token findToken(Token query, String[] raw) throws Exception {
      return store.find(query).orElse(null);
    }

    @Override
    public Token findTokenById(String id) throws Exception {
      return store.findById(id);
    }

    @Override
    public void saveToken(Token token, String[] raw) throws Exception {
      store.save(token);
    }

    @Override
    public void deleteToken(String id) throws Exception {
      store.delete(id);
    }

    @Override
    public List<Token> getTokens() throws Exception {
      return store.list();
    }

    @Override
    public void deleteTokens() throws Exception {
      store.clear();
    }

    @Override
    public String errorKind(Exception failure) {
      if (failure instanceof UnknownTokenException) {
        return "unknown-id";
      }
      if (failure instanceof MissingCredentialsException) {
        return "no-credentials";
      }
      return failure.getClass().getName();
    }
  }
}
