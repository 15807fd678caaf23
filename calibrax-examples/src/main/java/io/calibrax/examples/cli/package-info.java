/**
 * The {@code calibrax} command ({@link io.calibrax.examples.cli.CalibraxCommand}, the main class
 * of {@code calibrax.jar}), built with picocli: {@code demo}, {@code watch}, {@code gpu} and
 * {@code test-handlers}. Every command has {@code --help}; bad arguments print a message naming
 * the argument and exit with 2; a failure while running exits with 1.
 */
@NullMarked
package io.calibrax.examples.cli;

import org.jspecify.annotations.NullMarked;
