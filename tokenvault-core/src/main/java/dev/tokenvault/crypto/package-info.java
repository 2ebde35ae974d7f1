/**
 * Keys and sealing: the PKCS12 key ring, passwords, and AES-256-GCM sealing of records under
 * per-record keys derived with HKDF-SHA256.
 *
 * <p>{@link dev.tokenvault.crypto.KeyRing} holds the keys of one keystore file. {@link
 * dev.tokenvault.crypto.RecordSealer} seals and opens records for one vault under those keys.
 * The exact bytes of a sealed record and of the derivations are specified in {@code
 * docs/FORMAT.md}.
 */
@NullMarked
package dev.tokenvault.crypto;

import org.jspecify.annotations.NullMarked;
