/**
 * File operations that tokenvault's stores and key ring share: owner-only creation, atomic
 * replacement (temporary file, force, atomic move, force the directory) and permission checks.
 *
 * <p>These classes are public so that tokenvault's own packages can share them; applications
 * have no reason to call them.
 */
@NullMarked
package dev.tokenvault.fs;

import org.jspecify.annotations.NullMarked;
