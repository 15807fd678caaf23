package io.calibrax.handlers.email;

import io.calibrax.api.Alert;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One mail on its way, and which of its recipients still wait for it: after a partial failure
 * a retry goes only to those, so nobody gets it twice. Confined to the thread sending it (the
 * SMTP client's lock).
 */
final class OutgoingMail {
    private final MimeMessage message;
    private final String subject;
    private final List<Alert> alerts;
    private final Set<Address> pending;
    private boolean accepted;
    private String rejection;

    OutgoingMail(MimeMessage message, String subject, List<Alert> alerts) throws MessagingException {
        this.message = message;
        this.subject = subject;
        this.alerts = alerts;
        this.pending = new LinkedHashSet<>(Arrays.asList(message.getRecipients(Message.RecipientType.TO)));
    }

    MimeMessage message() {
        return message;
    }

    /** The header-safe subject, for log lines. */
    String subject() {
        return subject;
    }

    List<Alert> alerts() {
        return alerts;
    }

    String messageId() throws MessagingException {
        return message.getMessageID();
    }

    Address[] pendingRecipients() {
        return pending.toArray(new Address[0]);
    }

    /** True when nothing is left to do: every recipient accepted it or was refused for good. */
    boolean finished() {
        return pending.isEmpty() || rejection != null;
    }

    /** True when the server accepted it for at least one recipient and none is still waiting. */
    boolean delivered() {
        return accepted && finished();
    }

    /** The server's permanent refusal, when every remaining recipient was refused. */
    String rejection() {
        return rejection;
    }

    void accepted(Address[] recipients) {
        if (recipients != null && recipients.length > 0) {
            accepted = true;
            pending.removeAll(Arrays.asList(recipients));
        }
    }

    /** These recipients were refused for good; the others may still get it. */
    void refused(Address[] recipients, String reply) {
        if (recipients != null && recipients.length > 0) {
            pending.removeAll(Arrays.asList(recipients));
            if (pending.isEmpty() && !accepted) {
                rejection = reply;
            }
        }
    }

    /** The whole mail was refused for good (a 5xx to MAIL FROM or DATA). */
    void rejected(String reply) {
        rejection = reply;
    }
}
