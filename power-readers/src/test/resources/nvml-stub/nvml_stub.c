/*
 * A stand-in for libnvidia-ml.so.1, compiled by NvmlReaderTest with gcc at test time. It exports the NVML entry points
 * vitwatt calls, with the signatures of NVIDIA's nvml.h, and a few stub_* control functions the test calls through JNA
 * to script the counter, the power reading and the error codes.
 */
#include <string.h>

typedef int nvmlReturn_t;            /* an enum in nvml.h */
struct nvmlDevice_st { int index; };
typedef struct nvmlDevice_st *nvmlDevice_t;

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_DRIVER_NOT_LOADED 9
#define NVML_ERROR_GPU_IS_LOST 15

static struct nvmlDevice_st devices[2] = {{0}, {1}};
static int device_count = 1;
static int init_rc = NVML_SUCCESS;
static int energy_rc = NVML_SUCCESS;
static int power_rc = NVML_SUCCESS;
static int inits = 0;
static unsigned long long energy_mj = 0;
static unsigned int power_mw = 0;
static long energy_calls = 0;
/* device state (NvmlDeviceInfo) */
static int info_rc = NVML_SUCCESS;       /* clocks, power limit, memory, driver and CUDA versions */
static char driver_version[80] = "550.54.15";
static int cuda_version = 12040;
static unsigned int clock_sm = 1755, clock_mem = 7001;
static unsigned int power_limit_mw = 115000;
static unsigned long long mem_total = 8589934592ULL, mem_used = 0;
/* per-iteration device state and clock control */
static unsigned int clock_graphics = 1755, max_graphics = 1980, temp_c = 45;
static unsigned long long reasons = 0;
static int lock_rc = NVML_SUCCESS;
static unsigned int locked_min = 0, locked_max = 0, locks = 0, resets = 0;
static const unsigned int graphics_clocks[] = {1980, 1755, 1500, 1200, 900, 600, 300};

/* --- control, for the test --- */
void stub_reset(void) {
    device_count = 1; init_rc = energy_rc = power_rc = NVML_SUCCESS;
    inits = 0; energy_mj = 0; power_mw = 0; energy_calls = 0;
    info_rc = NVML_SUCCESS; strcpy(driver_version, "550.54.15"); cuda_version = 12040;
    clock_sm = 1755; clock_mem = 7001; power_limit_mw = 115000; mem_total = 8589934592ULL; mem_used = 0;
    clock_graphics = 1755; max_graphics = 1980; temp_c = 45; reasons = 0; lock_rc = NVML_SUCCESS;
    locked_min = locked_max = locks = resets = 0;
}
void stub_set_graphics_clock(unsigned int mhz) { clock_graphics = mhz; }
void stub_set_temperature(unsigned int c) { temp_c = c; }
void stub_set_reasons(unsigned long long r) { reasons = r; }
void stub_set_lock_rc(int rc) { lock_rc = rc; }
unsigned int stub_locked_min(void) { return locked_min; }
unsigned int stub_locked_max(void) { return locked_max; }
unsigned int stub_locks(void) { return locks; }
unsigned int stub_resets(void) { return resets; }
void stub_set_info_rc(int rc) { info_rc = rc; }
void stub_set_clocks(unsigned int sm, unsigned int mem) { clock_sm = sm; clock_mem = mem; }
void stub_set_power_limit(unsigned int mw) { power_limit_mw = mw; }
void stub_set_memory(unsigned long long total, unsigned long long used) { mem_total = total; mem_used = used; }
void stub_set_cuda_version(int v) { cuda_version = v; }
void stub_set_init_rc(int rc) { init_rc = rc; }
void stub_set_energy_rc(int rc) { energy_rc = rc; }
void stub_set_power_rc(int rc) { power_rc = rc; }
void stub_set_energy(unsigned long long mj) { energy_mj = mj; }
void stub_set_power(unsigned int mw) { power_mw = mw; }
int stub_inits(void) { return inits; }
long stub_energy_calls(void) { return energy_calls; }

