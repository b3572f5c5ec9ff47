package org.vitwatt.power.jetson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.vitwatt.feedback.VitwattException;

/**
 * A Jetson's nvpmodel power modes, read from files: {@code /etc/nvpmodel.conf} lists the modes as
 * {@code < POWER_MODEL ID=0 NAME=MAXN >} (the attributes in either order) and the boot default as
 * {@code < PM_CONFIG DEFAULT=2 >}; {@code nvpmodel} records the mode it last set in {@code /var/lib/nvpmodel/status}
 * as {@code pmode:0002}, and applies the default when that file is absent. jetson-stats
 * ({@code jtop/core/nvpmodel.py}) gets the same facts by running {@code nvpmodel -p --verbose} and
 * {@code nvpmodel -q}, which read these two files.
 */
final class NvpModel {
    private static final Pattern POWER_MODEL = Pattern.compile("^\\s*<\\s*POWER_MODEL\\b(.*?)>");
    private static final Pattern PM_DEFAULT = Pattern.compile("^\\s*<\\s*PM_CONFIG\\b.*?\\bDEFAULT=(\\d+)");
    private static final Pattern ID = Pattern.compile("\\bID=(\\d+)");
    private static final Pattern NAME = Pattern.compile("\\bNAME=([^\\s>]+)");
    private static final Pattern PMODE = Pattern.compile("pmode:(\\d+)");

    final Path root;
    final List<JetsonState.PowerMode> modes;
    final OptionalInt defaultMode;
    final Optional<JetsonState.PowerMode> mode;
    final String source;

    private NvpModel(Path root, List<JetsonState.PowerMode> modes, OptionalInt defaultMode,
            Optional<JetsonState.PowerMode> mode, String source) {
        this.root = root;
        this.modes = List.copyOf(modes);
        this.defaultMode = defaultMode;
        this.mode = mode;
        this.source = source;
    }

    /** No nvpmodel at all (not a Jetson). */
    static NvpModel none(Path root) {
        return new NvpModel(root, List.of(), OptionalInt.empty(), Optional.empty(), "");
    }

    /** The modes and the current mode under {@code root}; what cannot be read is added to {@code gaps}. */
    static NvpModel read(Path root, List<String> gaps) {
        Path conf = root.resolve("etc/nvpmodel.conf");
        Path status = root.resolve("var/lib/nvpmodel/status");
        List<JetsonState.PowerMode> modes = new ArrayList<>();
        OptionalInt dflt = OptionalInt.empty();
        Optional<String> confText = JetsonFrequencies.text(conf, gaps);
        if (confText.isPresent()) {
            for (String line : confText.get().lines().toList()) {
                if (line.trim().startsWith("#")) {
                    continue;
                }
                Matcher m = POWER_MODEL.matcher(line);
                if (m.find()) {
                    Matcher id = ID.matcher(m.group(1));
                    Matcher name = NAME.matcher(m.group(1));
                    if (id.find()) {
                        modes.add(new JetsonState.PowerMode(Integer.parseInt(id.group(1)),
                                name.find() ? name.group(1) : ""));
                    }
                    continue;
                }
                Matcher d = PM_DEFAULT.matcher(line);
                if (d.find()) {
                    dflt = OptionalInt.of(Integer.parseInt(d.group(1)));
                }
            }
        } else if (!Files.exists(conf)) {
            gaps.add("power mode: " + conf + " does not exist (this board has no nvpmodel)");
        }
        Optional<JetsonState.PowerMode> mode = Optional.empty();
        String source = "";
        Optional<String> st = JetsonFrequencies.text(status, gaps);
        Matcher pm = PMODE.matcher(st.orElse(""));
        if (pm.find()) {
            mode = Optional.of(mode(modes, Integer.parseInt(pm.group(1))));
            source = status.toString();
        } else if (st.isPresent()) {
            gaps.add("power mode: " + status + " has no pmode:N (" + st.get().trim() + ")");
        } else if (dflt.isPresent() && !Files.exists(status)) {
            mode = Optional.of(mode(modes, dflt.getAsInt()));
            source = conf + " DEFAULT (no " + status + ": nvpmodel applies the default)";
        }
        return new NvpModel(root, modes, dflt, mode, source);
    }

    private static JetsonState.PowerMode mode(List<JetsonState.PowerMode> modes, int id) {
        return modes.stream().filter(m -> m.id() == id).findFirst().orElse(new JetsonState.PowerMode(id, ""));
    }

    /** See {@link JetsonState#powerModeMismatch}. */
    Optional<String> mismatch(String wanted, boolean jetson, List<String> unavailable) {
        String w = wanted == null ? "" : wanted.trim();
        if (w.isEmpty()) {
            throw new VitwattException("power mode '': give a mode name such as MAXN, or a mode id");
        }
        if (!jetson) {
            throw new VitwattException("power mode '" + w + "' asked for, but this machine is not an NVIDIA Jetson (no "
                    + root.resolve("etc/nvpmodel.conf") + " or " + root.resolve("etc/nv_tegra_release")
                    + "): nvpmodel power modes exist only on Jetson boards");
        }
        if (modes.isEmpty()) {
            throw new VitwattException("power mode '" + w + "' asked for, but " + root.resolve("etc/nvpmodel.conf")
                    + " defines no POWER_MODEL: this board has no nvpmodel power modes");
        }
        JetsonState.PowerMode target = find(w).orElseThrow(() -> new VitwattException("power mode '" + w
                + "' is not one of this board's modes: " + modes.stream().map(m -> m.id() + "=" + m.name())
                        .collect(Collectors.joining(", "))));
        JetsonState.PowerMode now = mode.orElseThrow(() -> new VitwattException("power mode '" + w + "' asked for, "
                + "but the current mode cannot be read (" + unavailable.stream().filter(s -> s.startsWith("power mode"))
                        .findFirst().orElse("no " + root.resolve("var/lib/nvpmodel/status")) + "); check with "
                + "'nvpmodel -q'"));
        if (now.id() == target.id()) {
            return Optional.empty();
        }
        return Optional.of("the board is in power mode " + now + ", not " + target + ": switch with 'sudo nvpmodel -m "
                + target.id() + "' (it may ask to reboot) and run again");
    }

    private Optional<JetsonState.PowerMode> find(String w) {
        if (w.matches("\\d+")) {
            int id = Integer.parseInt(w);
            return modes.stream().filter(m -> m.id() == id).findFirst();
        }
        String n = normal(w);
        return modes.stream().filter(m -> normal(m.name()).equals(n)).findFirst();
    }

    /** "MODE_15W", "mode 15w" and "15W" alike. */
    static String normal(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace(' ', '_');
        return n.startsWith("MODE_") ? n.substring(5) : n;
    }
}
