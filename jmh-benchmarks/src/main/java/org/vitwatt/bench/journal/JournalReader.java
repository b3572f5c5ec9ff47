package org.vitwatt.bench.journal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vitwatt.results.JournalLines;
import org.vitwatt.results.RecordType;

/**
 * Reads a journal back: every record that parses, in order, and a warning naming each line that does not
 * (the last line of a crashed run may be half-written) — never failing on one bad line.
 *
 * @param records  the records that parsed
 * @param warnings one message per skipped line
 */
public record JournalReader(List<JsonObject> records, List<String> warnings) {

    public static JournalReader read(Path file) throws IOException {
        JournalLines<JsonObject> lines = JournalLines.read(file, (text, n) -> {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject() || !e.getAsJsonObject().has(RecordType.FIELD)) {
                throw new IllegalArgumentException("not a journal record");
            }
            return e.getAsJsonObject();
        });
        return new JournalReader(lines.records().stream().map(JournalLines.Numbered::record).toList(),
                lines.warnings());
    }

    /** The finished benchmarks: their {@code benchmark} records keyed by {@link #key}. */
    public Map<String, JsonObject> finished() {
        Map<String, JsonObject> done = new LinkedHashMap<>();
        for (JsonObject r : records) {
            if (r.get(RecordType.FIELD).getAsString().equals(RecordType.BENCHMARK.id()) && r.has("result")
                    && r.has("mode")) {
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
