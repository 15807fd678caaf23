package io.calibrax.handlers.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.Secret;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SlackMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SlackMessages messages = new SlackMessages(null, null, "host-1");

    private static JsonNode parse(com.fasterxml.jackson.databind.node.ObjectNode message) throws Exception {
        return JSON.readTree(SlackMessages.toJson(message));
    }

    private static void collectTexts(JsonNode node, String type, List<String> into) {
        if (node.isObject() && type.equals(node.path("type").asText()) && node.has("text")) {
            into.add(node.get("text").asText());
        }
        node.forEach(child -> collectTexts(child, type, into));
    }

    @Test
    void escapeReplacesTheThreeControlCharacters() {
        assertThat(SlackText.escape("<!channel> & <http://evil|x>"))
                .isEqualTo("&lt;!channel&gt; &amp; &lt;http://evil|x&gt;");
        assertThat(SlackText.escape("plain")).isEqualTo("plain");
    }

    @Test
    void fitCutsWithoutSplittingAnEscapeOrACharacter() {
        String escaped = SlackText.escape("ab<<<<");
        for (int max = 2; max < escaped.length(); max++) {
            String cut = SlackText.fit(escaped, max);
            assertThat(cut.length()).isLessThanOrEqualTo(max);
            assertThat(cut).endsWith("…").doesNotContainPattern("&[a-z]*…");
        }
        String emoji = "x" + "\uD83D\uDD25".repeat(10);
        for (int max = 2; max < emoji.length(); max++) {
            String cut = SlackText.fit(emoji, max);
            assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
        }
        assertThat(SlackText.fit("short", 10)).isEqualTo("short");
    }

    @Test
    void aHugeAlertIsCutToSlackLimitsAndStaysEscaped() throws Exception {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            metadata.put("key" + i, "<v>".repeat(1000));
        }
        Alert alert = new Alert("<!channel> \uD83D\uDD25&".repeat(20_000), AlertSeverity.CRITICAL, "m<".repeat(200),
                1, 0, Instant.now(), metadata);

        JsonNode json = parse(messages.alert(alert));

        assertThat(json.get("text").asText().length()).isLessThanOrEqualTo(40_000);
        assertThat(json.get("blocks").size()).isLessThanOrEqualTo(50);
        assertThat(json.at("/blocks/0/text/text").asText().length()).isLessThanOrEqualTo(150);
        assertThat(json.at("/blocks/1/text/text").asText().length()).isLessThanOrEqualTo(3000);
        assertThat(json.at("/blocks/2/fields").size()).isEqualTo(10);
        json.at("/blocks/2/fields").forEach(f -> assertThat(f.get("text").asText().length()).isLessThanOrEqualTo(2000));
        assertThat(JSON.writeValueAsString(json)).doesNotContain("<");
    }

    @Test
    void aHugeDigestKeepsToFiftyBlocksAndCountsWhatItDoesNotList() throws Exception {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            alerts.add(new Alert("alert #" + i + " " + "x".repeat(1000), AlertSeverity.values()[i % 4], "metric", i, 0,
                    Instant.now(), Map.of()));
        }
        Map<AlertSeverity, Long> overflow = new EnumMap<>(AlertSeverity.class);
        overflow.put(AlertSeverity.CRITICAL, 500L);

        JsonNode json = parse(messages.digest(alerts, overflow, SlackMessages.MAX_DIGEST_LINES));

        JsonNode blocks = json.get("blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(50);
        assertThat(json.get("text").asText().length()).isLessThanOrEqualTo(40_000);
        List<String> sections = new ArrayList<>();
        collectTexts(blocks, "mrkdwn", sections);
        sections.forEach(text -> assertThat(text.length()).isLessThanOrEqualTo(3000));
        String all = String.join("\n", sections);
        long listed = Pattern.compile("alert #\\d+ ").matcher(all).results().count();
        Matcher more = Pattern.compile("and (\\d+) more \\((\\d+) critical").matcher(all);
        assertThat(more.find()).isTrue();
        assertThat(listed + Long.parseLong(more.group(1))).isEqualTo(3500);
        assertThat(listed).isPositive();
        assertThat(all).contains("3500 alerts").contains("1250 critical, 750 error, 750 warning, 750 info");
        // most severe first: every listed alert is critical (750 critical listed alerts cannot all fit)
        assertThat(all).doesNotContain("*WARNING*");
    }

    @Test
    void theContextLineShowsTheTimeInUtc() throws Exception {
        Instant at = Instant.parse("2025-06-30T23:59:58.750Z");
        JsonNode json = parse(messages.alert(new Alert("m", AlertSeverity.ERROR, "x", 1, 0, at, Map.of())));

        String context = json.at("/blocks/3/elements/0/text").asText();
        assertThat(context).contains(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(at) + " UTC").contains("host-1");
    }

    @Test
    void labelsAreAFieldOfTheMessage() throws Exception {
        JsonNode json = parse(messages.alert(new Alert("m", AlertSeverity.ERROR, "x", 1, 0, Instant.EPOCH, Map.of(),
                Map.of("service", "api", "pipeline", "<etl>"))));

        List<String> texts = new ArrayList<>();
        collectTexts(json, "mrkdwn", texts);
        assertThat(texts).anySatisfy(text -> assertThat(text).startsWith("*Labels*").contains("service=api")
                .contains("pipeline=&lt;etl&gt;"));
    }

    @Test
    void scrubRemovesEveryPieceOfTheWebhookUrl() {
        String url = "https://hooks.slack.com/services/T0TEAM0001/B0HOOK0002/" + SlackStandIn.TOKEN;
        WebhookUrl webhook = new WebhookUrl(Secret.of(url));

        assertThat(webhook.scrub("failed: " + url + " and " + SlackStandIn.TOKEN + " and /services/T0TEAM0001"))
                .doesNotContain(SlackStandIn.TOKEN).doesNotContain("T0TEAM0001").contains("failed: ***");
        assertThat(webhook.describe(new java.io.IOException("to " + url, new RuntimeException(SlackStandIn.TOKEN))))
                .isEqualTo("IOException: to ***; caused by RuntimeException: ***");
    }
}