/* --- NVML --- */
nvmlReturn_t nvmlInit_v2(void) {
    if (init_rc != NVML_SUCCESS) return init_rc;
    inits++;
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlShutdown(void) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    inits--;
    return NVML_SUCCESS;
}
const char *nvmlErrorString(nvmlReturn_t r) {
    switch (r) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case 4: return "Insufficient Permissions";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
    default: return "Unknown Error";
    }
}
nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    *count = (unsigned int) device_count;
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (index >= (unsigned int) device_count || device == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    *device = &devices[index];
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    if (device == NULL || name == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    strncpy(name, "Stub GPU 9000", length);
    if (length > 0) name[length - 1] = '\0';
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || energy == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    energy_calls++;
    if (energy_rc != NVML_SUCCESS) return energy_rc;
    *energy = energy_mj;
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || power == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (power_rc != NVML_SUCCESS) return power_rc;
    *power = power_mw;
    return NVML_SUCCESS;
}

/* --- device state (left out with -DOLD_NVML, to stand for a library that predates these calls) --- */
#ifndef OLD_NVML
nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (version == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (info_rc != NVML_SUCCESS) return info_rc;
    strncpy(version, driver_version, length);
    if (length > 0) version[length - 1] = '\0';
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlSystemGetCudaDriverVersion_v2(int *v) {
    if (v == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (info_rc != NVML_SUCCESS) return info_rc;
    *v = cuda_version;
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, int type, unsigned int *clock) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || clock == NULL || type < 0 || type > 3) return NVML_ERROR_INVALID_ARGUMENT;
    if (info_rc != NVML_SUCCESS) return info_rc;
    *clock = type == 0 ? clock_graphics : type == 1 ? clock_sm : type == 2 ? clock_mem : 0;
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || limit == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (info_rc != NVML_SUCCESS) return info_rc;
    *limit = power_limit_mw;
    return NVML_SUCCESS;
}
typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || memory == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (info_rc != NVML_SUCCESS) return info_rc;
    memory->total = mem_total;
    memory->used = mem_used;
    memory->free = mem_total - mem_used;
    return NVML_SUCCESS;
}
#define NVML_ERROR_NO_PERMISSION 4
#define NVML_ERROR_INSUFFICIENT_SIZE 7
nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, int sensor, unsigned int *temp) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || temp == NULL || sensor != 0) return NVML_ERROR_INVALID_ARGUMENT;
    if (info_rc != NVML_SUCCESS) return info_rc;
    *temp = temp_c;
    return NVML_SUCCESS;
}
#ifdef OLD_REASONS_NAME
nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device, unsigned long long *r) {
#else
nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long *r) {
#endif
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || r == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (info_rc != NVML_SUCCESS) return info_rc;
    *r = reasons;
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetMaxClockInfo(nvmlDevice_t device, int type, unsigned int *clock) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || clock == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (info_rc != NVML_SUCCESS) return info_rc;
    *clock = type == 0 ? max_graphics : type == 2 ? clock_mem : max_graphics;
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetSupportedMemoryClocks(nvmlDevice_t device, unsigned int *count, unsigned int *clocks) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || count == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (*count < 2) { *count = 2; return NVML_ERROR_INSUFFICIENT_SIZE; }
    clocks[0] = clock_mem; clocks[1] = 405; *count = 2;
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetSupportedGraphicsClocks(nvmlDevice_t device, unsigned int mem, unsigned int *count,
                                                   unsigned int *clocks) {
    unsigned int n = sizeof(graphics_clocks) / sizeof(graphics_clocks[0]), i;
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || count == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (mem != clock_mem && mem != 405) return 6; /* NVML_ERROR_NOT_FOUND */
    if (*count < n) { *count = n; return NVML_ERROR_INSUFFICIENT_SIZE; }
    for (i = 0; i < n; i++) clocks[i] = graphics_clocks[i];
    *count = n;
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceSetGpuLockedClocks(nvmlDevice_t device, unsigned int min, unsigned int max) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || min > max) return NVML_ERROR_INVALID_ARGUMENT;
    if (lock_rc != NVML_SUCCESS) return lock_rc;
    locked_min = min; locked_max = max; locks++;
    clock_graphics = clock_sm = min;
    return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceResetGpuLockedClocks(nvmlDevice_t device) {
    if (inits == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (lock_rc != NVML_SUCCESS) return lock_rc;
    locked_min = locked_max = 0; resets++;
    clock_graphics = clock_sm = 1755;
    return NVML_SUCCESS;
}
#endif
