package io.calibrax.handlers.slack;

/**
 * What a {@link SlackAlertHandler} did with the alerts it was given; every accepted alert is in
 * exactly one of delivered, failed, dropped and pending, so
 * {@code accepted == delivered + failed + dropped + pending}. Immutable.
 *
 * @param accepted  alerts at or above the minimum severity that {@code handle} took
 * @param ignored   alerts below the minimum severity (not sent, by configuration)
 * @param delivered alerts in messages Slack accepted, listed or counted in a digest's {@code and N more}
 * @param failed    alerts in messages Slack rejected (4xx) or that failed every attempt
 * @param dropped   alerts still waiting when {@code close()} reached its deadline
 * @param pending   alerts waiting or in flight now
 * @param messages  messages Slack accepted (one alert each, or a digest), test messages excluded
 * @param requests  HTTP requests made, retries and test messages included
 */
public record SlackHandlerStats(long accepted, long ignored, long delivered, long failed, long dropped,
                                long pending, long messages, long requests) {

    /** @throws IllegalArgumentException if a count is negative */
    public SlackHandlerStats {
        if (accepted < 0 || ignored < 0 || delivered < 0 || failed < 0 || dropped < 0 || pending < 0
                || messages < 0 || requests < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
