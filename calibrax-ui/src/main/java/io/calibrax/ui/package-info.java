/**
 * The live page of a running application: {@code calibrax.ui.port} makes
 * {@code Calibrax.bootstrap()} serve, with the JDK's HTTP server, one self-contained page (a chart
 * per metric with its threshold and alerts, the pipelines' health, recent alerts, handler
 * statistics and silences) and the JSON API behind it ({@link io.calibrax.ui.CalibraxUi}). Its
 * {@link io.calibrax.ui.SvgChart} also draws the charts of {@code calibrax watch --report}.
 */
@NullMarked
package io.calibrax.ui;

import org.jspecify.annotations.NullMarked;
