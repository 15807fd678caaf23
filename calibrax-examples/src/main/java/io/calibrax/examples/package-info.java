/**
 * Runnable walkthroughs of Calibrax and the {@code calibrax} command.
 *
 * <p>Each example is a small class with a {@code main} that a reader can copy:
 * <ul>
 *   <li>{@link io.calibrax.examples.AlertManagerWalkthrough}: alerts, a handler, querying;</li>
 * </ul>
 * {@code java -jar calibrax.jar demo} runs the three walkthroughs of the documentation in turn;
 * {@link io.calibrax.examples.cli.CalibraxCommand} is the command line.
 */
package io.calibrax.examples;
