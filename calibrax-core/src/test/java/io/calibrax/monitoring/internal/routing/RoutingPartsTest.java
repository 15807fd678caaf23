package io.calibrax.monitoring.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.Silence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RoutingPartsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private static Alert alert(AlertSeverity severity, Map<String, String> labels, Map<String, Object> metadata) {
        return new Alert("m", severity, "disk", 1, 0, Instant.EPOCH, metadata, labels);
    }

    @Test
    void silenceMatchesUntilItEndsOrIsExpired() {
        SilenceBook book = new SilenceBook(clock);
        Silence silence = book.add("metric=\"disk\"", Duration.ofHours(1), "maintenance");
        Alert disk = alert(AlertSeverity.ERROR, Map.of(), Map.of());
        Alert other = new Alert("m", AlertSeverity.ERROR, "cpu", 1, 0, Instant.EPOCH, Map.of());

        assertThat(book.silences(disk)).isTrue();
        assertThat(book.silences(other)).isFalse();
        assertThat(book.active()).containsExactly(silence);
        now.set(now.get().plus(Duration.ofMinutes(61)));
        assertThat(book.silences(disk)).isFalse();
        assertThat(book.active()).isEmpty();

        Silence second = book.add("metric=disk", Duration.ofHours(1), "");
        assertThat(book.expire(second.id())).isTrue();
        assertThat(book.expire(second.id())).isFalse();
        assertThat(book.silences(disk)).isFalse();
    }

    @Test
    void silenceRefusesBadInputByName() {
        SilenceBook book = new SilenceBook(clock);
        assertThatThrownBy(() -> book.add("", Duration.ofHours(1), "")).hasMessageContaining("at least one matcher");
        assertThatThrownBy(() -> book.add("a=~\"(\"", Duration.ofHours(1), "")).hasMessageContaining("(");
        assertThatThrownBy(() -> book.add("a=b", Duration.ZERO, "")).hasMessageContaining("duration");
    }

    @Test
    void criticalInhibitsWarningsWithTheSameServiceUntilResolved() {
        Inhibitor inhibitor = new Inhibitor(Inhibitor.parse("severity=critical -> severity=warning on service"),
                Duration.ofHours(4));
        Alert critical = alert(AlertSeverity.CRITICAL, Map.of("service", "api", "metric", "up"), Map.of());
        Alert warningSame = alert(AlertSeverity.WARNING, Map.of("service", "api"), Map.of());
        Alert warningOther = alert(AlertSeverity.WARNING, Map.of("service", "web"), Map.of());
        Instant t = now.get();

        assertThat(inhibitor.inhibits(warningSame, t)).isFalse();
        inhibitor.observe(critical, t);
        assertThat(inhibitor.inhibits(warningSame, t)).isTrue();
        assertThat(inhibitor.inhibits(warningOther, t)).isFalse();
        assertThat(inhibitor.inhibits(critical, t)).as("never itself").isFalse();

        inhibitor.observe(alert(AlertSeverity.INFO, Map.of("service", "api", "metric", "up"), Map.of("state", "resolved")), t);
        assertThat(inhibitor.inhibits(warningSame, t)).as("resolved by an alert with the same labels").isFalse();

        inhibitor.observe(critical, t);
        assertThat(inhibitor.inhibits(warningSame, t.plus(Duration.ofHours(5)))).as("past the repeat interval").isFalse();
    }

    @Test
    void badInhibitRulesAreRefusedNamingTheRule() {
        assertThatThrownBy(() -> Inhibitor.parse("severity=critical severity=warning"))
                .hasMessageContaining("severity=critical severity=warning");
        assertThatThrownBy(() -> Inhibitor.parse("severity=critical -> on service")).hasMessageContaining("target");
        assertThatThrownBy(() -> Inhibitor.parse("a=b -> c=d on bad-label")).hasMessageContaining("bad-label");
        assertThat(Inhibitor.parse("a=b -> c=d; e=~\"x;y\" -> f=g on h")).hasSize(2);
    }
}
