/**
 * JMH benchmarks of Calibrax; results and how to run them are in RESULTS.md.
 */
@NullMarked
package io.calibrax.benchmarks;

import org.jspecify.annotations.NullMarked;
