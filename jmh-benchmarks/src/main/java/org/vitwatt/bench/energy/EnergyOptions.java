package org.vitwatt.bench.energy;

import org.vitwatt.power.PowerConfigException;
import org.vitwatt.power.PowerOptions;
import org.vitwatt.power.PowerReaders;
import org.vitwatt.power.estimate.CpuEstimateReader;

/**
 * The options of {@code -prof energy:OPTIONS}: {@link PowerOptions}' {@code key=value;...} pairs plus {@code help}.
 * {@link #check()} finds every mistake a user can make before anything runs (an unknown reader, a missing sysfs
 * directory, an option without a value, an unknown or unreadable rail, the estimate without a TDP), so that
 * benchmarks.jar's preflight and the profiler's constructor stop the run with the same one line.
 *
 * @param power the power options
 * @param help  whether {@code help} was asked for
 */
public record EnergyOptions(PowerOptions power, boolean help) {

    /** Parses the text after {@code energy:}; a syntax error is a {@link PowerConfigException}. */
    public static EnergyOptions parse(String initLine) {
        String line = initLine == null ? "" : initLine.trim();
        boolean help = false;
        StringBuilder rest = new StringBuilder();
        for (String part : line.split(";")) {
            if (part.trim().equalsIgnoreCase("help")) {
                help = true;
            } else if (!part.isBlank()) {
                rest.append(rest.length() == 0 ? "" : ";").append(part.trim());
            }
        }
        return new EnergyOptions(PowerOptions.parse(rest.toString()), help);
    }

    /**
     * Parses and checks {@code initLine} as a run would use it: every named reader exists, the estimate has a TDP, and
     * the sensors open with the rails asked for (a rail that is not there, or the board input rail that cannot be
     * read, is an error here; a sensor merely absent is not: the run goes on without it).
     */
    public static EnergyOptions check(String initLine) {
        EnergyOptions o = parse(initLine);
        if (!o.help) {
            o.check();
        }
        return o;
    }

    /** See {@link #check(String)}. */
    public void check() {
        for (String id : power.readers()) {
            PowerReaders.byId(id);
        }
        if (power.readers().stream().anyMatch(id -> id.equalsIgnoreCase(CpuEstimateReader.ID)) && power.tdp().isEmpty()) {
            throw new PowerConfigException("The cpu-estimate reader needs the CPU's TDP in watts: add tdp=W "
                    + "(e.g. tdp=65)");
        }
        PowerReaders.open(power).close();
    }
}
