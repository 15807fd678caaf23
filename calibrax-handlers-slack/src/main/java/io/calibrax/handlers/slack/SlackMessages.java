package io.calibrax.handlers.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calibrax.api.Alert;
import io.calibrax.api.Labels;
import io.calibrax.api.AlertSeverity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the Block Kit payloads: one alert, a digest of several, the test message. Every piece of
 * alert text is escaped and cut to Slack's limits; the payload itself never contains a raw
 * {@code <}, so nothing in it can ping a channel or hide a link. Immutable, thread-safe.
 */
final class SlackMessages {
    /** Slack's limits (https://api.slack.com/reference/block-kit/blocks). */
    static final int MAX_BLOCKS = 50;
    static final int HEADER_LIMIT = 150;
    static final int SECTION_LIMIT = 3000;
    static final int FIELD_LIMIT = 2000;
    static final int MAX_FIELDS = 10;
    static final int TEXT_LIMIT = 40_000;
    /** Blocks a digest needs besides its alert lines: header, summary, "and N more", context. */
    private static final int DIGEST_FIXED_BLOCKS = 4;
    static final int MAX_DIGEST_LINES = 1000;
    /** How much of one alert's message a digest line shows. */
    private static final int DIGEST_MESSAGE_LIMIT = 300;
    private static final Set<String> SHOWN_METADATA = Set.of("trend", "host", "state");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String username;
    private final String iconEmoji;
    private final String host;

    SlackMessages(String username, String iconEmoji, String host) {
        this.username = username;
        this.iconEmoji = iconEmoji;
        this.host = host;
    }

    /** One alert: header, message, fields, context, and a {@code text} fallback. */
    ObjectNode alert(Alert alert) {
        String severity = alert.severity().value().toUpperCase(Locale.ROOT);
        boolean resolved = "resolved".equals(String.valueOf(alert.metadata().get("state")));
        String alertHost = hostOf(alert);

        ObjectNode message = message(SlackText.escapeAndFit(
                "[" + severity + "] " + alert.message() + " (" + alert.metricName() + " = "
                        + SlackText.number(alert.metricValue()) + ", threshold " + SlackText.number(alert.threshold())
                        + ", host " + alertHost + ")", TEXT_LIMIT));
        ArrayNode blocks = message.putArray("blocks");
        blocks.add(header((resolved ? ":white_check_mark: RESOLVED " : emoji(alert.severity()) + " " + severity + " ")
                + alert.metricName()));
        blocks.add(section(SlackText.escapeAndFit(alert.message().isBlank() ? "(no message)" : alert.message(),
                SECTION_LIMIT)));

        ObjectNode fieldsSection = blocks.addObject().put("type", "section");
        ArrayNode fields = fieldsSection.putArray("fields");
        field(fields, "Metric", alert.metricName());
        field(fields, "Value", SlackText.number(alert.metricValue()));
        field(fields, "Threshold", SlackText.number(alert.threshold()));
        Object trend = alert.metadata().get("trend");
        field(fields, "Trend", trend == null ? "n/a" : String.valueOf(trend));
        field(fields, "Host", alertHost);
        String labels = labelsText(alert);
        if (!labels.isEmpty()) {
            field(fields, "Labels", labels);
        }
        for (Map.Entry<String, Object> entry : alert.metadata().entrySet()) {
            if (fields.size() >= MAX_FIELDS) {
                break;
            }
            if (!SHOWN_METADATA.contains(entry.getKey())) {
                field(fields, entry.getKey(), String.valueOf(entry.getValue()));
            }
        }
        blocks.add(context(SlackText.escapeAndFit(severity.toLowerCase(Locale.ROOT) + " alert raised "
                + time(alert.timestamp()) + " by calibrax on " + alertHost, SECTION_LIMIT)));
        return message;
    }

    /** The alert's labels but {@code metric} (shown already), as {@code name=value, ...}; empty if none. */
    static String labelsText(Alert alert) {
        return Labels.toText(alert.labels());
    }

