package org.vitwatt.reports.render;

import java.io.IOException;

/** HTML text escaping, written straight to a {@link TextOut}. */
final class Html {
    private Html() {
    }

    /** Appends {@code s} with {@code < > & " '} escaped (safe in text and in quoted attributes). */
    static TextOut text(TextOut out, String s) throws IOException {
        int from = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            String esc = switch (s.charAt(i)) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (esc != null) {
                out.append(s.substring(from, i)).append(esc);
                from = i + 1;
            }
        }
        return out.append(from == 0 ? s : s.substring(from));
    }

    /** {@code s} escaped, as a string. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
