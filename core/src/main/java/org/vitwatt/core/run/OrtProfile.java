package org.vitwatt.core.run;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ONNX Runtime's profiler output (a Chrome-trace JSON array of events): the duration of each
 * {@code model_run} event, ONNX Runtime's own time for one {@code OrtSession.run} from entry to exit.
 */
final class OrtProfile {
    private OrtProfile() {
    }

    /** The {@code dur} (µs) of every {@code cat: Session, name: model_run} event, in file order. */
    static List<Long> modelRunMicros(Path file) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonReader in = new JsonReader(r)) {
            in.beginArray();
            while (in.hasNext()) {
                String cat = "";
                String name = "";
                long dur = -1;
                in.beginObject();
                while (in.hasNext()) {
                    String key = in.nextName();
                    if (in.peek() == JsonToken.STRING && (key.equals("cat") || key.equals("name"))) {
                        if (key.equals("cat")) {
                            cat = in.nextString();
                        } else {
                            name = in.nextString();
                        }
                    } else if (key.equals("dur") && in.peek() == JsonToken.NUMBER) {
                        dur = in.nextLong();
                    } else {
                        in.skipValue();
                    }
                }
                in.endObject();
                if (cat.equals("Session") && name.equals("model_run") && dur >= 0) {
                    out.add(dur);
                }
            }
            in.endArray();
        }
        return out;
    }
}
