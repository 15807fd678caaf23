/**
 * The console alert handler: one line per alert on standard output, in the seed's format
 * {@code [warning] Throughput below minimum: throughput=850.00 (threshold=1000.00)}. Switched on by
 * {@code calibrax.console.enabled=true}; {@code calibrax.console.min-severity} (default
 * {@code info}) filters it.
 */
@NullMarked
package io.calibrax.handlers.console;

import org.jspecify.annotations.NullMarked;
