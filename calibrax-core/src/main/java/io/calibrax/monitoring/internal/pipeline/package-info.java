/**
 * Internals of pipeline health: the per-pipeline state, its windows and its alerts. Not public API.
 */
@NullMarked
package io.calibrax.monitoring.internal.pipeline;

import org.jspecify.annotations.NullMarked;
