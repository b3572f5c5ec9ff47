package org.vitwatt.power;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything that configures reading power, immutable, parsed from {@code key=value} pairs.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code readers=A,B}</td><td>all available real sensors</td><td>reader ids to use
 *     ({@code ina3221}, {@code nvml}, {@code rapl}, {@code cpu-estimate})</td></tr>
 * <tr><td>{@code rails=A,B}</td><td>each reader's default channels</td><td>channels by label; an entry is
 *     {@code LABEL} (any reader that has it) or {@code reader/LABEL}</td></tr>
 * <tr><td>{@code sysfs=DIR}</td><td>{@code /sys}</td><td>replaces {@code /sys} for every sysfs reader
 *     (a fake or recorded tree)</td></tr>
 * <tr><td>{@code nvmlLib=FILE}</td><td>{@code libnvidia-ml.so.1}</td><td>the NVML library (a name the dynamic
 *     loader resolves, or a path)</td></tr>
 * <tr><td>{@code gpu=N}</td><td>0</td><td>NVML device index</td></tr>
 * <tr><td>{@code tdp=W}</td><td>none</td><td>the CPU's TDP in watts, required by {@code cpu-estimate}</td></tr>
 * <tr><td>{@code rateHz=F|auto}</td><td>{@code auto}</td><td>sampling rate; {@code auto} chooses it from the sensors'
 *     update intervals ({@link SamplingRate#auto})</td></tr>
 * <tr><td>{@code idleSeconds=S}</td><td>5</td><td>idle baseline length; 0 skips it</td></tr>
 * <tr><td>{@code deviceState=on|off}</td><td>{@code on}</td><td>also sample clocks, temperatures and throttle reasons
 *     (every {@value Sampler#STATE_INTERVAL_MILLIS} ms)</td></tr>
 * </table>
 *
 * <p>Every parse error is a {@link PowerConfigException} whose one-line message names the offending text and says
 * what to write instead.
 *
 * @param readers     requested reader ids, in order; empty = automatic
 * @param rails       requested channel labels ({@code LABEL} or {@code reader/LABEL}); empty = defaults
 * @param sysfs       the directory that stands for {@code /sys}
 * @param nvmlLib     the NVML shared library name or path
 * @param gpu         the NVML device index
 * @param tdp         the CPU's TDP in watts, for the estimate
 * @param rateHz      the sampling rate in Hz, or empty for {@code auto}
 * @param idleSeconds the idle baseline length in seconds (0 = none)
 * @param deviceState whether device state (clocks, temperatures, throttling) is sampled too
 */
public record PowerOptions(List<String> readers, List<String> rails, Path sysfs, String nvmlLib, int gpu,
                           OptionalDouble tdp, OptionalDouble rateHz, double idleSeconds, boolean deviceState) {

    public static final Path DEFAULT_SYSFS = Path.of("/sys");
    public static final String DEFAULT_NVML_LIB = "libnvidia-ml.so.1";
    public static final double DEFAULT_IDLE_SECONDS = 5;
    public static final double MAX_RATE_HZ = 100_000;

    /** The keys {@link #parse(Map)} accepts, in the order help lists them. */
    public static final List<String> KEYS =
            List.of("readers", "rails", "rateHz", "idleSeconds", "sysfs", "nvmlLib", "gpu", "tdp", "deviceState");

    public PowerOptions {
        readers = List.copyOf(readers);
        rails = List.copyOf(rails);
    }

    /** All defaults: automatic readers on the real {@code /sys}. */
    public static PowerOptions defaults() {
        return new PowerOptions(List.of(), List.of(), DEFAULT_SYSFS, DEFAULT_NVML_LIB, 0, OptionalDouble.empty(),
                OptionalDouble.empty(), DEFAULT_IDLE_SECONDS, true);
    }

    /**
     * Parses JMH-profiler style text: {@code key=value} pairs separated by {@code ;} (lists inside a value use
     * {@code ,}). Empty text gives the defaults.
     */
    public static PowerOptions parse(String spec) {
        Map<String, String> map = new LinkedHashMap<>();
        if (spec != null) {
            for (String part : spec.split(";")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq < 0) {
                    throw new PowerConfigException("Option '" + p + "' has no value: write key=value pairs separated"
                            + " by ';' (known keys: " + String.join(", ", KEYS) + ")");
                }
                String key = p.substring(0, eq).trim();
                if (map.put(key, p.substring(eq + 1).trim()) != null) {
                    throw new PowerConfigException("Option '" + key + "' is given twice; give it once");
                }
            }
        }
        return parse(map);
    }

    /** Parses a map of option values; unknown keys, malformed numbers and impossible values are errors. */
    public static PowerOptions parse(Map<String, String> values) {
        PowerOptions d = defaults();
        List<String> readers = d.readers;
        List<String> rails = d.rails;
        Path sysfs = d.sysfs;
        String nvmlLib = d.nvmlLib;
        int gpu = d.gpu;
        OptionalDouble tdp = d.tdp;
        OptionalDouble rateHz = d.rateHz;
        double idle = d.idleSeconds;
        boolean deviceState = d.deviceState;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey() == null ? "" : e.getKey().trim();
            String v = e.getValue() == null ? "" : e.getValue().trim();
            if (!KEYS.contains(key)) {
                String hint = suggest(key);
                throw new PowerConfigException("Unknown option '" + key + "'" + (hint == null ? "" : " (did you mean '"
                        + hint + "'?)") + "; known options: " + String.join(", ", KEYS));
            }
            if (v.isEmpty()) {
                throw new PowerConfigException("Option " + key + "= has an empty value; " + example(key));
            }
            switch (key) {
                case "readers" -> readers = list(key, v);
                case "rails" -> rails = list(key, v);
                case "sysfs" -> {
                    try {
                        sysfs = Path.of(v);
                    } catch (InvalidPathException ex) {
                        throw new PowerConfigException("Option sysfs=" + v + " is not a valid path; " + example(key));
                    }
                    if (!Files.isDirectory(sysfs)) {
                        throw new PowerConfigException("Option sysfs=" + v + ": no such directory; point it at a "
                                + "directory laid out like /sys (a fake or recorded tree)");
                    }
                }
                case "nvmlLib" -> {
                    if (v.contains("/") && !Files.isRegularFile(Path.of(v))) {
                        throw new PowerConfigException("Option nvmlLib=" + v + ": no such file; give the path of "
                                + "libnvidia-ml.so.1 or a bare library name the dynamic loader can find");
                    }
                    nvmlLib = v;
                }
                case "gpu" -> {
                    double g = number(key, v);
                    if (g < 0 || g != Math.rint(g) || g > Integer.MAX_VALUE) {
                        throw new PowerConfigException("Option gpu=" + v + " is not a device index; " + example(key));
                    }
                    gpu = (int) g;
                }
                case "tdp" -> {
                    double w = number(key, v);
                    if (!(w > 0) || w > 10_000) {
                        throw new PowerConfigException("Option tdp=" + v + " is not a plausible TDP; " + example(key));
                    }
                    tdp = OptionalDouble.of(w);
                }
                case "rateHz" -> {
                    if (v.equalsIgnoreCase("auto")) {
                        rateHz = OptionalDouble.empty();
                    } else {
                        double r = number(key, v);
                        if (!(r > 0) || r > MAX_RATE_HZ) {
                            throw new PowerConfigException("Option rateHz=" + v + " is out of range (0, "
                                    + (long) MAX_RATE_HZ + "]; " + example(key));
                        }
                        rateHz = OptionalDouble.of(r);
                    }
                }
                case "idleSeconds" -> {
                    double s = number(key, v);
                    if (!(s >= 0) || s > 3600) {
                        throw new PowerConfigException("Option idleSeconds=" + v + " is out of range [0, 3600]; "
                                + example(key));
                    }
                    idle = s;
                }
                case "deviceState" -> {
                    if (!v.equalsIgnoreCase("on") && !v.equalsIgnoreCase("off")) {
                        throw new PowerConfigException("Option deviceState=" + v + " is neither on nor off; "
                                + example(key));
                    }
                    deviceState = v.equalsIgnoreCase("on");
                }
                default -> throw new AssertionError(key);
            }
        }
        return new PowerOptions(readers, rails, sysfs, nvmlLib, gpu, tdp, rateHz, idle, deviceState);
    }

    /** A path under {@link #sysfs()}: {@code sysfsPath("class/powercap")} is {@code /sys/class/powercap} by default. */
    public Path sysfsPath(String relative) {
        return sysfs.resolve(relative);
    }

    /**
     * The rail entries that concern reader {@code readerId}: bare labels (any reader) and {@code readerId/LABEL}.
     * Returns the labels only. Empty when {@code rails=} was not given or names no label for this reader.
     */
    public List<RailRequest> railsFor(String readerId) {
        List<RailRequest> out = new ArrayList<>();
        for (String r : rails) {
            int slash = r.indexOf('/');
            if (slash < 0) {
                out.add(new RailRequest(r, false));
            } else if (r.substring(0, slash).equalsIgnoreCase(readerId)) {
                out.add(new RailRequest(r.substring(slash + 1), true));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * One {@code rails=} entry as a reader sees it.
     *
     * @param label     the channel label asked for
     * @param qualified whether it was written {@code reader/LABEL}, i.e. must exist in this reader
     */
    public record RailRequest(String label, boolean qualified) {
    }

    /** The text form, {@code key=value;...}, of the options that differ from the defaults. */
    @Override
    public String toString() {
        PowerOptions d = defaults();
        List<String> parts = new ArrayList<>();
        if (!readers.isEmpty()) {
            parts.add("readers=" + String.join(",", readers));
        }
        if (!rails.isEmpty()) {
            parts.add("rails=" + String.join(",", rails));
        }
        rateHz.ifPresent(r -> parts.add("rateHz=" + fmt(r)));
        if (idleSeconds != d.idleSeconds) {
            parts.add("idleSeconds=" + fmt(idleSeconds));
        }
        if (!sysfs.equals(d.sysfs)) {
            parts.add("sysfs=" + sysfs);
        }
        if (!nvmlLib.equals(d.nvmlLib)) {
            parts.add("nvmlLib=" + nvmlLib);
        }
        if (gpu != d.gpu) {
            parts.add("gpu=" + gpu);
        }
        tdp.ifPresent(w -> parts.add("tdp=" + fmt(w)));
        if (!deviceState) {
            parts.add("deviceState=off");
        }
        return String.join(";", parts);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static List<String> list(String key, String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",", -1)) {
            String t = s.trim();
            if (t.isEmpty()) {
                throw new PowerConfigException("Option " + key + "=" + v + " has an empty entry; " + example(key));
            }
            if (out.contains(t)) {
                throw new PowerConfigException("Option " + key + "=" + v + " names '" + t + "' twice; name it once");
            }
            out.add(t);
        }
        return out;
    }

    private static double number(String key, String v) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new PowerConfigException("Option " + key + "=" + v + " is not a number; " + example(key));
        }
    }

    private static String example(String key) {
        return switch (key) {
            case "readers" -> "e.g. readers=ina3221,nvml (ids: ina3221, nvml, rapl, cpu-estimate)";
            case "rails" -> "e.g. rails=VDD_GPU_SOC,VDD_CPU_CV or rails=rapl/package-0";
            case "sysfs" -> "e.g. sysfs=/tmp/fake-sys";
            case "nvmlLib" -> "e.g. nvmlLib=/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1";
            case "gpu" -> "e.g. gpu=0";
            case "tdp" -> "give the CPU's TDP in watts, e.g. tdp=65";
            case "rateHz" -> "e.g. rateHz=1000, or rateHz=auto (the default)";
            case "idleSeconds" -> "e.g. idleSeconds=5 (0 skips the idle baseline)";
            case "deviceState" -> "e.g. deviceState=off (no clocks, temperatures or throttling)";
            default -> "";
        };
    }

    private static String suggest(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String known : KEYS) {
            String kl = known.toLowerCase(Locale.ROOT);
            if (kl.equals(k) || kl.startsWith(k) && !k.isEmpty() || k.startsWith(kl)) {
                return known;
            }
        }
        return switch (k) {
            case "reader" -> "readers";
            case "rail" -> "rails";
            case "rate", "hz" -> "rateHz";
            case "idle" -> "idleSeconds";
            case "state", "device" -> "deviceState";
            case "nvml", "lib" -> "nvmlLib";
            default -> null;
        };
    }
}
