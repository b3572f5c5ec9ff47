package org.vitwatt.power.nvml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import org.vitwatt.power.Availability;
import org.vitwatt.power.Channel;
import org.vitwatt.power.PowerOptions;
import org.vitwatt.power.PowerReader;
import org.vitwatt.power.Sensor;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.internal.Rails;

/**
 * NVIDIA GPUs through NVML ({@code libnvidia-ml.so.1}, or {@code nvmlLib=FILE}) via JNA: the total-energy counter
 * ({@code nvmlDeviceGetTotalEnergyConsumption}, mJ since the driver loaded, Volta and newer) where the GPU answers it,
 * otherwise {@code nvmlDeviceGetPowerUsage} (mW) integrated by the sampler. One device, chosen by {@code gpu=N}.
 *
 * <p>Sources: NVIDIA {@code nvml.h} (NVIDIA/go-nvml {@code gen/nvml/nvml.h}: the signatures in {@link NvmlLibrary}, the
 * {@code nvmlReturn_t} codes in {@link #codeName}, {@code nvmlErrorString}, {@code nvmlInit_v2} / {@code nvmlShutdown}
 * reference counting); Zeus {@code zeus/device/gpu/nvidia.py} (prefers the energy counter on Volta+). On Jetson
 * (Tegra) NVML answers power and energy with {@code NVML_ERROR_NOT_SUPPORTED}: use {@code ina3221} there.
 *
 * <p>The energy counter refreshes roughly every 100 ms (power-notes.md: ML.ENERGY, PETSc docs say 20–100 ms), so
 * windows shorter than about a second are coarse; the sampler interpolates between the times the counter changed.
 */
public final class NvmlReader implements PowerReader {
    public static final String ID = "nvml";

