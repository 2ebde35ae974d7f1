/**
 * JMH benchmarks of the file vault, measured against the performance targets of DESIGN.md, and
 * the fixtures that build their vaults. Results and the commands that reproduce them are in
 * {@code docs/PERFORMANCE.md}.
 */
@NullMarked
package dev.tokenvault.benchmarks;

import org.jspecify.annotations.NullMarked;
