package io.calibrax.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher, with Prometheus Alertmanager's syntax and meaning: {@code env="prod"},
 * {@code env!="dev"}, {@code service=~"api|web"}, {@code metric!~"gpu.*"}. A label the alert does
 * not have reads as the empty string, and the pseudo-label {@code severity} reads as the alert's
 * severity value ({@code "warning"}). A regular expression must match the whole value.
 *
 * <p>Immutable and thread-safe.
 *
 * @param label the label name (or {@code severity})
 * @param op    how the value is compared
 * @param value the value, or the regular expression for {@link Op#REGEX} and {@link Op#NOT_REGEX}
 * @since 0.1.0
 */
public record Matcher(String label, Matcher.Op op, String value) {

    /**
     * How a matcher compares a label's value.
     *
     * @since 0.1.0
     */
    public enum Op {
        /** {@code =}: equal. */
        EQUAL("="),
        /** {@code !=}: not equal. */
        NOT_EQUAL("!="),
        /** {@code =~}: the regular expression matches the whole value. */
        REGEX("=~"),
        /** {@code !~}: the regular expression does not match the whole value. */
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written: {@code =}, {@code !=}, {@code =~} or {@code !~}. */
        public String symbol() {
            return symbol;
        }
    }

    /** The pseudo-label that reads an alert's severity. */
    public static final String SEVERITY = "severity";

    private static final int MAX_CACHED_PATTERNS = 4096;
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /**
     * Validates, and compiles a regular expression once.
     *
     * @throws IllegalArgumentException for an invalid label name or regular expression, naming it
     */
    public Matcher {
        Labels.requireValidName(label);
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            pattern(value);
        }
    }

    /** Whether the alert's label (or severity) satisfies this matcher. */
    public boolean matches(Alert alert) {
        String actual = SEVERITY.equals(label) && !alert.labels().containsKey(SEVERITY)
                ? alert.severity().value()
                : alert.labels().getOrDefault(label, "");
        return matches(actual);
    }

    /** Whether a label value satisfies this matcher ({@code ""} for a missing label). */
    public boolean matches(String actual) {
        return switch (op) {
            case EQUAL -> value.equals(actual);
            case NOT_EQUAL -> !value.equals(actual);
            case REGEX -> pattern(value).matcher(actual).matches();
            case NOT_REGEX -> !pattern(value).matcher(actual).matches();
        };
    }

    /** Whether every matcher of the list matches the alert (an empty list matches every alert). */
    public static boolean matchesAll(List<Matcher> matchers, Alert alert) {
        for (Matcher matcher : matchers) {
            if (!matcher.matches(alert)) {
                return false;
            }
        }
        return true;
    }

    /** The matcher as Alertmanager writes it: {@code label="value"}, quotes escaped. */
    @Override
    public String toString() {
        return label + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    /** A list of matchers as Alertmanager writes it: {@code {a="b", c=~"d.*"}}. */
    public static String toString(List<Matcher> matchers) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < matchers.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(matchers.get(i));
        }
        return text.append('}').toString();
    }

    /**
     * Reads matchers in Alertmanager's syntax, with or without braces and quotes:
     * {@code {a="b", c=~"d.*"}} or {@code a=b,c!~d.*}. Blank text (or {@code {}}) is an empty list.
     *
     * @throws IllegalArgumentException naming the text at fault: a bad label name, a missing
     *                                  operator, an unterminated quote, an invalid regular expression
     */
    public static List<Matcher> parse(String text) {
        Objects.requireNonNull(text, "matchers");
        return new Parser(text).parse();
    }

    private static Pattern pattern(String regex) {
        Pattern cached = PATTERNS.get(regex);
        if (cached != null) {
            return cached;
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression \"" + regex + "\": "
                    + e.getDescription(), e);
        }
        if (PATTERNS.size() < MAX_CACHED_PATTERNS) {
            PATTERNS.putIfAbsent(regex, compiled);
        }
        return compiled;
    }

    /** A small hand-written reader: the grammar is a comma-separated list of name, operator, value. */
    private static final class Parser {
        private final String text;
        private final int end;
        private int pos;

        Parser(String text) {
            String trimmed = text.strip();
            this.text = text;
            int start = text.indexOf(trimmed);
            int stop = start + trimmed.length();
            if (trimmed.startsWith("{")) {
                if (!trimmed.endsWith("}")) {
                    throw new IllegalArgumentException("matchers '" + text + "' open '{' but never close it");
                }
                start++;
                stop--;
            }
            this.pos = start;
            this.end = stop;
        }

        List<Matcher> parse() {
            List<Matcher> matchers = new ArrayList<>();
            skipBlanks();
            while (pos < end) {
                int from = pos;
                String label = name();
                skipBlanks();
                Op op = operator(from);
                skipBlanks();
                String value = pos < end && text.charAt(pos) == '"' ? quoted(from) : bare();
                try {
                    matchers.add(new Matcher(label, op, value));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bad matcher '" + text.substring(from, pos).strip() + "' in '"
                            + text + "': " + e.getMessage(), e);
                }
                skipBlanks();
                if (pos < end) {
                    if (text.charAt(pos) != ',') {
                        throw fault(from, "expected ',' between matchers");
                    }
                    pos++;
                    skipBlanks();
                }
            }
            return List.copyOf(matchers);
        }

        private String name() {
            int from = pos;
            while (pos < end && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String name = text.substring(from, pos);
            if (!Labels.isValidName(name)) {
                throw fault(from, "expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*");
            }
            return name;
        }

        private Op operator(int from) {
            char first = pos < end ? text.charAt(pos) : ' ';
            char second = pos + 1 < end ? text.charAt(pos + 1) : ' ';
            if (first == '=' && second == '~') {
                pos += 2;
                return Op.REGEX;
            }
            if (first == '=') {
                pos += 1;
                return Op.EQUAL;
            }
            if (first == '!' && second == '=') {
                pos += 2;
                return Op.NOT_EQUAL;
            }
            if (first == '!' && second == '~') {
                pos += 2;
                return Op.NOT_REGEX;
            }
            throw fault(from, "expected an operator (=, !=, =~ or !~) after the label name");
        }

        private String quoted(int from) {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < end) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && pos < end) {
                    char escaped = text.charAt(pos++);
                    value.append(escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped);
                } else {
                    value.append(c);
                }
            }
            throw fault(from, "the quoted value is never closed");
        }

        private String bare() {
            int from = pos;
            while (pos < end && text.charAt(pos) != ',') {
                pos++;
            }
            return text.substring(from, pos).strip();
        }

        private void skipBlanks() {
            while (pos < end && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException fault(int from, String why) {
            int to = Math.min(end, Math.max(pos + 1, from + 1));
            return new IllegalArgumentException("bad matcher '" + text.substring(from, to).strip() + "' in '" + text
                    + "': " + why);
        }
    }
}
