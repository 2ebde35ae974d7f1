package dev.tokenvault.zoho;

import com.zoho.api.authenticator.Token;
import com.zoho.api.authenticator.store.TokenStore;
import com.zoho.crm.api.exception.SDKException;
import java.util.ArrayList;
import java.util.List;

/** Passes the SDK's calls on to a store and records their names, in order. */
final class RecordingStore implements TokenStore {
  private final TokenStore store;
  private final List<String> calls = new ArrayList<>();

  RecordingStore(TokenStore store) {
    this.store = store;
  }

  /** Returns the calls made since the last {@link #forget()}, and forgets them. */
  synchronized List<String> forget() {
    List<String> made = List.copyOf(calls);
    calls.clear();
    return made;
  }

  private synchronized void record(String call) {
    calls.add(call);
  }

  @Override
  public Token findToken(Token token) throws SDKException {
    record("findToken");
    return store.findToken(token);
  }

  @Override
  public Token findTokenById(String id) throws SDKException {
    record("findTokenById");
    return store.findTokenById(id);
  }

  @Override
  public void saveToken(Token token) throws SDKException {
    record("saveToken");
    store.saveToken(token);
  }

  @Override
  public void deleteToken(String id) throws SDKException {
    record("deleteToken");
    store.deleteToken(id);
  }

  @Override
  public List<Token> getTokens() throws SDKException {
    record("getTokens");
    return new ArrayList<>(store.getTokens());
  }

  @Override
  public void deleteTokens() throws SDKException {
    record("deleteTokens");
    store.deleteTokens();
  }
}
