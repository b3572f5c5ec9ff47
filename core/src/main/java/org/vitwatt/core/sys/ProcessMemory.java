package org.vitwatt.core.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of this process. The peak ({@code VmHWM}) comes from Linux's {@code /proc/self/status}
 * and includes ONNX Runtime's native allocations, which the Java heap figures do not see.
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Peak resident set size in bytes since the process started; empty where /proc is not available. */
    public static OptionalLong peakResidentBytes() {
        return statusField(Path.of("/proc/self/status"), "VmHWM:");
    }

    /**
     * Resets the peak to the current resident set (Linux ≥ 4.0: writing {@code 5} to {@code /proc/self/clear_refs},
     * proc(5)), so a later {@link #peakResidentBytes()} covers only what ran since. Returns false where that is not
     * possible; the peak then stays the process's lifetime peak.
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Current resident set size in bytes; empty where /proc is not available. */
    public static OptionalLong residentBytes() {
        return statusField(Path.of("/proc/self/status"), "VmRSS:");
    }

    static OptionalLong statusField(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    long v = Long.parseLong(parts[0]);
                    return OptionalLong.of(parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? v * 1024 : v);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
