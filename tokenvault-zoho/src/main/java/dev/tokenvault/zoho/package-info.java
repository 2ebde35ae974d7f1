/**
 * The Zoho CRM Java SDK's token store, kept in a tokenvault.
 *
 * <p>{@link dev.tokenvault.zoho.VaultTokenStore} implements the SDK's {@code
 * com.zoho.api.authenticator.store.TokenStore}: pass it to the SDK's initializer with {@code
 * .store(...)} in place of the SDK's plaintext {@code FileStore} or SQL {@code DBStore}.
 */
@NullMarked
package dev.tokenvault.zoho;

import org.jspecify.annotations.NullMarked;
