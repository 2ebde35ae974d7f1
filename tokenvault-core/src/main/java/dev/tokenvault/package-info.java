/**
 * The token model, the six-operation store contract and the exception family shared by every
 * tokenvault store.
 *
 * <p>Start with {@link dev.tokenvault.Token} for the value that is stored, {@link
 * dev.tokenvault.TokenStore} for the operations, and {@link dev.tokenvault.file.FileTokenStore}
 * for the store that keeps sealed tokens in one file.
 */
@NullMarked
package dev.tokenvault;

import org.jspecify.annotations.NullMarked;
