/**
 * Runnable walkthroughs and the {@code calibrax} command.
 */
package io.calibrax.examples;
