package dev.tokenvault.crypto;

import dev.tokenvault.VaultException;

/**
 * Supplies a keystore password when one is needed.
 *
 * <p>A key ring asks its source each time it reads the keystore: when it opens it, and again
 * when another process has added a key (during a rotation). Each call returns a fresh array,
 * which the caller zeroes as soon as it has used it. {@link Passwords} makes sources from an
 * array, a file, an environment variable and the console; passwords are never taken from a
 * command-line argument.
 */
public interface PasswordSource extends AutoCloseable {

  /**
   * Returns a new array holding the password; the caller zeroes it after use.
   *
   * @throws VaultException if the password cannot be obtained (file unreadable, variable unset)
   */
  char[] password() throws VaultException;

  /** Returns where the password comes from, for messages: never the password itself. */
  String description();

  /** Forgets any copy of the password this source holds. The default holds none. */
  @Override
  default void close() {}
}
