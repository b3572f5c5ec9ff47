package org.vitwatt.core.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Interpolation;
import org.vitwatt.models.catalog.Preprocessing;
import org.vitwatt.models.catalog.Rgb;

/**
 * A model's preprocessing as a JSON file beside its ONNX file, written by
 * {@code onnx-models/scripts/export_timm.py} from {@code timm.data.resolve_data_config}; vitwatt reads it in
 * preference to the catalog. For {@code NAME.onnx} it is {@code NAME.onnx.json} (the ONNX file's name
 * plus {@code .json}, like ONNX's {@code NAME.onnx.data}). Fields, as timm names them:
 * <pre>
 * {"format": "vitwatt-sidecar/1", "model": "deit_small_patch16_224.fb_in1k", "num_classes": 1000,
 *  "input_name": "input", "output_name": "logits", "input_size": [3, 224, 224],
 *  "interpolation": "bicubic", "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
 *  "crop_pct": 0.9, "crop_mode": "center"}
 * </pre>
 * {@code input_size}, {@code interpolation}, {@code mean} and {@code std} are required; {@code crop_pct}
 * defaults to timm's 0.875 when absent or null; {@code crop_mode}, when present, must be {@code center}
 * (timm's default, the only mode vitwatt implements); the rest is informational, except that
 * {@code num_classes} must agree with the ONNX output when both are known.
 *
 * @param file          the JSON file
 * @param preprocessing what it says
 * @param numClasses    its {@code num_classes}, if given
 * @param model         its {@code model}, or "" when absent
 */
public record PreprocessingSidecar(Path file, Preprocessing preprocessing, OptionalInt numClasses, String model) {
    /** The value of {@code format} this version writes and reads. */
    public static final String FORMAT = "vitwatt-sidecar/1";

    /**
     * The sidecar of {@code onnx}: the file named like it plus {@code .json} ({@code deit_small.onnx} →
     * {@code deit_small.onnx.json}), if there is one. A vitwatt sidecar under the other plausible name
     * ({@code deit_small.json}) is an error that says to rename it, rather than silently ignored.
     */
    public static Optional<PreprocessingSidecar> find(Path onnx) {
        String name = onnx.getFileName().toString();
        Path dir = onnx.toAbsolutePath().getParent();
        Path sidecar = dir.resolve(name + ".json");
        if (Files.isRegularFile(sidecar)) {
            return Optional.of(read(sidecar));
        }
        Path other = dir.resolve(name.replaceFirst("(?i)\\.onnx$", "") + ".json");
        if (!other.equals(sidecar) && Files.isRegularFile(other)) {
            try {
                if (Files.size(other) < 1 << 20 && Files.readString(other, StandardCharsets.UTF_8).contains(FORMAT)) {
                    throw new VitwattException("preprocessing sidecar " + other + " is not read: vitwatt reads "
                            + sidecar.getFileName() + " beside " + name + "; rename it");
                }
            } catch (IOException | UncheckedIOException e) {
                // not readable as text: not a sidecar of ours
            }
        }
        return Optional.empty();
    }

    /** Reads and validates a sidecar file; a {@link VitwattException} naming the file and the field at fault. */
    public static PreprocessingSidecar read(Path file) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw bad(file, "it is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (IOException e) {
            throw new VitwattException("preprocessing sidecar " + file + " cannot be read: " + e.getMessage());
        } catch (JsonParseException e) {
            throw bad(file, "it is not valid JSON (" + e.getMessage() + ")");
        }
        if (o.has("format") && !FORMAT.equals(string(o, "format", file))) {
            throw bad(file, "format is '" + string(o, "format", file) + "', this vitwatt reads " + FORMAT);
        }
        double[] size = numbers(o, "input_size", file, 3);
        if (size[0] != 3 || size[1] != size[2] || size[1] < 1 || size[1] != Math.rint(size[1])) {
            throw bad(file, "input_size must be [3, S, S] (square, 3 channels), got " + o.get("input_size"));
        }
        Interpolation interp;
        String is = string(o, "interpolation", file);
        try {
            interp = Interpolation.parse(is);
        } catch (VitwattException e) {
            throw bad(file, "interpolation '" + is + "' is not bicubic, bilinear or nearest");
        }
        double cropPct = 0.875;
        if (o.has("crop_pct") && !o.get("crop_pct").isJsonNull()) {
            cropPct = number(o.get("crop_pct"), "crop_pct", file);
            if (!(cropPct > 0 && cropPct <= 1)) {
                throw bad(file, "crop_pct " + cropPct + " must be in (0, 1]");
            }
        }
        if (o.has("crop_mode") && !o.get("crop_mode").isJsonNull()) {
            String mode = string(o, "crop_mode", file);
            if (!mode.equals("center")) {
                throw bad(file, "crop_mode '" + mode + "' is not supported: vitwatt evaluates with timm's default "
                        + "centre crop (crop_mode 'center')");
            }
        }
        double[] mean = numbers(o, "mean", file, 3);
        double[] std = numbers(o, "std", file, 3);
        for (double s : std) {
            if (!(s > 0)) {
                throw bad(file, "std values must be > 0, got " + o.get("std"));
            }
        }
        OptionalInt classes = OptionalInt.empty();
        if (o.has("num_classes") && !o.get("num_classes").isJsonNull()) {
            double c = number(o.get("num_classes"), "num_classes", file);
            if (c < 1 || c != Math.rint(c)) {
                throw bad(file, "num_classes must be a positive whole number, got " + o.get("num_classes"));
            }
            classes = OptionalInt.of((int) c);
        }
        String model = o.has("model") && o.get("model").isJsonPrimitive() ? o.get("model").getAsString() : "";
        Preprocessing p = new Preprocessing((int) size[1], cropPct, interp, new Rgb(mean[0], mean[1], mean[2]),
                new Rgb(std[0], std[1], std[2]));
        return new PreprocessingSidecar(file, p, classes, model);
    }

    private static VitwattException bad(Path file, String why) {
        return new VitwattException("preprocessing sidecar " + file + ": " + why
                + " (re-run onnx-models/scripts/export_timm.py or fix the file; docs/datasets.md has the format)");
    }

    private static String string(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw bad(file, "'" + key + "' is missing");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw bad(file, "'" + key + "' must be a string, got " + e);
        }
        return e.getAsString().trim().toLowerCase(Locale.ROOT);
    }

    private static double number(JsonElement e, String key, Path file) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw bad(file, "'" + key + "' must be a number, got " + e);
        }
        return e.getAsDouble();
    }

    private static double[] numbers(JsonObject o, String key, Path file, int n) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw bad(file, "'" + key + "' is missing");
        }
        if (!e.isJsonArray() || e.getAsJsonArray().size() != n) {
            throw bad(file, "'" + key + "' must be a list of " + n + " numbers, got " + e);
        }
        JsonArray a = e.getAsJsonArray();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = number(a.get(i), key, file);
        }
        return d;
    }
}
