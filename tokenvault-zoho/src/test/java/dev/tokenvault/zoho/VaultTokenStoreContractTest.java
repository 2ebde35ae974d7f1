package dev.tokenvault.zoho;

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
  protected String errorKind(SDKException error) {
    if (error.getCause() instanceof UnknownTokenException) {
      return "unknown-id";
    }
    if (error.getCause() instanceof MissingCredentialsException) {
      return "no-credentials";
    }
    return String.valueOf(error.getCause());
  }
}
