/**
 * The machinery of {@code calibrax watch}: a {@link io.calibrax.examples.watch.WatchSession}
 * drives a monitor cycle by cycle, prints a live status line (or a line per sample), and yields a
 * {@link io.calibrax.examples.watch.WatchResult} that prints as a summary table and writes as a
 * self-contained HTML report with an SVG chart per metric.
 */
@NullMarked
package io.calibrax.examples.watch;

import org.jspecify.annotations.NullMarked;
