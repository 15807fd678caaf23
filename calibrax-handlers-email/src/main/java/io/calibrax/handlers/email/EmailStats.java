package io.calibrax.handlers.email;

/**
 * What an {@link EmailAlertHandler} has done so far. A snapshot: immutable and thread-safe.
 *
 * @param alertsSent        alerts that reached the SMTP server (in their own mail or a digest)
 * @param alertsFailed      alerts given up on: refused for good, unreachable server past the retry
 *                          limit, or still unsent when the handler closed
 * @param alertsPending     alerts waiting in the digest buffer or being sent right now
 * @param messagesSent      mails accepted by the SMTP server (a digest counts once)
 * @param connectionsOpened SMTP connections opened (a burst or a batch shares one)
 */
public record EmailStats(long alertsSent, long alertsFailed, long alertsPending, long messagesSent,
                         long connectionsOpened) {
}
