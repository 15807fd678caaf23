package io.calibrax.handlers.email;

/**
 * What an {@link EmailAlertHandler}'s SMTP transport has done so far; what became of each alert
 * (delivered, failed, dropped) is the alert manager's {@code handlerStats()}. A snapshot:
 * immutable and thread-safe.
 *
 * @param messagesSent      mails accepted by the SMTP server (a digest counts once, test mails included)
 * @param connectionsOpened SMTP connections opened (a burst or a batch shares one)
 * @since 0.1.0
 */
public record EmailStats(long messagesSent, long connectionsOpened) {
}
