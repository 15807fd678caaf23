package io.calibrax.ui;

import java.util.regex.Pattern;

/**
 * Escaping of text for HTML and SVG: what came from plugins and applications never becomes markup.
 *
 * @since 0.1.0
 */
public final class Html {
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t\\n\\r]]");

    private Html() {
    }

    /**
     * Escapes text for element content and quoted attribute values (the five characters that
     * matter) and drops control characters, which have no place in a page.
     */
    public static String escape(String text) {
        return CONTROL.matcher(text).replaceAll("").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
