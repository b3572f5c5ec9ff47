package org.vitwatt.power.nvml;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.vitwatt.power.SensorException;

/**
 * Reads a GPU's identity and state through NVML ({@link NvmlLibrary}): name, driver and CUDA driver versions (read once
 * at {@link #open}), and at every {@link #read()} the current SM and memory clocks, the enforced power limit and the
 * memory in use. Calls NVML answers with an error, or that an older library lacks, leave their figure empty with the
 * reason ({@link GpuSnapshot#unavailable()}); on a Jetson most answer {@code NVML_ERROR_NOT_SUPPORTED}.
 *
 * <p>Sources: NVIDIA {@code nvml.h} (NVIDIA/go-nvml {@code gen/nvml/nvml.h}) for every signature, the
 * {@code nvmlClockType_t} values and the {@code nvmlMemory_t} layout.
 */
public final class NvmlDevice implements AutoCloseable {
    static final int NVML_CLOCK_SM = 1;
    static final int NVML_CLOCK_MEM = 2;
    /** {@code NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE}. */
    static final int DRIVER_BUFFER = 80;

    /** What {@link #snapshot} found: a state, or empty with the one-line reason. */
    public record Snapshot(Optional<GpuSnapshot> state, String reason) {
        static Snapshot of(GpuSnapshot s) {
            return new Snapshot(Optional.of(s), "");
        }

        static Snapshot none(String reason) {
            return new Snapshot(Optional.empty(), reason);
        }
    }

    private final NvmlLibrary nvml;
    private final Pointer dev;
    private final int index;
    private final String name;
    private final Optional<String> driver;
    private final Optional<String> cuda;
    private final List<String> staticGaps;
    private boolean closed;

    private NvmlDevice(NvmlLibrary nvml, Pointer dev, int index, String name, Optional<String> driver,
            Optional<String> cuda, List<String> staticGaps) {
        this.nvml = nvml;
        this.dev = dev;
        this.index = index;
        this.name = name;
        this.driver = driver;
        this.cuda = cuda;
        this.staticGaps = List.copyOf(staticGaps);
    }

    /**
     * Opens GPU {@code gpu} through the NVML library {@code lib} (a name the dynamic loader resolves, or a path). The
     * exception's message is one line: the library that would not load, the failed call, or the index out of range.
     */
    public static NvmlDevice open(String lib, int gpu) throws SensorException {
        if (gpu < 0) {
            throw new SensorException("GPU index " + gpu + " is negative; NVML numbers GPUs from 0");
        }
        NvmlLibrary nvml = NvmlReader.load(lib);
        int rc;
        try {
            rc = nvml.nvmlInit_v2();
        } catch (UnsatisfiedLinkError e) {
            throw new SensorException(lib + " has no nvmlInit_v2: not an NVML library", e);
        }
        if (rc != NvmlReader.NVML_SUCCESS) {
            throw new SensorException("nvmlInit_v2 failed: " + NvmlReader.describe(nvml, rc));
        }
        try {
            IntByReference count = new IntByReference();
            rc = nvml.nvmlDeviceGetCount_v2(count);
            if (rc != NvmlReader.NVML_SUCCESS) {
                throw new SensorException("nvmlDeviceGetCount_v2 failed: " + NvmlReader.describe(nvml, rc));
            }
            if (gpu >= count.getValue()) {
                throw new SensorException("GPU " + gpu + " does not exist: NVML sees " + count.getValue() + " GPU(s)"
                        + (count.getValue() > 0 ? " (0.." + (count.getValue() - 1) + ")" : ""));
            }
            PointerByReference ref = new PointerByReference();
            rc = nvml.nvmlDeviceGetHandleByIndex_v2(gpu, ref);
            if (rc != NvmlReader.NVML_SUCCESS) {
                throw new SensorException("nvmlDeviceGetHandleByIndex_v2(" + gpu + ") failed: "
                        + NvmlReader.describe(nvml, rc));
            }
            Pointer dev = ref.getValue();
            List<String> gaps = new ArrayList<>();
            String name = text(nvml, "name", gaps, (b, n) -> nvml.nvmlDeviceGetName(dev, b, n), NvmlReader.NAME_BUFFER)
                    .orElse("unnamed GPU");
            Optional<String> driver = text(nvml, "driverVersion", gaps,
                    (b, n) -> nvml.nvmlSystemGetDriverVersion(b, n), DRIVER_BUFFER);
            Optional<String> cuda = Optional.empty();
            IntByReference v = new IntByReference();
            int crc = call(() -> nvml.nvmlSystemGetCudaDriverVersion_v2(v));
            if (crc == NvmlReader.NVML_SUCCESS) {
                cuda = Optional.of(GpuSnapshot.cudaVersion(v.getValue()));
            } else {
                gaps.add("cudaDriverVersion: " + why(nvml, crc));
            }
            return new NvmlDevice(nvml, dev, gpu, name, driver, cuda, gaps);
        } catch (SensorException | RuntimeException | Error e) {
            nvml.nvmlShutdown();
            throw e;
        }
    }

