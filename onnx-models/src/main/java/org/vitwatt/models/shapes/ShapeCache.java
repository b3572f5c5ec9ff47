package org.vitwatt.models.shapes;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.store.Digests;

/**
 * The value types of model files, kept in {@code <cache>/shapes/} so that ONNX Runtime runs a file for its shapes
 * once (in the launching JVM's preflight), not again in every benchmark fork: a run of ViT-B/16 for its shapes takes
 * seconds and holds every value at once. An entry is keyed by the SHA-256 of the file's bytes and the input shape it
 * ran at ({@link Digests}); an unreadable entry is computed again.
 */
public final class ShapeCache {
    /** Bumped whenever the entries' meaning or layout changes. */
    static final String FORMAT = "vitwatt-shapes/1";

    private final Path dir;

    /** A cache in {@code <cacheDir>/shapes}. */
    public ShapeCache(Path cacheDir) {
        this.dir = cacheDir.resolve("shapes");
    }

    /**
     * The types of {@code model} (read from {@code file}) fed at {@code dims}: from the cache when an entry exists,
     * else from {@code oracle}, then written.
     */
    public ValueTypes types(Path file, ModelProto model, InputDims dims, ShapeOracle oracle) {
        MessageDigest md = Digests.sha256();
        Digests.text(md, Digests.hex(Digests.sha256(file)));
        Digests.text(md, FORMAT);
        Digests.text(md, dims.describe());
        Path entry = dir.resolve(Digests.hex(md.digest()).substring(0, 32) + ".json");
        if (Files.isRegularFile(entry)) {
            try {
                return read(Files.readString(entry, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                // an entry from a crash or another version: computed again below
            }
        }
        ValueTypes types = oracle.infer(model, file.toAbsolutePath().getParent(), dims, file.toString());
        write(entry, types);
        return types;
    }

    static String toJson(ValueTypes t) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("batch", t.batch());
        o.addProperty("source", t.source());
        JsonArray assumptions = new JsonArray();
        t.assumptions().forEach(assumptions::add);
        o.add("assumptions", assumptions);
        JsonObject types = new JsonObject();
        t.types().forEach((name, type) -> {
            JsonArray a = new JsonArray();
            a.add(type.elemType());
            for (long d : type.shape()) {
                a.add(d);
            }
            types.add(name, a);
        });
        o.add("types", types);
        return o.toString();
    }

    static ValueTypes read(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        if (!FORMAT.equals(o.get("format").getAsString())) {
            throw new IllegalStateException("another format");
        }
        Map<String, ValueType> types = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("types").entrySet()) {
            JsonArray a = e.getValue().getAsJsonArray();
            long[] shape = new long[a.size() - 1];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = a.get(i + 1).getAsLong();
            }
            types.put(e.getKey(), new ValueType(a.get(0).getAsInt(), shape));
        }
        List<String> assumptions = new ArrayList<>();
        o.getAsJsonArray("assumptions").forEach(a -> assumptions.add(a.getAsString()));
        return new ValueTypes(types, o.get("batch").getAsLong(), o.get("source").getAsString(), assumptions);
    }

    private void write(Path entry, ValueTypes types) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, entry.getFileName().toString(), ".part");
            Files.writeString(tmp, toJson(types), StandardCharsets.UTF_8);
            Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VitwattException("cannot write " + entry + ": " + e.getMessage()
                    + " (check the vitwatt cache directory is writable and has free space)");
        }
    }
}
