/**
 * Calibrax's value types and contracts: alerts and their handlers, monitors and their summaries,
 * GPU and resource readings, metric sources. This package has no dependencies; a plugin author
 * compiles against it (and {@code io.calibrax.spi}) alone.
 *
 * <p>Every value type is an immutable record that validates its arguments and names the bad one
 * in its exception. Every {@code close()} declares no checked exception.
 */
@NullMarked
package io.calibrax.api;

import org.jspecify.annotations.NullMarked;
