package io.calibrax.monitoring.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MuteWindowsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** 2026-12-07 is a Monday. */
    private static Instant berlin(int day, int hour, int minute) {
        return LocalDateTime.of(2026, 12, day, hour, minute).atZone(BERLIN).toInstant();
    }

    @Test
    void nightWindowCrossesMidnightIntoTheNextDay() {
        MuteWindows nights = MuteWindows.parse("mon-fri 22:00-07:00 Europe/Berlin");

        assertThat(nights.isMuted(berlin(7, 23, 0))).as("Monday 23:00").isTrue();
        assertThat(nights.isMuted(berlin(8, 6, 59))).as("Tuesday 06:59").isTrue();
        assertThat(nights.isMuted(berlin(8, 7, 0))).as("Tuesday 07:00").isFalse();
        assertThat(nights.isMuted(berlin(8, 12, 0))).as("Tuesday noon").isFalse();
        assertThat(nights.isMuted(berlin(12, 3, 0))).as("Saturday 03:00, from Friday night").isTrue();
        assertThat(nights.isMuted(berlin(7, 3, 0))).as("Monday 03:00: Sunday night is not in mon-fri").isFalse();
        assertThat(nights.isMuted(berlin(12, 23, 0))).as("Saturday 23:00").isFalse();
    }

    @Test
    void windowsSeparatedBySemicolonAndWholeDays() {
        MuteWindows windows = MuteWindows.parse("mon-fri 22:00-07:00 Europe/Berlin; sat-sun");

        assertThat(windows.isMuted(Instant.parse("2026-12-12T12:00:00Z"))).as("Saturday noon UTC").isTrue();
        assertThat(windows.isMuted(Instant.parse("2026-12-09T12:00:00Z"))).as("Wednesday noon UTC").isFalse();
    }

    @Test
    void zoneDefaultsToUtcAndListsAndFullNamesWork() {
        MuteWindows windows = MuteWindows.parse("monday,wed 09:00-17:00");

        assertThat(windows.isMuted(Instant.parse("2026-12-07T09:00:00Z"))).isTrue();
        assertThat(windows.isMuted(Instant.parse("2026-12-07T17:00:00Z"))).isFalse();
        assertThat(windows.isMuted(Instant.parse("2026-12-08T10:00:00Z"))).as("Tuesday").isFalse();
        assertThat(windows.isMuted(Instant.parse("2026-12-09T10:00:00Z"))).as("Wednesday").isTrue();
        assertThat(MuteWindows.parse("18:00-24:00").isMuted(Instant.parse("2026-12-09T23:59:59Z"))).isTrue();
    }

    @Test
    void badWindowsAreRefusedNamingTheText() {
        assertThatThrownBy(() -> MuteWindows.parse("mon-fry")).hasMessageContaining("mon-fry");
        assertThatThrownBy(() -> MuteWindows.parse("mon 25:00-07:00")).hasMessageContaining("25:00");
        assertThatThrownBy(() -> MuteWindows.parse("mon 10:00-10:00")).hasMessageContaining("empty");
        assertThatThrownBy(() -> MuteWindows.parse("mon Mars/Olympus")).hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> MuteWindows.parse(" ; ")).hasMessageContaining("no window");
        assertThatThrownBy(() -> MuteWindows.parse("mon tue")).hasMessageContaining("one weekday list");
    }
}
