/**
 * The file vault: sealed token records in one append-only file, shared by threads and
 * processes, served from memory.
 *
 * <p>{@link dev.tokenvault.file.FileTokenStore} is the store; everything else in this package is
 * its implementation. The file layout is documented on {@code VaultFormat} and in {@code
 * docs/FORMAT.md}.
 */
@NullMarked
package dev.tokenvault.file;

import org.jspecify.annotations.NullMarked;
