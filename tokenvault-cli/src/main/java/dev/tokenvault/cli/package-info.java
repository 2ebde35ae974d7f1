/**
 * The {@code tokenvault} command line: create a vault, migrate plaintext tokens into it, inspect
 * it, rotate its keys and check it. {@link dev.tokenvault.cli.Main} is the entry point; every
 * command is a picocli command in this package.
 */
@NullMarked
package dev.tokenvault.cli;

import org.jspecify.annotations.NullMarked;
