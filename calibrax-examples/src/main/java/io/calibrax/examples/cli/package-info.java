/**
 * The {@code calibrax} command ({@link io.calibrax.examples.cli.CalibraxCommand}, the main class
 * of {@code calibrax.jar}), built with picocli: {@code demo}, {@code watch}, {@code run},
 * {@code gpu}, {@code test-handlers} and {@code help}. Every command has {@code --help},
 * {@code --config} and {@code --plugins}; a bad argument or setting prints one line naming it and
 * exits with 2 before any work; a failure while running exits with 1 ({@code run} passes its
 * command's status on, and exits 3 on a {@code --fail-on} breach).
 */
@NullMarked
package io.calibrax.examples.cli;

import org.jspecify.annotations.NullMarked;
