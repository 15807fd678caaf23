package io.calibrax.handlers.email;

import io.calibrax.api.Alert;
import io.calibrax.api.Labels;
import io.calibrax.api.AlertSeverity;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns alerts into mails: a subject line that can never carry a second header, a text/plain
 * part and an HTML part in which every value is escaped.
 *
 * <p>Why so careful: alert text comes from metric names, exception messages and application
 * code. A CR or LF that reached a header would let that text add recipients ({@code Bcc:}) or
 * headers; a {@code <script>} that reached the HTML part unescaped would run in web mail. So
 * every value bound for a header loses all control characters, and every value bound for HTML is
 * escaped. Stateless and thread-safe.
 */
final class AlertMail {
    /** Longest subject we write, in characters; longer ones end with an ellipsis. */
    static final int MAX_SUBJECT_LENGTH = 250;
    private static final String CHARSET = "UTF-8";
    private static final String FOOTER = "Sent by Calibrax.";

    private AlertMail() {
    }

    /** A mail for one alert, subject {@code <prefix> <SEVERITY> <metric>: <message>}. */
    static OutgoingMail single(Session session, EmailSettings settings, Alert alert) throws MessagingException {
        String subject = subject(settings.subjectPrefix(), alert);
        MimeMessage message = message(session, settings, subject, singleText(alert), singleHtml(subject, alert),
                alert.severity());
        return new OutgoingMail(message, subject, List.of(alert));
    }

    /** One mail listing several alerts, oldest first. */
    static OutgoingMail digest(Session session, EmailSettings settings, List<Alert> alerts) throws MessagingException {
        if (alerts.size() == 1) {
            return single(session, settings, alerts.get(0));
        }
        AlertSeverity highest = highest(alerts);
        String subject = digestSubject(settings.subjectPrefix(), alerts, highest);
        MimeMessage message = message(session, settings, subject, digestText(alerts, highest),
                digestHtml(subject, alerts, highest), highest);
        return new OutgoingMail(message, subject, List.copyOf(alerts));
    }

    static String subject(String prefix, Alert alert) {
        return headerText(withPrefix(prefix, alert.severity().name() + " " + alert.metricName() + ": " + alert.message()));
    }

    static String digestSubject(String prefix, List<Alert> alerts, AlertSeverity highest) {
        Set<String> metrics = new LinkedHashSet<>();
        for (Alert alert : alerts) {
            metrics.add(headerText(alert.metricName()));
        }
        return headerText(withPrefix(prefix, highest.name() + " " + alerts.size() + " alerts: "
                + String.join(", ", metrics)));
    }

    private static String withPrefix(String prefix, String rest) {
        return prefix.isBlank() ? rest : prefix + " " + rest;
    }

    // ---- text part ----

    static String singleText(Alert alert) {
        StringBuilder text = new StringBuilder(512);
        text.append(alert.severity().name()).append(" alert: ").append(oneLine(alert.metricName())).append("\n\n");
        text.append(bodyText(alert.message())).append("\n\n");
        text.append("Metric:    ").append(oneLine(alert.metricName())).append('\n');
        text.append("Value:     ").append(number(alert.metricValue())).append('\n');
        text.append("Threshold: ").append(number(alert.threshold())).append('\n');
        text.append("Severity:  ").append(alert.severity().name()).append('\n');
        text.append("Time:      ").append(time(alert.timestamp())).append('\n');
        if (!labels(alert).isEmpty()) {
            text.append("Labels:    ").append(oneLine(labels(alert))).append('\n');
        }
        for (Map.Entry<String, Object> entry : alert.metadata().entrySet()) {
            text.append(oneLine(entry.getKey())).append(": ").append(oneLine(String.valueOf(entry.getValue()))).append('\n');
        }
        return text.append("\n-- \n").append(FOOTER).append('\n').toString();
    }