    /** Opens, reads once and closes; never throws: an absent NVML is an empty snapshot with the reason. */
    public static Snapshot snapshot(String lib, int gpu) {
        try (NvmlDevice info = open(lib, gpu)) {
            return Snapshot.of(info.read());
        } catch (SensorException e) {
            return Snapshot.none(e.getMessage());
        } catch (RuntimeException e) {
            return Snapshot.none("NVML failed: " + e);
        }
    }

    /** The GPU's name, as NVML reports it. */
    public String name() {
        return name;
    }

    /**
     * The CUDA compute capability as {@code major * 10 + minor} (89 for Ada, 90 for Hopper), or empty when NVML does
     * not answer (an old library or driver).
     */
    public synchronized OptionalInt computeCapability() {
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        int rc = call(() -> nvml.nvmlDeviceGetCudaComputeCapability(dev, major, minor));
        return rc == NvmlReader.NVML_SUCCESS ? OptionalInt.of(major.getValue() * 10 + minor.getValue())
                : OptionalInt.empty();
    }

    /** The GPU's state now: clocks, power limit and memory are read afresh. */
    public synchronized GpuSnapshot read() {
        if (closed) {
            throw new IllegalStateException("NvmlDevice for GPU " + index + " is closed");
        }
        List<String> gaps = new ArrayList<>(staticGaps);
        OptionalInt sm = clock(NVML_CLOCK_SM, "smClockMHz", gaps);
        OptionalInt mem = clock(NVML_CLOCK_MEM, "memoryClockMHz", gaps);
        OptionalLong limit = OptionalLong.empty();
        IntByReference mw = new IntByReference();
        int rc = call(() -> nvml.nvmlDeviceGetEnforcedPowerLimit(dev, mw));
        if (rc == NvmlReader.NVML_SUCCESS) {
            limit = OptionalLong.of(Integer.toUnsignedLong(mw.getValue()));
        } else {
            gaps.add("powerLimit: " + why(nvml, rc));
        }
        OptionalLong used = OptionalLong.empty();
        OptionalLong total = OptionalLong.empty();
        long[] m = new long[3];
        rc = call(() -> nvml.nvmlDeviceGetMemoryInfo(dev, m));
        if (rc == NvmlReader.NVML_SUCCESS) {
            total = OptionalLong.of(m[0]);
            used = OptionalLong.of(m[2]);
        } else {
            gaps.add("memory: " + why(nvml, rc));
        }
        return new GpuSnapshot(index, name, driver, cuda, sm, mem, limit, used, total, gaps);
    }

    private OptionalInt clock(int type, String label, List<String> gaps) {
        IntByReference mhz = new IntByReference();
        int rc = call(() -> nvml.nvmlDeviceGetClockInfo(dev, type, mhz));
        if (rc == NvmlReader.NVML_SUCCESS) {
            return OptionalInt.of(mhz.getValue());
        }
        gaps.add(label + ": " + why(nvml, rc));
        return OptionalInt.empty();
    }

    /** {@code NVML_CLOCK_GRAPHICS}. */
    static final int NVML_CLOCK_GRAPHICS = 0;
    /** {@code NVML_TEMPERATURE_GPU}. */
    static final int NVML_TEMPERATURE_GPU = 0;
    static final int NVML_ERROR_NO_PERMISSION = 4;

    /** A clock now, MHz ({@link #NVML_CLOCK_GRAPHICS}, {@link #NVML_CLOCK_SM}, {@link #NVML_CLOCK_MEM}); empty when NVML will not say. */
    public synchronized OptionalInt clockMHz(int type) {
        IntByReference mhz = new IntByReference();
        return call(() -> nvml.nvmlDeviceGetClockInfo(dev, type, mhz)) == NvmlReader.NVML_SUCCESS
                ? OptionalInt.of(mhz.getValue()) : OptionalInt.empty();
    }

    /** The die temperature, °C; empty when NVML will not say. */
    public synchronized OptionalInt temperatureC() {
        IntByReference c = new IntByReference();
        return call(() -> nvml.nvmlDeviceGetTemperature(dev, NVML_TEMPERATURE_GPU, c)) == NvmlReader.NVML_SUCCESS
                ? OptionalInt.of(c.getValue()) : OptionalInt.empty();
    }

