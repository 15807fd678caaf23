/**
 * Not API: the machinery behind {@code io.calibrax.Calibrax} and
 * {@code io.calibrax.inject.CalibraxModule}. {@link io.calibrax.internal.ServiceDiscovery} finds
 * the {@code io.calibrax.spi} providers with {@link java.util.ServiceLoader}, each one isolated so a
 * broken plugin is logged and skipped; {@link io.calibrax.internal.Plugins} holds what they
 * created from one configuration; {@link io.calibrax.internal.Lifecycle} closes it all in reverse
 * order. Types here may change in any release.
 */
@NullMarked
package io.calibrax.internal;

import org.jspecify.annotations.NullMarked;
