package io.calibrax.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatcherTest {

    private static Alert alert(AlertSeverity severity, Map<String, String> labels) {
        return new Alert("m", severity, "disk", 1, 0, Instant.EPOCH, Map.of(), labels);
    }

    @Test
    void parsesAlertmanagerSyntaxWithBracesAndQuotes() {
        assertThat(Matcher.parse("{env=\"prod\", service=~\"api|web\", team!=\"\", metric!~\"gpu.*\"}")).containsExactly(
                new Matcher("env", Matcher.Op.EQUAL, "prod"),
                new Matcher("service", Matcher.Op.REGEX, "api|web"),
                new Matcher("team", Matcher.Op.NOT_EQUAL, ""),
                new Matcher("metric", Matcher.Op.NOT_REGEX, "gpu.*"));
    }

    @Test
    void parsesBareSyntaxAndTrailingComma() {
        assertThat(Matcher.parse(" env=prod , severity=~critical|error,")).containsExactly(
                new Matcher("env", Matcher.Op.EQUAL, "prod"),
                new Matcher("severity", Matcher.Op.REGEX, "critical|error"));
        assertThat(Matcher.parse("")).isEmpty();
        assertThat(Matcher.parse("{}")).isEmpty();
    }

    @Test
    void quotedValuesKeepCommasAndEscapes() {
        assertThat(Matcher.parse("msg=\"a, \\\"b\\\"\"")).containsExactly(new Matcher("msg", Matcher.Op.EQUAL, "a, \"b\""));
    }

    @Test
    void missingLabelReadsAsEmptyString() {
        Alert plain = alert(AlertSeverity.WARNING, Map.of());
        assertThat(new Matcher("team", Matcher.Op.EQUAL, "").matches(plain)).isTrue();
        assertThat(new Matcher("team", Matcher.Op.NOT_EQUAL, "").matches(plain)).isFalse();
        assertThat(new Matcher("team", Matcher.Op.REGEX, ".*").matches(plain)).isTrue();
        assertThat(new Matcher("metric", Matcher.Op.EQUAL, "disk").matches(plain)).isTrue();
    }

    @Test
    void severityIsAPseudoLabel() {
        List<Matcher> critical = Matcher.parse("severity=critical");
        assertThat(Matcher.matchesAll(critical, alert(AlertSeverity.CRITICAL, Map.of()))).isTrue();
        assertThat(Matcher.matchesAll(critical, alert(AlertSeverity.WARNING, Map.of()))).isFalse();
    }

    @Test
    void regexMustMatchTheWholeValue() {
        Matcher api = new Matcher("service", Matcher.Op.REGEX, "api");
        assertThat(api.matches("api")).isTrue();
        assertThat(api.matches("api-gateway")).isFalse();
        assertThat(new Matcher("service", Matcher.Op.NOT_REGEX, "api").matches("api-gateway")).isTrue();
    }

    @Test
    void badInputIsRefusedNamingTheText() {
        assertThatThrownBy(() -> Matcher.parse("env prod")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("env prod").hasMessageContaining("operator");
        assertThatThrownBy(() -> Matcher.parse("9env=prod")).hasMessageContaining("label name");
        assertThatThrownBy(() -> Matcher.parse("svc=~\"(api\"")).hasMessageContaining("(api")
                .hasMessageContaining("regular expression");
        assertThatThrownBy(() -> Matcher.parse("{env=\"prod}")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> Matcher.parse("{env=prod")).hasMessageContaining("'{'");
        assertThatThrownBy(() -> new Matcher("bad-name", Matcher.Op.EQUAL, "x")).hasMessageContaining("bad-name");
    }

    @Test
    void toStringRoundTrips() {
        List<Matcher> matchers = Matcher.parse("{a=\"x\\\"y\", b!~\"c.*\"}");
        assertThat(Matcher.parse(Matcher.toString(matchers))).isEqualTo(matchers);
    }
}