    static String digestText(List<Alert> alerts, AlertSeverity highest) {
        StringBuilder text = new StringBuilder(256 * alerts.size());
        text.append(alerts.size()).append(" alerts from ").append(time(alerts.get(0).timestamp()))
                .append(" to ").append(time(alerts.get(alerts.size() - 1).timestamp()))
                .append(" (highest severity: ").append(highest.name()).append(")\n\n");
        int n = 1;
        for (Alert alert : alerts) {
            text.append(n++).append(". ").append(alert.severity().name()).append(' ')
                    .append(oneLine(alert.metricName())).append(" = ").append(number(alert.metricValue()))
                    .append(" (threshold ").append(number(alert.threshold())).append(") at ")
                    .append(time(alert.timestamp())).append('\n');
            text.append("   ").append(bodyText(alert.message()).replace("\n", "\n   ")).append('\n');
            if (!labels(alert).isEmpty()) {
                text.append("   labels: ").append(oneLine(labels(alert))).append('\n');
            }
            for (Map.Entry<String, Object> entry : alert.metadata().entrySet()) {
                text.append("   ").append(oneLine(entry.getKey())).append(": ")
                        .append(oneLine(String.valueOf(entry.getValue()))).append('\n');
            }
            text.append('\n');
        }
        return text.append("-- \n").append(FOOTER).append('\n').toString();
    }

    // ---- HTML part ----

