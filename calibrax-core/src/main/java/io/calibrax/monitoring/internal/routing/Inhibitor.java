package io.calibrax.monitoring.internal.routing;

import io.calibrax.api.Alert;
import io.calibrax.api.Labels;
import io.calibrax.api.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Inhibition as Alertmanager has it, from {@code calibrax.inhibit}: while an alert matching a
 * rule's source has fired within the repeat interval and not resolved, alerts matching the rule's
 * target with the same values of the rule's labels are kept from every handler. An alert with
 * metadata {@code state=resolved} resolves the firing alert with the same labels, whoever raised
 * it. An alert never inhibits itself.
 *
 * <p>Thread-safe: its state sits behind its own monitor, and the check is a short scan of the
 * firing sources (at most {@link #MAX_SOURCES}, the oldest forgotten first).
 *
 * @since 0.1.0
 */
public final class Inhibitor {
    /** At most this many firing source alerts are remembered. */
    public static final int MAX_SOURCES = 10_000;

    /**
     * One rule: {@code <source matchers> -> <target matchers> on <label,label>}.
     *
     * @since 0.1.0
     */
    public record Rule(List<Matcher> source, List<Matcher> target, List<String> equal) {
        public Rule {
            source = List.copyOf(source);
            target = List.copyOf(target);
            equal = List.copyOf(equal);
        }
    }

    private record Firing(Alert alert, Instant seen) {
    }

    private final List<Rule> rules;
    private final Duration window;
    private final Map<Map<String, String>, Firing> firing = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Map<String, String>, Firing> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    public Inhibitor(List<Rule> rules, Duration window) {
        this.rules = List.copyOf(rules);
        this.window = Objects.requireNonNull(window, "window");
    }

    /** Whether any rule is set; without one, nothing is ever inhibited. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Reads rules separated by {@code ;}: {@code severity=critical -> severity=warning on service,env}.
     *
     * @throws IllegalArgumentException naming the rule and the text at fault
     */
    public static List<Rule> parse(String text) {
        Objects.requireNonNull(text, "inhibit rules");
        List<Rule> rules = new ArrayList<>();
        for (String part : splitOutsideQuotes(text)) {
            if (part.isBlank()) {
                continue;
            }
            int arrow = part.indexOf("->");
            if (arrow < 0) {
                throw new IllegalArgumentException("bad inhibit rule '" + part.strip()
                        + "': write '<source matchers> -> <target matchers> on <label,label>'");
            }
            String target = part.substring(arrow + 2);
            List<String> equal = List.of();
            int on = target.lastIndexOf(" on ");
            if (on >= 0) {
                equal = new ArrayList<>();
                for (String name : target.substring(on + 4).split(",")) {
                    if (!name.isBlank()) {
                        equal.add(Labels.requireValidName(name.strip()));
                    }
                }
                target = target.substring(0, on);
            }
            try {
                List<Matcher> sourceMatchers = Matcher.parse(part.substring(0, arrow));
                List<Matcher> targetMatchers = Matcher.parse(target);
                if (sourceMatchers.isEmpty() || targetMatchers.isEmpty()) {
                    throw new IllegalArgumentException("both the source and the target need at least one matcher");
                }
                rules.add(new Rule(sourceMatchers, targetMatchers, equal));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad inhibit rule '" + part.strip() + "': " + e.getMessage(), e);
            }
        }
        return rules;
    }

    /** Notes an alert that was raised: a source starts (or goes on) firing, or a firing one resolves. */
    public void observe(Alert alert, Instant now) {
        if (rules.isEmpty()) {
            return;
        }
        synchronized (firing) {
            if ("resolved".equals(String.valueOf(alert.metadata().get("state")))) {
                firing.remove(alert.labels());
                return;
            }
            for (Rule rule : rules) {
                if (Matcher.matchesAll(rule.source, alert)) {
                    firing.remove(alert.labels());
                    firing.put(alert.labels(), new Firing(alert, now));
                    return;
                }
            }
        }
    }

    /** Whether a firing source inhibits {@code alert} now. */
    public boolean inhibits(Alert alert, Instant now) {
        if (rules.isEmpty()) {
            return false;
        }
        Instant since = now.minus(window);
        synchronized (firing) {
            for (Rule rule : rules) {
                if (!Matcher.matchesAll(rule.target, alert)) {
                    continue;
                }
                for (Iterator<Firing> it = firing.values().iterator(); it.hasNext(); ) {
                    Firing source = it.next();
                    if (source.seen.isBefore(since)) {
                        it.remove();
                    } else if (!source.alert.labels().equals(alert.labels())
                            && Matcher.matchesAll(rule.source, source.alert) && sameValues(rule.equal, source.alert, alert)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static boolean sameValues(List<String> names, Alert a, Alert b) {
        for (String name : names) {
            if (!a.labels().getOrDefault(name, "").equals(b.labels().getOrDefault(name, ""))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> splitOutsideQuotes(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
