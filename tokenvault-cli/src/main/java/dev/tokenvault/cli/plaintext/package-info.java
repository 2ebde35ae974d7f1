/**
 * The plaintext token stores that tokenvault migrates from and rolls back to: the Zoho SDKs'
 * CSV token file and the {@code oauthtoken} table of an SQLite database.
 */
@NullMarked
package dev.tokenvault.cli.plaintext;

import org.jspecify.annotations.NullMarked;
