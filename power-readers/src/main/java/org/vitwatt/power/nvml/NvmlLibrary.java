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

    /**
     * {@code nvmlReturn_t nvmlDeviceGetCudaComputeCapability(nvmlDevice_t device, int *major, int *minor)}: the CUDA
     * compute capability (8.9 for Ada, 9.0 for Hopper).
     */
    int nvmlDeviceGetCudaComputeCapability(Pointer device, IntByReference major, IntByReference minor);

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

    // --- device state per iteration and clock control (nvml.h line numbers of NVIDIA/go-nvml gen/nvml/nvml.h @2f9e261f) ---

    /**
     * {@code nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType,
     * unsigned int *temp)} (5958; deprecated in 13.0 for {@code nvmlDeviceGetTemperatureV}, present in every driver):
     * °C; {@code NVML_TEMPERATURE_GPU} = 0, the die (964).
     */
    int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference temp);

    /**
     * {@code nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long
     * *clocksEventReasons)} (6121): a bitmask of {@code nvmlClocksEventReason*} (3314-3424).
     */
    int nvmlDeviceGetCurrentClocksEventReasons(Pointer device, LongByReference reasons);

    /** {@code nvmlDeviceGetCurrentClocksThrottleReasons} (6126): the same, under the name older drivers export. */
    int nvmlDeviceGetCurrentClocksThrottleReasons(Pointer device, LongByReference reasons);

    /** {@code nvmlReturn_t nvmlDeviceGetMaxClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock)}
     * (5653): the highest clock of a domain, MHz. */
    int nvmlDeviceGetMaxClockInfo(Pointer device, int type, IntByReference clockMHz);

    /** {@code nvmlReturn_t nvmlDeviceGetSupportedMemoryClocks(nvmlDevice_t device, unsigned int *count, unsigned int
     * *clocksMHz)} (5740): {@code count} in = array size, out = entries. */
    int nvmlDeviceGetSupportedMemoryClocks(Pointer device, IntByReference count, int[] clocksMHz);

    /** {@code nvmlReturn_t nvmlDeviceGetSupportedGraphicsClocks(nvmlDevice_t device, unsigned int memoryClockMHz,
     * unsigned int *count, unsigned int *clocksMHz)} (5765): the clocks {@link #nvmlDeviceSetGpuLockedClocks} takes. */
    int nvmlDeviceGetSupportedGraphicsClocks(Pointer device, int memoryClockMHz, IntByReference count, int[] clocksMHz);

    /**
     * {@code nvmlReturn_t nvmlDeviceSetGpuLockedClocks(nvmlDevice_t device, unsigned int minGpuClockMHz, unsigned int
     * maxGpuClockMHz)} (8942): "Requires root/admin permissions" ({@code NVML_ERROR_NO_PERMISSION} otherwise); Volta or
     * newer; undone by a reboot, a driver reload or {@link #nvmlDeviceResetGpuLockedClocks}.
     */
    int nvmlDeviceSetGpuLockedClocks(Pointer device, int minMHz, int maxMHz);

    /** {@code nvmlReturn_t nvmlDeviceResetGpuLockedClocks(nvmlDevice_t device)} (8964): back to the default clocks. */
    int nvmlDeviceResetGpuLockedClocks(Pointer device);
}
