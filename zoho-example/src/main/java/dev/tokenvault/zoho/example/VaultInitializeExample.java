package dev.tokenvault.zoho.example;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.api.authenticator.Token;
import com.zoho.crm.api.Initializer;
import com.zoho.crm.api.ParameterMap;
import com.zoho.crm.api.dc.DataCenter.Environment;
import com.zoho.crm.api.dc.USDataCenter;
import com.zoho.crm.api.record.RecordOperations;
import com.zoho.crm.api.record.RecordOperations.GetRecordsParam;
import com.zoho.crm.api.util.APIResponse;
import dev.tokenvault.crypto.Passwords;
import dev.tokenvault.zoho.VaultTokenStore;
import java.nio.file.Path;

/**
 * Initializes the Zoho CRM Java SDK (API v8) with its tokens kept in a tokenvault, then makes
 * one request, which reads the token from the vault as every request does.
 *
 * <p>Run it with the keystore password in {@code TOKENVAULT_PASSWORD} and the OAuth client in
 * {@code ZOHO_CLIENT_ID}, {@code ZOHO_CLIENT_SECRET} and {@code ZOHO_REFRESH_TOKEN}; the
 * arguments are the vault and keystore paths (default {@code tokens.vault} and {@code
 * keys.p12}, both created if absent). The SDK calls are those of the SDK's own README and
 * samples for release 5.0.0.
 */
public final class VaultInitializeExample {
  private VaultInitializeExample() {}

  /** Initializes the SDK with the vault store and lists the leads' companies and e-mails. */
  public static void main(String[] args) throws Exception {
    Path vault = Path.of(args.length > 0 ? args[0] : "tokens.vault");
    Path keystore = Path.of(args.length > 1 ? args[1] : "keys.p12");
    try (VaultTokenStore store = VaultTokenStore.builder(vault, keystore)
        .password(Passwords.fromEnvironment("TOKENVAULT_PASSWORD"))
        .openOrCreate()) {
      Environment environment = USDataCenter.PRODUCTION;
      Token token = new OAuthToken.Builder()
          .clientID(requiredVariable("ZOHO_CLIENT_ID"))
          .clientSecret(requiredVariable("ZOHO_CLIENT_SECRET"))
          .refreshToken(requiredVariable("ZOHO_REFRESH_TOKEN"))
          .findUser(false)
          .build();
      new Initializer.Builder()
          .environment(environment)
          .token(token)
          .store(store)
          .initialize();

      ParameterMap parameters = new ParameterMap();
      parameters.add(GetRecordsParam.FIELDS, "Company,Email");
      APIResponse<?> response = new RecordOperations("Leads").getRecords(parameters, null);
      System.out.println("GET Leads: HTTP " + response.getStatusCode());
    }
  }

  private static String requiredVariable(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException("set the environment variable " + name);
    }
    return value;
  }
}