    /**
     * Several alerts in one message, most severe first (then oldest first); alerts that do not fit,
     * and {@code alsoCounted}, are counted per severity in an {@code and N more} line.
     */
    ObjectNode digest(List<Alert> alerts, Map<AlertSeverity, Long> alsoCounted, int maxListed) {
        List<Alert> sorted = new ArrayList<>(alerts);
        sorted.sort(Comparator.comparing(Alert::severity).reversed().thenComparing(Alert::timestamp));
        Map<AlertSeverity, Long> total = counts(alsoCounted);
        sorted.forEach(alert -> total.merge(alert.severity(), 1L, Long::sum));
        long count = total.values().stream().mapToLong(Long::longValue).sum();
        AlertSeverity worst = sorted.isEmpty() ? mostSevere(total) : sorted.get(0).severity();

        // pack one line per alert into sections of at most SECTION_LIMIT, within the block budget
        List<String> sections = new ArrayList<>();
        StringBuilder textLines = new StringBuilder();
        StringBuilder current = new StringBuilder();
        int listed = 0;
        int lineBudget = Math.min(maxListed, MAX_DIGEST_LINES);
        for (Alert alert : sorted) {
            if (listed >= lineBudget) {
                break;
            }
            String line = digestLine(alert);
            if (current.length() > 0 && current.length() + 1 + line.length() > SECTION_LIMIT) {
                if (sections.size() + 1 >= MAX_BLOCKS - DIGEST_FIXED_BLOCKS) {
                    break;
                }
                sections.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append('\n');
            }
            current.append(line);
            textLines.append('\n').append(line);
            listed++;
        }
        if (current.length() > 0) {
            sections.add(current.toString());
        }
        Map<AlertSeverity, Long> unlisted = counts(alsoCounted);
        sorted.subList(listed, sorted.size()).forEach(alert -> unlisted.merge(alert.severity(), 1L, Long::sum));
        long more = unlisted.values().stream().mapToLong(Long::longValue).sum();
        String moreLine = more == 0 ? null : "_and " + more + " more (" + breakdown(unlisted) + ")_";

        String summary = count + " alerts from calibrax on " + SlackText.escape(host) + ": " + breakdown(total);
        String fallback = summary + textLines + (moreLine == null ? "" : "\n" + moreLine);
        ObjectNode message = message(SlackText.fit(fallback, TEXT_LIMIT));
        ArrayNode blocks = message.putArray("blocks");
        blocks.add(header(emoji(worst) + " " + count + " alerts, most severe " + worst.value().toUpperCase(Locale.ROOT)));
        blocks.add(section(SlackText.fit("*" + summary + "*", SECTION_LIMIT)));
        sections.forEach(text -> blocks.add(section(text)));
        if (moreLine != null) {
            blocks.add(section(moreLine));
        }
        Instant first = sorted.stream().map(Alert::timestamp).min(Comparator.naturalOrder()).orElse(Instant.now());
        Instant last = sorted.stream().map(Alert::timestamp).max(Comparator.naturalOrder()).orElse(first);
        blocks.add(context("raised " + time(first) + (first.equals(last) ? "" : " to " + time(last))
                + "; collected into one message to stay within Slack's rate limit"));
        return message;
    }

    /** The message {@link SlackAlertHandler#sendTestMessage()} posts. */
    ObjectNode test(String minSeverity, Instant now) {
        String hostText = SlackText.escape(host);
        ObjectNode message = message("Calibrax test message from " + hostText);
        ArrayNode blocks = message.putArray("blocks");
        blocks.add(header(":white_check_mark: Calibrax test message"));
        blocks.add(section("Slack alerts from calibrax on *" + hostText + "* are wired up: alerts of severity *"
                + minSeverity + "* and above will be posted here."));
        blocks.add(context("sent " + time(now)));
        return message;
    }

    static byte[] toJson(ObjectNode message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            // a tree of strings and objects always serializes; this would be a Jackson bug
            throw new IllegalStateException("cannot serialize a Slack message", e);
        }
    }

    private ObjectNode message(String escapedText) {
        ObjectNode message = NODES.objectNode();
        message.put("text", escapedText);
        if (username != null) {
            message.put("username", username);
        }
        if (iconEmoji != null) {
            message.put("icon_emoji", iconEmoji);
        }
        message.put("unfurl_links", false);
        message.put("unfurl_media", false);
        return message;
    }

    private static ObjectNode header(String text) {
        ObjectNode header = NODES.objectNode().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", SlackText.escapeAndFit(text, HEADER_LIMIT))
                .put("emoji", true);
        return header;
    }

    private static ObjectNode section(String escapedMrkdwn) {
        ObjectNode section = NODES.objectNode().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", escapedMrkdwn);
        return section;
    }

    private static void field(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn")
                .put("text", SlackText.fit("*" + SlackText.escape(label) + "*\n" + SlackText.escape(value), FIELD_LIMIT));
    }

    private static ObjectNode context(String escapedMrkdwn) {
        ObjectNode context = NODES.objectNode().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", escapedMrkdwn);
        return context;
    }

    private String hostOf(Alert alert) {
        Object fromAlert = alert.metadata().get("host");
        return fromAlert == null ? host : String.valueOf(fromAlert);
    }

    private static String digestLine(Alert alert) {
        return "• *" + alert.severity().value().toUpperCase(Locale.ROOT) + "* "
                + SlackText.escapeAndFit(alert.metricName(), 100) + " = " + SlackText.number(alert.metricValue())
                + " (threshold " + SlackText.number(alert.threshold()) + "): "
                + SlackText.escapeAndFit(alert.message(), DIGEST_MESSAGE_LIMIT);
    }

    private static Map<AlertSeverity, Long> counts(Map<AlertSeverity, Long> initial) {
        Map<AlertSeverity, Long> counts = new EnumMap<>(AlertSeverity.class);
        counts.putAll(initial);
        return counts;
    }

    private static String breakdown(Map<AlertSeverity, Long> counts) {
        List<String> parts = new ArrayList<>();
        AlertSeverity[] severities = AlertSeverity.values();
        for (int i = severities.length - 1; i >= 0; i--) {
            Long n = counts.get(severities[i]);
            if (n != null && n > 0) {
                parts.add(n + " " + severities[i].value());
            }
        }
        return String.join(", ", parts);
    }

    private static AlertSeverity mostSevere(Map<AlertSeverity, Long> counts) {
        AlertSeverity worst = AlertSeverity.INFO;
        for (Map.Entry<AlertSeverity, Long> entry : counts.entrySet()) {
            if (entry.getValue() > 0 && entry.getKey().compareTo(worst) > 0) {
                worst = entry.getKey();
            }
        }
        return worst;
    }

    private static String emoji(AlertSeverity severity) {
        return switch (severity) {
            case INFO -> ":information_source:";
            case WARNING -> ":warning:";
            case ERROR -> ":red_circle:";
            case CRITICAL -> ":rotating_light:";
        };
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", " UTC");
    }
}