    static final int NVML_SUCCESS = 0;
    static final int NVML_ERROR_NOT_SUPPORTED = 3;
    /** The energy counter and the power reading refresh about this often (documented range 20–100 ms). */
    static final long UPDATE_NANOS = 100_000_000L;
    /** {@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}. */
    static final int NAME_BUFFER = 96;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "NVIDIA GPU via NVML (JNA): total energy counter (mJ, Volta+) or power usage (mW), gpu=N";
    }

    @Override
    public Availability probe(PowerOptions options) {
        try (Sensor s = open(options)) {
            Channel c = s.channels().get(0);
            return Availability.yes(c.detail(), List.of(c.name()));
        } catch (SensorException e) {
            return Availability.no(e.getMessage());
        } catch (RuntimeException e) {
            return Availability.no("NVML failed: " + e);
        }
    }

    /** Loads the library; the message says which name was tried and why it failed. */
    static NvmlLibrary load(String lib) throws SensorException {
        try {
            return Native.load(lib, NvmlLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            // JNA's message is several lines: "Unable to load library 'X':" then one line per place it tried
            String m = String.valueOf(e.getMessage()).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("Unable to load library")).findFirst()
                    .orElse(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            throw new SensorException("cannot load NVML library " + lib + " (no NVIDIA driver here, or give "
                    + "nvmlLib=FILE): " + m, e);
        }
    }

    @Override
    public Sensor open(PowerOptions options) throws SensorException {
        NvmlLibrary nvml = load(options.nvmlLib());
        int rc;
        try {
            rc = nvml.nvmlInit_v2();
        } catch (UnsatisfiedLinkError e) {
            throw new SensorException(options.nvmlLib() + " has no nvmlInit_v2: not an NVML library", e);
        }
        if (rc != NVML_SUCCESS) {
            throw new SensorException("nvmlInit_v2 failed: " + describe(nvml, rc));
        }
        try {
            String channel = "gpu" + options.gpu();
            List<Integer> chosen = Rails.select(ID, options, List.of(channel), List.of(0));
            if (chosen.isEmpty()) {
                throw new AssertionError();
            }
            IntByReference count = new IntByReference();
            rc = nvml.nvmlDeviceGetCount_v2(count);
            if (rc != NVML_SUCCESS) {
                throw new SensorException("nvmlDeviceGetCount_v2 failed: " + describe(nvml, rc));
            }
            if (options.gpu() >= count.getValue()) {
                throw new SensorException("gpu=" + options.gpu() + " but NVML sees " + count.getValue()
                        + " GPU(s); choose gpu=0.." + (count.getValue() - 1));
            }
            PointerByReference ref = new PointerByReference();
            rc = nvml.nvmlDeviceGetHandleByIndex_v2(options.gpu(), ref);
            if (rc != NVML_SUCCESS) {
                throw new SensorException("nvmlDeviceGetHandleByIndex_v2(" + options.gpu() + ") failed: "
                        + describe(nvml, rc));
            }
            Pointer dev = ref.getValue();
            String name = deviceName(nvml, dev);
            LongByReference energy = new LongByReference();
            rc = nvml.nvmlDeviceGetTotalEnergyConsumption(dev, energy);
            if (rc == NVML_SUCCESS) {
                return new NvmlSensor(nvml, dev, channel, name + ", total energy counter (mJ)", true);
            }
            String energyWhy = describe(nvml, rc);
            IntByReference mw = new IntByReference();
            int rc2 = nvml.nvmlDeviceGetPowerUsage(dev, mw);
            if (rc2 == NVML_SUCCESS) {
                return new NvmlSensor(nvml, dev, channel, name + ", power usage (mW; energy counter: " + energyWhy
                        + ")", false);
            }
            throw new SensorException("GPU " + options.gpu() + " (" + name + ") reports neither energy ("
                    + energyWhy + ") nor power (" + describe(nvml, rc2) + ")"
                    + (rc2 == NVML_ERROR_NOT_SUPPORTED ? "; on a Jetson use readers=ina3221" : ""));
        } catch (SensorException | RuntimeException | Error e) {
            nvml.nvmlShutdown();
            throw e;
        }
    }

    private static String deviceName(NvmlLibrary nvml, Pointer dev) {
        byte[] buf = new byte[NAME_BUFFER];
        if (nvml.nvmlDeviceGetName(dev, buf, buf.length) != NVML_SUCCESS) {
            return "unnamed GPU";
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** {@code "Not Supported (NVML_ERROR_NOT_SUPPORTED=3)"}: nvmlErrorString's text plus the code. */
    static String describe(NvmlLibrary nvml, int rc) {
        String text;
        try {
            text = nvml.nvmlErrorString(rc);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            text = null;
        }
        return (text == null || text.isBlank() ? "error" : text) + " (" + codeName(rc) + "=" + rc + ")";
    }

    /** The {@code nvmlReturn_t} enumerator names from {@code nvml.h}. */
    static String codeName(int rc) {
        return switch (rc) {
            case 0 -> "NVML_SUCCESS";
            case 1 -> "NVML_ERROR_UNINITIALIZED";
            case 2 -> "NVML_ERROR_INVALID_ARGUMENT";
            case 3 -> "NVML_ERROR_NOT_SUPPORTED";
            case 4 -> "NVML_ERROR_NO_PERMISSION";
            case 5 -> "NVML_ERROR_ALREADY_INITIALIZED";
            case 6 -> "NVML_ERROR_NOT_FOUND";
            case 7 -> "NVML_ERROR_INSUFFICIENT_SIZE";
            case 8 -> "NVML_ERROR_INSUFFICIENT_POWER";
            case 9 -> "NVML_ERROR_DRIVER_NOT_LOADED";
            case 10 -> "NVML_ERROR_TIMEOUT";
            case 11 -> "NVML_ERROR_IRQ_ISSUE";
            case 12 -> "NVML_ERROR_LIBRARY_NOT_FOUND";
            case 13 -> "NVML_ERROR_FUNCTION_NOT_FOUND";
            case 14 -> "NVML_ERROR_CORRUPTED_INFOROM";
            case 15 -> "NVML_ERROR_GPU_IS_LOST";
            case 16 -> "NVML_ERROR_RESET_REQUIRED";
            case 17 -> "NVML_ERROR_OPERATING_SYSTEM";
            case 18 -> "NVML_ERROR_LIB_RM_VERSION_MISMATCH";
            case 19 -> "NVML_ERROR_IN_USE";
            case 20 -> "NVML_ERROR_MEMORY";
            case 21 -> "NVML_ERROR_NO_DATA";
            case 22 -> "NVML_ERROR_VGPU_ECC_NOT_SUPPORTED";
            case 23 -> "NVML_ERROR_INSUFFICIENT_RESOURCES";
            case 24 -> "NVML_ERROR_FREQ_NOT_SUPPORTED";
            case 25 -> "NVML_ERROR_ARGUMENT_VERSION_MISMATCH";
            case 26 -> "NVML_ERROR_DEPRECATED";
            case 27 -> "NVML_ERROR_NOT_READY";
            case 28 -> "NVML_ERROR_GPU_NOT_FOUND";
            case 29 -> "NVML_ERROR_INVALID_STATE";
            case 30 -> "NVML_ERROR_RESET_TYPE_NOT_SUPPORTED";
            case 999 -> "NVML_ERROR_UNKNOWN";
            default -> "nvmlReturn_t";
        };
    }

    /** One opened GPU. */
    static final class NvmlSensor implements Sensor {
        private final NvmlLibrary nvml;
        private final Pointer dev;
        private final List<Channel> channels;
        private final boolean energy;
        private final LongByReference energyRef = new LongByReference();
        private final IntByReference powerRef = new IntByReference();
        private boolean closed;

        NvmlSensor(NvmlLibrary nvml, Pointer dev, String channel, String detail, boolean energy) {
            this.nvml = nvml;
            this.dev = dev;
            this.channels = List.of(new Channel(channel, true, detail));
            this.energy = energy;
        }

        @Override
        public String readerId() {
            return ID;
        }

        @Override
        public List<Channel> channels() {
            return channels;
        }

        @Override
        public Kind kind() {
            return energy ? Kind.ENERGY_COUNTER : Kind.POWER;
        }

        @Override
        public long updateIntervalNanos() {
            return UPDATE_NANOS;
        }

        @Override
        public String updateIntervalSource() {
            return "documented: NVML's counters refresh every 20-100 ms depending on the GPU";
        }

        @Override
        public boolean updateIntervalObservable() {
            return true;
        }

        @Override
        public void readEnergyMicroJoules(long[] out) throws IOException {
            int rc = nvml.nvmlDeviceGetTotalEnergyConsumption(dev, energyRef);
            if (rc != NVML_SUCCESS) {
                throw new IOException("nvmlDeviceGetTotalEnergyConsumption(" + channels.get(0).name() + ") failed: "
                        + describe(nvml, rc));
            }
            out[0] = Math.multiplyExact(energyRef.getValue(), 1000L); // mJ -> µJ
        }

        @Override
        public void readPowerMilliWatts(double[] out) throws IOException {
            int rc = nvml.nvmlDeviceGetPowerUsage(dev, powerRef);
            if (rc != NVML_SUCCESS) {
                throw new IOException("nvmlDeviceGetPowerUsage(" + channels.get(0).name() + ") failed: "
                        + describe(nvml, rc));
            }
            out[0] = Integer.toUnsignedLong(powerRef.getValue());
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                nvml.nvmlShutdown();
            }
        }
    }
}
