package io.calibrax.handlers.email;

import com.icegreen.greenmail.base.GreenMailOperations;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading what GreenMail received. */
final class Mails {
    static final String FROM = "Calibrax <alerts@calibrax.test>";
    static final String ONCALL = "oncall@example.test";
    static final String TEAM = "ml-team@example.test";

    private Mails() {
    }

    /** Settings for a plain-text GreenMail on loopback, short timeouts and backoff for fast tests. */
    static EmailSettings.Builder settings(int port, String... to) {
        return EmailSettings.builder("127.0.0.1", FROM, to.length == 0 ? List.of(ONCALL, TEAM) : List.of(to))
                .port(port)
                .tls(TlsMode.NONE)
                .timeout(Duration.ofSeconds(2))
                .retryBackoff(Duration.ofMillis(100));
    }

    /** The received copies, after waiting up to 10 s for {@code count} of them. */
    static MimeMessage[] await(GreenMailOperations greenMail, int count) {
        assertThat(greenMail.waitForIncomingEmail(10_000, count))
                .as("%d mail(s) received within 10 s", count).isTrue();
        return greenMail.getReceivedMessages();
    }

    static MimeMultipart alternative(MimeMessage message) throws MessagingException, IOException {
        assertThat(message.getContentType()).startsWith("multipart/alternative");
        return (MimeMultipart) message.getContent();
    }

    static BodyPart part(MimeMessage message, int index) throws MessagingException, IOException {
        return alternative(message).getBodyPart(index);
    }

    static String text(MimeMessage message) throws MessagingException, IOException {
        BodyPart part = part(message, 0);
        assertThat(part.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        return (String) part.getContent();
    }

    static String html(MimeMessage message) throws MessagingException, IOException {
        BodyPart part = part(message, 1);
        assertThat(part.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
        return (String) part.getContent();
    }

    /** The message as it crossed the wire. */
    static String raw(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The header block only (up to the first empty line). */
    static String rawHeaders(MimeMessage message) throws MessagingException, IOException {
        String raw = raw(message);
        int end = raw.indexOf("\r\n\r\n");
        return end < 0 ? raw : raw.substring(0, end);
    }

    static void poll(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("%s within %s", what, timeout).isTrue();
            Thread.sleep(20);
        }
    }

    /** Waits for every {@code calibrax-email-} thread to end: each test closes what it opened. */
    static void assertNoEmailThreadsLeft() throws InterruptedException {
        poll("calibrax-email threads gone", Duration.ofSeconds(3), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.isAlive() && thread.getName().startsWith("calibrax-email-")));
    }
}
