/**
 * Internals of the monitors and the resource sampler: not public API, free to change between
 * releases. Nothing outside calibrax-core should use this package.
 */
@NullMarked
package io.calibrax.monitoring.internal;

import org.jspecify.annotations.NullMarked;
