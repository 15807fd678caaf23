package io.calibrax.handlers.alertmanager;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/** Polls with a deadline: Alertmanager's API is eventually consistent, so tests wait for a state, never for a time. */
final class Poll {
    private Poll() {
    }

    /**
     * Calls {@code probe} until {@code done} accepts its result, and returns that result.
     *
     * @throws AssertionError naming {@code what} and the last result (or failure) at the deadline
     */
    static <T> T until(Duration timeout, String what, Callable<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastFailure = null;
        long pause = 10;
        while (true) {
            try {
                last = probe.call();
                lastFailure = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("timed out after " + timeout + " waiting for " + what + "; last seen: "
                        + (lastFailure != null ? lastFailure : last), lastFailure);
            }
            try {
                Thread.sleep(pause); // polling interval, not synchronisation: the condition decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted waiting for " + what);
            }
            pause = Math.min(100, pause * 2);
        }
    }
}
