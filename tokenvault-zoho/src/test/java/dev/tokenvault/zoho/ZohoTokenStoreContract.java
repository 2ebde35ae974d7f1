package dev.tokenvault.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.api.authenticator.store.TokenStore;
import com.zoho.crm.api.exception.SDKException;
import dev.tokenvault.Token;
import dev.tokenvault.contract.ContractCase;
import dev.tokenvault.contract.ContractCases;
import dev.tokenvault.contract.ContractRunner;
import dev.tokenvault.contract.ContractSubject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of the six calls, replayed through the Zoho SDK's {@link TokenStore} interface:
 * every case of contract-cases.json, run by the core's {@link ContractRunner} against a fresh
 * store. Each call's token reaches the store as an SDK {@link OAuthToken} holding the case's
 * values exactly, empty strings included.
 *
 * <p>Reusable: a store implementation extends this class and says how to make a store and how
 * to tell its errors apart. This base class is public and abstract for that reason; the
 * concrete test classes are final and package-private as usual.
 *
 * <p>Beyond each case's expectations, the replay checks what the SDK relies on: a successful
 * {@code findToken} returns the caller's own object; after a successful {@code saveToken} the
 * caller's object carries the id of a stored token; every error is an {@link SDKException} with
 * the code {@code TOKEN_STORE}.
 */
public abstract class ZohoTokenStoreContract {
  @TempDir Path dir;

  /** Returns a new, empty store whose files, if any, live in {@code dir}. */
  protected abstract TokenStore newStore(Path dir) throws Exception;

  /** Releases a store made by {@link #newStore}; the default does nothing. */
  protected void closeStore(TokenStore store) throws Exception {}

  /**
   * Returns the contract's error kind ({@code unknown-id} or {@code no-credentials}) that
   * {@code error} reports, as far as the store lets one tell.
   */
  protected abstract String errorKind(SDKException error);

  static Stream<ContractCase> contractCases() {
    return ContractCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractCases")
  void contractCase_throughTheSdkInterface_behavesAsSpecified(ContractCase contractCase)
      throws Exception {
    TokenStore store = newStore(dir);
    try {
      ContractRunner.run(contractCase, new SdkSubject(store));
    } finally {
      closeStore(store);
    }
  }

  /** The contract's calls made through the SDK's interface, with SDK token objects. */
  private final class SdkSubject implements ContractSubject {
    private final TokenStore store;

    SdkSubject(TokenStore store) {
      this.store = store;
    }

    @Override
    public Token findToken(Token query, String[] raw) throws Exception {
      OAuthToken argument = SdkTokens.fromVault(query, raw);
      com.zoho.api.authenticator.Token found = store.findToken(argument);
      if (found == null) {
        return null;
      }
      assertThat(found).as("findToken returns the caller's own object").isSameAs(argument);
      return SdkTokens.toVault(argument);
    }

    @Override
    public Token findTokenById(String id) throws Exception {
      return SdkTokens.toVault(store.findTokenById(id));
    }

    @Override
    public void saveToken(Token token, String[] raw) throws Exception {
      OAuthToken argument = SdkTokens.fromVault(token, raw);
      store.saveToken(argument);
      assertThat(argument.getId()).as("id set on the caller's object").isNotEmpty();
      assertThat(store.findTokenById(argument.getId())).as("the token with that id")
          .isNotNull();
    }

    @Override
    public void deleteToken(String id) throws Exception {
      store.deleteToken(id);
    }

    @Override
    public List<Token> getTokens() throws Exception {
      List<Token> tokens = new ArrayList<>();
      for (com.zoho.api.authenticator.Token token : store.getTokens()) {
        tokens.add(SdkTokens.toVault(token));
      }
      return tokens;
    }

    @Override
    public void deleteTokens() throws Exception {
      store.deleteTokens();
    }

    @Override
    public String errorKind(Exception failure) {
      assertThat(failure).isInstanceOf(SDKException.class);
      SDKException error = (SDKException) failure;
      assertThat(error.getCode()).isEqualTo("TOKEN_STORE");
      return ZohoTokenStoreContract.this.errorKind(error);
    }
  }
}
