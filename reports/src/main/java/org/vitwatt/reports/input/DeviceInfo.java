package org.vitwatt.reports.input;

import java.util.Map;

/**
 * The device a result was measured on.
 *
 * @param label   the name tables group by: the {@code --device} label, else the journal's {@code device.host},
 *                else {@value #UNKNOWN}
 * @param origin  where the label came from: "--device", "journal FILE" or "none"
 * @param details the journal's {@code device} object as strings (host, cpu, gpu, powerMode, ...), empty when unknown
 */
public record DeviceInfo(String label, String origin, Map<String, String> details) {
    /** The label of results whose device nobody gave. */
    public static final String UNKNOWN = "unknown device";

    public DeviceInfo {
        details = Map.copyOf(details);
    }

    public static DeviceInfo unknown() {
        return new DeviceInfo(UNKNOWN, "none", Map.of());
    }

    /** A one-line description: cpu, its INT8 instruction-set level, gpu and power mode where known. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (String k : new String[] {"cpu", "cpuIsa", "gpu", "powerMode", "os"}) {
            String v = details.get(k);
            if (v != null && !v.isBlank()) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(k).append(' ').append(v);
            }
        }
        return sb.toString();
    }
}