    /** The clock event (throttle) reasons now, under the call's current name or, on older drivers, its old one. */
    public synchronized OptionalLong clockEventReasons() {
        LongByReference mask = new LongByReference();
        int rc = call(() -> nvml.nvmlDeviceGetCurrentClocksEventReasons(dev, mask));
        if (rc == NO_FUNCTION) {
            rc = call(() -> nvml.nvmlDeviceGetCurrentClocksThrottleReasons(dev, mask));
        }
        return rc == NvmlReader.NVML_SUCCESS ? OptionalLong.of(mask.getValue()) : OptionalLong.empty();
    }

    /** The highest graphics clock, MHz. */
    public synchronized int maxGraphicsClockMHz() throws SensorException {
        IntByReference mhz = new IntByReference();
        int rc = call(() -> nvml.nvmlDeviceGetMaxClockInfo(dev, NVML_CLOCK_GRAPHICS, mhz));
        if (rc != NvmlReader.NVML_SUCCESS) {
            throw new SensorException("nvmlDeviceGetMaxClockInfo(GPU " + index + ") failed: " + why(nvml, rc));
        }
        return mhz.getValue();
    }

    /** The graphics clocks the GPU can be locked at with its current memory clock, MHz, highest first. */
    public synchronized int[] supportedGraphicsClocksMHz() throws SensorException {
        OptionalInt mem = clockMHz(NVML_CLOCK_MEM);
        int[] memClocks = new int[256];
        IntByReference n = new IntByReference(memClocks.length);
        int rc = call(() -> nvml.nvmlDeviceGetSupportedMemoryClocks(dev, n, memClocks));
        if (rc != NvmlReader.NVML_SUCCESS || n.getValue() == 0) {
            throw new SensorException("nvmlDeviceGetSupportedMemoryClocks(GPU " + index + ") failed: " + why(nvml, rc));
        }
        int memMHz = mem.orElse(memClocks[0]);
        int[] clocks = new int[1024];
        IntByReference k = new IntByReference(clocks.length);
        rc = call(() -> nvml.nvmlDeviceGetSupportedGraphicsClocks(dev, memMHz, k, clocks));
        if (rc != NvmlReader.NVML_SUCCESS) {
            throw new SensorException("nvmlDeviceGetSupportedGraphicsClocks(GPU " + index + ", " + memMHz
                    + " MHz) failed: " + why(nvml, rc));
        }
        return Arrays.copyOf(clocks, k.getValue());
    }

    /** Locks the graphics clock at {@code mhz}; NO_PERMISSION says that it needs root. */
    public synchronized void lockGraphicsClock(int mhz) throws SensorException {
        int rc = call(() -> nvml.nvmlDeviceSetGpuLockedClocks(dev, mhz, mhz));
        if (rc == NVML_ERROR_NO_PERMISSION) {
            throw new SensorException("nvmlDeviceSetGpuLockedClocks(GPU " + index + ", " + mhz + " MHz) was refused: "
                    + why(nvml, rc) + "; locking GPU clocks needs root: run as root (sudo) or leave the clock default");
        }
        if (rc != NvmlReader.NVML_SUCCESS) {
            throw new SensorException("nvmlDeviceSetGpuLockedClocks(GPU " + index + ", " + mhz + " MHz) failed: "
                    + why(nvml, rc));
        }
    }

    /** Undoes {@link #lockGraphicsClock}. */
    public synchronized void resetGraphicsClock() throws SensorException {
        int rc = call(() -> nvml.nvmlDeviceResetGpuLockedClocks(dev));
        if (rc != NvmlReader.NVML_SUCCESS) {
            throw new SensorException("nvmlDeviceResetGpuLockedClocks(GPU " + index + ") failed: " + why(nvml, rc));
        }
    }

    /** The NVML device index. */
    public int index() {
        return index;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            nvml.nvmlShutdown();
        }
    }

    /** A code for "the library has no such function" (an older NVML): outside nvmlReturn_t's range. */
    static final int NO_FUNCTION = -1;

    private interface Call {
        int run();
    }

    private static int call(Call c) {
        try {
            return c.run();
        } catch (UnsatisfiedLinkError e) {
            return NO_FUNCTION;
        }
    }

    private static String why(NvmlLibrary nvml, int rc) {
        return rc == NO_FUNCTION ? "not in this NVML library (driver too old)" : NvmlReader.describe(nvml, rc);
    }

    private interface TextCall {
        int run(byte[] buf, int length);
    }

    private static Optional<String> text(NvmlLibrary nvml, String label, List<String> gaps, TextCall c, int size) {
        byte[] buf = new byte[size];
        int rc = call(() -> c.run(buf, buf.length));
        if (rc != NvmlReader.NVML_SUCCESS) {
            gaps.add(label + ": " + why(nvml, rc));
            return Optional.empty();
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        String s = new String(buf, 0, n, StandardCharsets.UTF_8).trim();
        if (s.isEmpty()) {
            gaps.add(label + ": empty");
            return Optional.empty();
        }
        return Optional.of(s);
    }
}
