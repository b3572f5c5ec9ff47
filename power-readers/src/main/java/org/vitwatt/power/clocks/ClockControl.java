package org.vitwatt.power.clocks;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.jetson.JetsonClockControl;
import org.vitwatt.power.nvml.NvmlClockControl;

/**
 * Holds a trial's GPU and CPU clocks where it asks ({@code -p gpuClock}, {@code -p cpuClock}) and always puts them
 * back: on a Jetson through devfreq and cpufreq ({@link JetsonClockControl}), elsewhere the GPU through NVML
 * ({@link NvmlClockControl}). Every change is written to the {@link ClockLedger} before it is made, undone when the
 * trial closes ({@link AppliedClocks}) or the JVM shuts down, and undone by the next run when a process died holding
 * it ({@link #restoreLeftovers()}).
 */
public final class ClockControl {
    private final JetsonClockControl jetson;
    private final String nvmlLib;
    private final ClockLedger ledger;

    /**
     * @param sys     the directory that stands for {@code /sys}
     * @param nvmlLib the NVML library, for GPUs that are not a Jetson's
     * @param ledger  the file that records changes not yet undone
     */
    public ClockControl(Path sys, String nvmlLib, Path ledger) {
        this.jetson = new JetsonClockControl(sys);
        this.nvmlLib = nvmlLib;
        this.ledger = new ClockLedger(ledger);
    }

    /** The ledger file under vitwatt's cache directory. */
    public static Path ledgerIn(Path cacheDir) {
        return cacheDir.resolve("clocks").resolve("changed.tsv");
    }

    public ClockLedger ledger() {
        return ledger;
    }

    /**
     * The changes {@code gpu} and {@code cpu} would make (nothing is written): every impossible request is a
     * {@link VitwattException} now, before any fork. {@code nvmlGpu} is the NVML device for a GPU that is not a
     * Jetson's.
     */
    public List<ClockChange> plan(ClockRequest gpu, ClockRequest cpu, int nvmlGpu) {
        List<ClockChange> out = new ArrayList<>();
        if (gpu.changes()) {
            if (jetson.hasGpu()) {
                out.addAll(jetson.planGpu("gpuClock", gpu));
            } else {
                int mhz = NvmlClockControl.target(nvmlLib, nvmlGpu, "gpuClock", gpu);
                out.add(NvmlClockControl.change(nvmlLib, nvmlGpu, mhz));
            }
        }
        out.addAll(jetson.planCpu("cpuClock", cpu));
        return out;
    }

    /**
     * Makes the changes {@code gpu} and {@code cpu} ask for, after putting back what a dead process left changed.
     * A write that is refused is undone with what was written before it and is one line naming the file and the fix.
     */
    public AppliedClocks apply(ClockRequest gpu, ClockRequest cpu, int nvmlGpu) {
        if (!gpu.changes() && !cpu.changes()) {
            return AppliedClocks.none(this);
        }
        restoreLeftovers();
        List<ClockChange> planned = plan(gpu, cpu, nvmlGpu);
        try {
            ledger.add(planned);
        } catch (IOException e) {
            throw new VitwattException("cannot record the clock changes in " + ledger.file() + " (" + e.getMessage()
                    + "), so they would not be put back after a crash: make the vitwatt cache writable");
        }
        List<ClockChange> done = new ArrayList<>();
        for (ClockChange c : planned) {
            try {
                make(c);
                done.add(c);
            } catch (VitwattException e) {
                undo(done);
                forget(planned.subList(done.size(), planned.size()));
                throw e;
            }
        }
        Thread hook = new Thread(() -> undo(done), "vitwatt-clock-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        return new AppliedClocks(this, done, hook);
    }

    /** Puts {@code changes} back in reverse order and clears them from the ledger; failures are collected. */
    void undo(List<ClockChange> changes) {
        List<String> failed = new ArrayList<>();
        for (int i = changes.size() - 1; i >= 0; i--) {
            try {
                put(changes.get(i));
            } catch (VitwattException e) {
                failed.add(e.getMessage());
            }
        }
        forget(changes);
        if (!failed.isEmpty()) {
            throw new VitwattException("could not put the clocks back: " + String.join("; ", failed));
        }
    }

    private void forget(List<ClockChange> changes) {
        try {
            ledger.remove(changes);
        } catch (IOException e) {
            // the entries stay: the next run undoes them again, which sets the same values
        }
    }

    /**
     * Puts back the changes that processes which have since ended left in the ledger (a trial killed with
     * {@code kill -9}, a crash, a power cut), and returns one line per change put back; empty when there was none.
     */
    public List<String> restoreLeftovers() {
        List<ClockLedger.Entry> orphans = new ArrayList<>();
        try {
            for (ClockLedger.Entry e : ledger.entries()) {
                if (e.orphaned()) {
                    orphans.add(e);
                }
            }
        } catch (IOException e) {
            throw new VitwattException("cannot read the clock ledger " + ledger.file() + " (" + e.getMessage() + ")");
        }
        List<String> said = new ArrayList<>();
        for (int i = orphans.size() - 1; i >= 0; i--) {
            ClockChange c = orphans.get(i).change();
            put(c);
            said.add("put back " + c.what() + (c.isNvml() ? " (reset, was locked at " + c.set() + " MHz)"
                    : " = " + c.original() + " (a run that ended without restoring had set " + c.set() + ")"));
        }
        try {
            ledger.forget(orphans);
        } catch (IOException e) {
            throw new VitwattException("cannot update the clock ledger " + ledger.file() + " (" + e.getMessage() + ")");
        }
        return said;
    }

    private void make(ClockChange c) {
        if (c.isNvml()) {
            try {
                NvmlClockControl.lock(c.original(), c.nvmlGpu(), Integer.parseInt(c.set()));
            } catch (SensorException e) {
                throw new VitwattException(e.getMessage());
            }
        } else {
            write(c.file(), c.set());
        }
    }

    private void put(ClockChange c) {
        if (c.isNvml()) {
            try {
                NvmlClockControl.reset(c.original(), c.nvmlGpu());
            } catch (SensorException e) {
                throw new VitwattException(e.getMessage());
            }
        } else {
            write(c.file(), c.original());
        }
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value + "\n", StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (AccessDeniedException e) {
            throw new VitwattException("cannot write " + value + " to " + file + ": permission denied; changing clocks "
                    + "needs root: run as root (sudo), or leave -p gpuClock and -p cpuClock at default");
        } catch (IOException e) {
            throw new VitwattException("cannot write " + value + " to " + file + " (" + e.getMessage() + ")");
        }
    }
}
