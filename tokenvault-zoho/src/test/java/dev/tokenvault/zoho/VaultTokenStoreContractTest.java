package dev.tokenvault.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import com.zoho.api.authenticator.store.TokenStore;
import com.zoho.crm.api.exception.SDKException;
import dev.tokenvault.MissingCredentialsException;
import dev.tokenvault.UnknownTokenException;
import java.nio.file.Path;

/** The contract cases, replayed against the vault-backed store. */
final class VaultTokenStoreContractTest extends ZohoTokenStoreContract {

  @Override
  protected TokenStore newStore(Path dir) throws Exception {
    return TestVaults.create(dir);
  }

  @Override
  protected void closeStore(TokenStore store) throws Exception {
    ((VaultTokenStore) store).close();
  }

  @Override
  protected void checkErrorKind(String kind, SDKException error) {
    Class<?> cause = kind.equals("unknown-id")
        ? UnknownTokenException.class
        : MissingCredentialsException.class;
    assertThat(error.getCause()).as(kind).isInstanceOf(cause);
  }
}
