package org.vitwatt.power.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few NVML entry points vitwatt calls, mapped with JNA. Signatures from NVIDIA's {@code nvml.h}
 * (NVIDIA/go-nvml {@code gen/nvml/nvml.h}, NVML API version 13): every call returns {@code nvmlReturn_t} (an enum, 0 =
 * {@code NVML_SUCCESS}); {@code nvmlDevice_t} is {@code struct nvmlDevice_st*}.
 */
public interface NvmlLibrary extends Library {
    /** {@code nvmlReturn_t nvmlInit_v2(void)}. */
    int nvmlInit_v2();

    /** {@code nvmlReturn_t nvmlShutdown(void)}: once per successful init (reference counted). */
    int nvmlShutdown();

    /** {@code const char* nvmlErrorString(nvmlReturn_t result)}. */
    String nvmlErrorString(int result);

    /** {@code nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount)}. */
    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    /** {@code nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device)}. */
    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    /** {@code nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length)}. */
    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    /**
     * {@code nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy)}:
     * "total energy consumption for this GPU in millijoules (mJ) since the driver was last reloaded", Volta or newer.
     */
    int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energy);

    /**
     * {@code nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power)}: milliwatts for the GPU
     * "and its associated circuitry (e.g. memory)"; averaged over 1 s on Ampere (except GA100) and newer,
     * instantaneous on GA100 and older.
     */
    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference power);

    // --- device state (NvmlDevice) ---

    /**
     * {@code nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length)}: the driver version string
     * ("550.54.15"); {@code NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE} = 80.
     */
    int nvmlSystemGetDriverVersion(byte[] version, int length);

    /**
     * {@code nvmlReturn_t nvmlSystemGetCudaDriverVersion_v2(int *cudaDriverVersion)}: the CUDA version the driver
     * supports, as 1000 × major + 10 × minor (12040 = CUDA 12.4).
     */
    int nvmlSystemGetCudaDriverVersion_v2(IntByReference cudaDriverVersion);

    /**
     * {@code nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock)}:
     * the current clock in MHz; {@code nvmlClockType_t}: {@code NVML_CLOCK_GRAPHICS} = 0, {@code NVML_CLOCK_SM} = 1,
     * {@code NVML_CLOCK_MEM} = 2, {@code NVML_CLOCK_VIDEO} = 3.
     */
    int nvmlDeviceGetClockInfo(Pointer device, int type, IntByReference clockMHz);

    /**
     * {@code nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit)}: the power
     * limit the GPU enforces now, in milliwatts (the lower of the user-set and board limits).
     */
    int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference limitMilliWatts);

    /**
     * {@code nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory)} with
     * {@code nvmlMemory_t = struct { unsigned long long total, free, used; }} in bytes, passed here as a
     * {@code long[3]}: device-wide, every process on the GPU included.
     */
    int nvmlDeviceGetMemoryInfo(Pointer device, long[] totalFreeUsed);
}
