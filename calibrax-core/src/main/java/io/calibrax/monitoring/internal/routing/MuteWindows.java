package io.calibrax.monitoring.internal.routing;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Windows of time in which a handler receives nothing, written as Alertmanager's time intervals
 * are: {@code mon-fri 22:00-07:00 Europe/Berlin; sat-sun}. Each window, separated by {@code ;},
 * has up to three parts in any order: weekdays ({@code mon-fri}, {@code sat,sun}; every day when
 * absent), a time of day range ({@code 22:00-07:00}, which may cross midnight, and then runs into
 * the next day; the whole day when absent), and an IANA zone (UTC when absent). A window that
 * crosses midnight belongs to the weekday it starts on: {@code fri 22:00-07:00} mutes Saturday at
 * 03:00, not Friday at 03:00.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class MuteWindows {
    private final List<Window> windows;
    private final String text;

    private MuteWindows(List<Window> windows, String text) {
        this.windows = List.copyOf(windows);
        this.text = text;
    }

    /**
     * Reads windows.
     *
     * @throws IllegalArgumentException naming the text at fault: an unknown weekday, a bad time, an
     *                                  unknown zone, an empty time range, a part given twice
     */
    public static MuteWindows parse(String text) {
        Objects.requireNonNull(text, "windows");
        List<Window> windows = new ArrayList<>();
        for (String part : text.split(";")) {
            if (!part.isBlank()) {
                windows.add(Window.parse(part.strip()));
            }
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("mute windows '" + text + "' name no window: write, for example, "
                    + "'mon-fri 22:00-07:00 Europe/Berlin; sat-sun'");
        }
        return new MuteWindows(windows, text.strip());
    }

    /** Whether {@code instant} falls in any window. */
    public boolean isMuted(Instant instant) {
        for (Window window : windows) {
            if (window.contains(instant)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    private record Window(Set<DayOfWeek> days, LocalTime start, LocalTime end, boolean untilMidnight, ZoneId zone) {

        boolean contains(Instant instant) {
            ZonedDateTime local = instant.atZone(zone);
            DayOfWeek today = local.getDayOfWeek();
            LocalTime time = local.toLocalTime();
            if (start == null) {
                return days.contains(today);
            }
            boolean crossesMidnight = !untilMidnight && !end.isAfter(start);
            if (!crossesMidnight) {
                return days.contains(today) && !time.isBefore(start) && (untilMidnight || time.isBefore(end));
            }
            return (days.contains(today) && !time.isBefore(start))
                    || (days.contains(today.minus(1)) && time.isBefore(end));
        }

        static Window parse(String text) {
            Set<DayOfWeek> days = null;
            LocalTime start = null;
            LocalTime end = null;
            boolean untilMidnight = false;
            ZoneId zone = null;
            for (String token : text.split("\\s+")) {
                if (Character.isDigit(token.charAt(0))) {
                    if (start != null) {
                        throw fault(text, token, "a window has one time range");
                    }
                    int dash = token.indexOf('-');
                    if (dash < 0) {
                        throw fault(text, token, "a time range is written HH:MM-HH:MM");
                    }
                    start = time(text, token.substring(0, dash));
                    String to = token.substring(dash + 1);
                    untilMidnight = to.equals("24:00");
                    end = untilMidnight ? LocalTime.MIDNIGHT : time(text, to);
                    if (!untilMidnight && end.equals(start)) {
                        throw fault(text, token, "the time range is empty (start equals end)");
                    }
                } else if (weekdayLike(token)) {
                    if (days != null) {
                        throw fault(text, token, "a window has one weekday list (use ',' inside it)");
                    }
                    days = days(text, token);
                } else {
                    if (zone != null) {
                        throw fault(text, token, "a window has one zone");
                    }
                    try {
                        zone = ZoneId.of(token);
                    } catch (DateTimeException e) {
                        throw fault(text, token, "not a weekday, a time range (HH:MM-HH:MM) or an IANA zone");
                    }
                }
            }
            return new Window(days == null ? EnumSet.allOf(DayOfWeek.class) : days, start, end, untilMidnight,
                    zone == null ? ZoneOffset.UTC : zone);
        }

        private static boolean weekdayLike(String token) {
            String first = token.split("[-,]")[0].toLowerCase(Locale.ROOT);
            return first.length() >= 3 && day(first) != null;
        }

        private static Set<DayOfWeek> days(String text, String token) {
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (String item : token.split(",")) {
                String[] range = item.split("-", -1);
                if (range.length > 2 || item.isEmpty()) {
                    throw fault(text, token, "weekdays are written mon-fri or sat,sun");
                }
                DayOfWeek from = day(range[0].toLowerCase(Locale.ROOT));
                DayOfWeek to = range.length == 2 ? day(range[1].toLowerCase(Locale.ROOT)) : from;
                if (from == null || to == null) {
                    throw fault(text, token, "unknown weekday (write mon, tue, wed, thu, fri, sat or sun)");
                }
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == to) {
                        break;
                    }
                }
            }
            return days;
        }

        private static DayOfWeek day(String name) {
            for (DayOfWeek day : DayOfWeek.values()) {
                String full = day.name().toLowerCase(Locale.ROOT);
                if (name.equals(full) || name.equals(full.substring(0, 3))) {
                    return day;
                }
            }
            return null;
        }

        private static LocalTime time(String text, String value) {
            String[] parts = value.split(":");
            try {
                if (parts.length != 2 || parts[0].isEmpty() || parts[1].length() != 2) {
                    throw new NumberFormatException();
                }
                return LocalTime.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            } catch (NumberFormatException | DateTimeException e) {
                throw fault(text, value, "a time of day is written HH:MM, from 00:00 to 23:59 (24:00 as an end)");
            }
        }

        private static IllegalArgumentException fault(String window, String token, String why) {
            return new IllegalArgumentException("bad mute window '" + window + "' at '" + token + "': " + why);
        }
    }
}
