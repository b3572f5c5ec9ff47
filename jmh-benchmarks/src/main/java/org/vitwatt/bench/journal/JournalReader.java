package org.vitwatt.bench.journal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a journal back: every record that parses, in order, and a warning naming each line that does not
 * (the last line of a crashed run may be half-written) — never failing on one bad line.
 *
 * @param records  the records that parsed
 * @param warnings one message per skipped line
 */
public record JournalReader(List<JsonObject> records, List<String> warnings) {

    public static JournalReader read(Path file) throws IOException {
        List<JsonObject> records = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonElement e = JsonParser.parseString(line);
                if (!e.isJsonObject() || !e.getAsJsonObject().has("type")) {
                    warnings.add(file + ":" + (i + 1) + ": not a journal record, skipped");
                    continue;
                }
                records.add(e.getAsJsonObject());
            } catch (RuntimeException ex) {
                warnings.add(file + ":" + (i + 1) + ": unreadable line skipped (" + shortMessage(ex) + ")");
            }
        }
        return new JournalReader(List.copyOf(records), List.copyOf(warnings));
    }

    private static String shortMessage(RuntimeException ex) {
        String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The finished benchmarks: their {@code benchmark} records keyed by {@link #key}. */
    public Map<String, JsonObject> finished() {
        Map<String, JsonObject> done = new LinkedHashMap<>();
        for (JsonObject r : records) {
            if (r.get("type").getAsString().equals("benchmark") && r.has("result") && r.has("mode")) {
                Map<String, String> p = params(r.getAsJsonObject("params"));
                p.put("@mode", r.get("mode").getAsString());
                done.put(key(r.get("benchmark").getAsString(), p), r);
            }
        }
        return done;
    }

    /**
     * A benchmark's identity: its name, mode and parameter values (sorted), e.g.
     * {@code X.infer{@mode=avgt, batch=1, model=a}}.
     */
    public static String key(String benchmark, Map<String, String> params) {
        return benchmark + new TreeMap<>(params);
    }

    static Map<String, String> params(JsonObject o) {
        Map<String, String> m = new TreeMap<>();
        if (o != null) {
            o.entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsString()));
        }
        return m;
    }
}
