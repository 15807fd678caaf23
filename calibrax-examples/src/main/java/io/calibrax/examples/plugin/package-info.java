/**
 * A third-party alert-handler plugin: {@link io.calibrax.examples.plugin.AlertLogHandlerProvider}
 * and its handler, compiled against calibrax-api alone and registered in this module's
 * {@code META-INF/services/io.calibrax.spi.AlertHandlerProvider}. Copy the two classes and the
 * one-line services file into your own JAR to write yours.
 */
@NullMarked
package io.calibrax.examples.plugin;

import org.jspecify.annotations.NullMarked;