    static String singleHtml(String subject, Alert alert) {
        StringBuilder html = htmlStart(subject);
        html.append("<p>").append(badge(alert.severity())).append(" <strong>").append(escape(alert.metricName()))
                .append("</strong></p>\n");
        html.append("<p>").append(escapeMultiline(alert.message())).append("</p>\n");
        html.append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">\n");
        row(html, "Metric", alert.metricName());
        row(html, "Value", number(alert.metricValue()));
        row(html, "Threshold", number(alert.threshold()));
        row(html, "Severity", alert.severity().name());
        row(html, "Time", time(alert.timestamp()));
        if (!labels(alert).isEmpty()) {
            row(html, "Labels", labels(alert));
        }
        for (Map.Entry<String, Object> entry : alert.metadata().entrySet()) {
            row(html, entry.getKey(), String.valueOf(entry.getValue()));
        }
        html.append("</table>\n");
        return htmlEnd(html);
    }

    static String digestHtml(String subject, List<Alert> alerts, AlertSeverity highest) {
        StringBuilder html = htmlStart(subject);
        html.append("<p>").append(badge(highest)).append(' ').append(alerts.size()).append(" alerts from ")
                .append(escape(time(alerts.get(0).timestamp()))).append(" to ")
                .append(escape(time(alerts.get(alerts.size() - 1).timestamp()))).append("</p>\n");
        html.append("<table cellpadding=\"4\" border=\"1\" style=\"border-collapse:collapse\">\n<tr><th>#</th>"
                + "<th>Severity</th><th>Metric</th><th>Value</th><th>Threshold</th><th>Time</th><th>Message</th></tr>\n");
        int n = 1;
        for (Alert alert : alerts) {
            html.append("<tr><td>").append(n++).append("</td><td>").append(badge(alert.severity()))
                    .append("</td><td>").append(escape(alert.metricName()))
                    .append("</td><td>").append(escape(number(alert.metricValue())))
                    .append("</td><td>").append(escape(number(alert.threshold())))
                    .append("</td><td>").append(escape(time(alert.timestamp())))
                    .append("</td><td>").append(escapeMultiline(alert.message()));
            for (Map.Entry<String, Object> entry : alert.metadata().entrySet()) {
                html.append("<br><small>").append(escape(entry.getKey())).append(": ")
                        .append(escape(String.valueOf(entry.getValue()))).append("</small>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
        return htmlEnd(html);
    }

    private static StringBuilder htmlStart(String subject) {
        return new StringBuilder(1024).append("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>")
                .append(escape(subject)).append("</title></head>\n<body style=\"font-family:sans-serif\">\n");
    }

    private static String htmlEnd(StringBuilder html) {
        return html.append("<p style=\"color:#888;font-size:small\">").append(FOOTER).append("</p>\n</body></html>\n")
                .toString();
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th align=\"left\">").append(escape(name)).append("</th><td>").append(escape(value))
                .append("</td></tr>\n");
    }

    private static String badge(AlertSeverity severity) {
        String colour = switch (severity) {
            case CRITICAL -> "#b00020";
            case ERROR -> "#d9480f";
            case WARNING -> "#b08800";
            case INFO -> "#1c7ed6";
        };
        return "<span style=\"background:" + colour + ";color:#fff;padding:2px 6px;border-radius:3px;"
                + "font-weight:bold\">" + severity.name() + "</span>";
    }

    /** Escapes the five characters that matter in HTML text and attribute values; drops control characters. */
    static String escape(String value) {
        String text = oneLine(value);
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String escapeMultiline(String value) {
        String[] lines = bodyText(value).split("\n", -1);
        StringBuilder html = new StringBuilder(value.length() + 16);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                html.append("<br>");
            }
            html.append(escape(lines[i]));
        }
        return html.toString();
    }

    // ---- the message ----

    private static MimeMessage message(Session session, EmailSettings settings, String subject, String text,
                                       String html, AlertSeverity severity) throws MessagingException {
        InternetAddress from = new InternetAddress(settings.from(), true);
        AlertMessage message = new AlertMessage(session, messageId(from));
        message.setFrom(from);
        InternetAddress[] to = new InternetAddress[settings.to().size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(settings.to().get(i), true);
        }
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject, CHARSET);
        message.setSentDate(new Date());
        // RFC 3834: tells vacation responders and ticket systems not to answer an alert
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("X-Calibrax-Severity", severity.value());
        if (severity == AlertSeverity.CRITICAL) {
            message.setHeader("X-Priority", "1");
            message.setHeader("Importance", "high");
        }
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text, CHARSET, "plain");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(html, CHARSET, "html");
        // RFC 2046: in multipart/alternative the preferred (richest) part comes last
        message.setContent(new MimeMultipart("alternative", textPart, htmlPart));
        message.saveChanges();
        return message;
    }

    private static String messageId(InternetAddress from) {
        String address = from.getAddress();
        String domain = address.substring(address.lastIndexOf('@') + 1).replaceAll("[^A-Za-z0-9.-]", "");
        if (domain.isEmpty()) {
            domain = "calibrax.invalid";
        }
        return "<" + UUID.randomUUID() + ".calibrax@" + domain + ">";
    }

    /** A MimeMessage whose Message-ID is ours, fixed when it is built, so a retry resends the same ID. */
    private static final class AlertMessage extends MimeMessage {
        private final String id;

        AlertMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }

    // ---- text hygiene ----

    /** True when the text holds a character that could end a header line or confuse a terminal. */
    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    /**
     * Text safe for a header: every control character (CR, LF, NUL, TAB, NEL...) and Unicode line
     * separator becomes a space, runs of blanks shrink to one, and the result is cut to
     * {@value #MAX_SUBJECT_LENGTH} characters.
     */
    static String headerText(String text) {
        String line = oneLine(text);
        if (line.length() > MAX_SUBJECT_LENGTH) {
            int end = MAX_SUBJECT_LENGTH - 1;
            if (Character.isHighSurrogate(line.charAt(end - 1))) {
                end--;
            }
            line = line.substring(0, end) + "\u2026";
        }
        return line;
    }

    /** The text on one line: control characters as spaces, blanks collapsed, stripped. */
    static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        boolean blank = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) || Character.isWhitespace(c)) {
                blank = true;
                continue;
            }
            if (blank && line.length() > 0) {
                line.append(' ');
            }
            blank = false;
            line.append(c);
        }
        return line.toString();
    }

    /** Body text: line breaks kept (as LF), other control characters as spaces. */
    static String bodyText(String text) {
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n').replace('\u2029', '\n');
        StringBuilder body = new StringBuilder(normalized.length());
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            body.append(c != '\n' && isControl(c) ? ' ' : c);
        }
        return body.toString().strip();
    }

    /** The value with control characters written as escapes, for error messages. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static AlertSeverity highest(List<Alert> alerts) {
        AlertSeverity highest = AlertSeverity.INFO;
        for (Alert alert : alerts) {
            if (alert.severity().compareTo(highest) > 0) {
                highest = alert.severity();
            }
        }
        return highest;
    }

    /** The alert's labels but {@code metric} (shown already), as {@code name=value, ...}; empty if none. */
    static String labels(Alert alert) {
        return Labels.toText(alert.labels());
    }
}
