package dev.tokenvault.contract;

import dev.tokenvault.Token;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A token store under test by the contract cases: the six calls of the SDK's contract, in the
 * SDK's shapes (a find returns null for no match; a save returns nothing).
 */
public interface ContractSubject {
  /**
   * Finds by the contract's rules; {@code raw} holds the caller's field values as given, with
   * {@code ""} distinct from absent, for subjects that take them as the SDK does.
   */
  @Nullable Token findToken(Token query, String @Nullable [] raw) throws Exception;

  Token findTokenById(String id) throws Exception;

  void saveToken(Token token, String @Nullable [] raw) throws Exception;

  void deleteToken(String id) throws Exception;

  List<Token> getTokens() throws Exception;

  void deleteTokens() throws Exception;

  /** Returns the contract's error kind ("unknown-id", "no-credentials") of {@code failure}. */
  String errorKind(Exception failure);
}
