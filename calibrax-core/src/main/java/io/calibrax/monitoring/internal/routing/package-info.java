/**
 * Internals of alert routing: the routing configuration, silences, mute windows and inhibition. Not public API.
 */
@NullMarked
package io.calibrax.monitoring.internal.routing;

import org.jspecify.annotations.NullMarked;
