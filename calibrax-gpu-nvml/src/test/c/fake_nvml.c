/*
 * A fake NVIDIA Management Library for Calibrax's tests: the exports calibrax-gpu-nvml binds,
 * with the real signatures, return codes and struct layouts of nvml.h, over a table of fake
 * devices that the tests fill through the fake_* control functions.
 *
 * Built by the test build (exec-maven-plugin, generate-test-resources) twice:
 *   - target/fake-nvml/libnvidia-ml.so.1: a current driver;
 *   - target/fake-nvml-legacy/libnvidia-ml.so.1 (-DFAKE_NVML_LEGACY): an older driver without
 *     nvmlDeviceGetMemoryInfo_v2, nvmlDeviceGetCurrentClocksEventReasons,
 *     nvmlDevice{Compute,Graphics}RunningProcesses_v3/_v2, nvmlErrorString, the event API and
 *     the MIG API, so the fallbacks run and those features are unsupported.
 *
 * Events: nvmlEventSetWait_v2 blocks (on a condition variable) until fake_post_xid queues an XID
 * for a device registered in that set, or its timeout passes; the counters are guarded by a mutex
 * since the event thread calls in while the tests read.
 *
 * Like the real library it counts nvmlInit_v2/nvmlShutdown pairs and refuses device calls
 * outside an init; it checks the version field of versioned structs and answers
 * NVML_ERROR_ARGUMENT_VERSION_MISMATCH to a bare or wrong one.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))

typedef int nvmlReturn_t;
typedef struct fake_device *nvmlDevice_t;

enum {
    NVML_SUCCESS = 0,
    NVML_ERROR_UNINITIALIZED = 1,
    NVML_ERROR_INVALID_ARGUMENT = 2,
    NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_NO_PERMISSION = 4,
    NVML_ERROR_NOT_FOUND = 6,
    NVML_ERROR_INSUFFICIENT_SIZE = 7,
    NVML_ERROR_DRIVER_NOT_LOADED = 9,
    NVML_ERROR_TIMEOUT = 10,
    NVML_ERROR_GPU_IS_LOST = 15,
    NVML_ERROR_ARGUMENT_VERSION_MISMATCH = 25,
    NVML_ERROR_UNKNOWN = 999
};

typedef struct {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_t;

typedef struct {
    unsigned int version;
    unsigned long long total;
    unsigned long long reserved;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_v2_t;

#define NVML_STRUCT_VERSION(type, ver) ((unsigned int) (sizeof(type) | ((ver) << 24U)))

typedef struct {
    unsigned int gpu;
    unsigned int memory;
} nvmlUtilization_t;

typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
} nvmlProcessInfo_v1_t;

typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlProcessInfo_t;

typedef struct {
    nvmlDevice_t device;
    unsigned long long eventType;
    unsigned long long eventData;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlEventData_t;

#define NVML_EVENT_TYPE_XID 0x8ULL

#define MAX_DEVICES 8
#define MAX_MIG 7
#define MAX_SETS 4
#define MAX_QUEUED 32
#define MAX_PROCESSES 8
#define MAX_FORCED 64
#define MAX_COUNTERS 64

struct process_list {
    int count;
    unsigned int pid[MAX_PROCESSES];
    unsigned long long memory[MAX_PROCESSES];
};

struct fake_device {
    char name[96];
    char uuid[96];
    unsigned long long memory_total, memory_free, memory_reserved;
    unsigned long long util_gpu, util_memory;
    unsigned long long clock_graphics, clock_sm, clock_mem;
    unsigned long long power_mw, power_limit_mw;
    unsigned long long temperature, fan, energy_mj, event_reasons, pstate;
    unsigned long long ecc[2][2]; /* [error type: corrected, uncorrected][counter: volatile, aggregate] */
    struct process_list compute, graphics; /* the running-process lists, set by the tests */
    int lost;
    int mig_mode;  /* NVML_DEVICE_MIG_ENABLE = 1 */
    int mig_count;
};

struct forced_result {
    int device; /* -1: every device */
    char function[64];
    nvmlReturn_t result;
};

struct counter {
    char function[64];
    int calls;
};

static struct fake_device devices[MAX_DEVICES];
static struct fake_device mig_devices[MAX_DEVICES][MAX_MIG];

struct event_set {
    int live;
    unsigned long long registered[MAX_DEVICES]; /* event types per device */
    nvmlEventData_t queue[MAX_QUEUED];
    int head, count;
};

static struct event_set sets[MAX_SETS];
static int sets_created, sets_freed;
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER; /* counters and event sets */
static pthread_cond_t event_posted = PTHREAD_COND_INITIALIZER;
static int device_count;
static int init_depth;
static int init_calls;
static int shutdown_calls;
static nvmlReturn_t init_result;
static unsigned int last_memory_v2_version;
static struct forced_result forced[MAX_FORCED];
static int forced_count;
static struct counter counters[MAX_COUNTERS];
static int counter_count;

static void count_call(const char *function) {
    pthread_mutex_lock(&state_lock);
    int i = 0;
    while (i < counter_count && strcmp(counters[i].function, function) != 0) {
        i++;
    }
    if (i < counter_count) {
        counters[i].calls++;
    } else if (counter_count < MAX_COUNTERS) {
        snprintf(counters[counter_count].function, sizeof counters[counter_count].function, "%s", function);
        counters[counter_count].calls = 1;
        counter_count++;
    }
    pthread_mutex_unlock(&state_lock);
}

/* The index of the GPU a handle belongs to (a MIG device's is its parent's); -1 for none. */
static int index_of(nvmlDevice_t device) {
    for (int i = 0; i < device_count; i++) {
        if (device == &devices[i]) {
            return i;
        }
        for (int j = 0; j < devices[i].mig_count; j++) {
            if (device == &mig_devices[i][j]) {
                return i;
            }
        }
    }
    return -1;
}

static nvmlReturn_t forced_result_for(int index, const char *function) {
    for (int i = 0; i < forced_count; i++) {
        if ((forced[i].device == -1 || forced[i].device == index)
                && strcmp(forced[i].function, function) == 0) {
            return forced[i].result;
        }
    }
    return NVML_SUCCESS;
}

/* The checks every device call makes, in the real library's order. */
static nvmlReturn_t enter(nvmlDevice_t device, const char *function, const void *out) {
    count_call(function);
    if (init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    int index = index_of(device);
    if (index < 0 || out == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (devices[index].lost) {
        return NVML_ERROR_GPU_IS_LOST;
    }
    return forced_result_for(index, function);
}

static nvmlReturn_t copy_string(const char *value, char *buffer, unsigned int length) {
    if (strlen(value) + 1 > length) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    strcpy(buffer, value);
    return NVML_SUCCESS;
}

/* ---- control functions the tests call ---- */

EXPORT void fake_reset(void) {
    memset(devices, 0, sizeof devices);
    memset(mig_devices, 0, sizeof mig_devices);
    pthread_mutex_lock(&state_lock);
    memset(sets, 0, sizeof sets);
    sets_created = 0;
    sets_freed = 0;
    pthread_mutex_unlock(&state_lock);
    device_count = 2;
    init_depth = 0;
    init_calls = 0;
    shutdown_calls = 0;
    init_result = NVML_SUCCESS;
    last_memory_v2_version = 0;
    forced_count = 0;
    counter_count = 0;
    for (int i = 0; i < MAX_DEVICES; i++) {
        snprintf(devices[i].name, sizeof devices[i].name, "Fake GPU %d", i);
        snprintf(devices[i].uuid, sizeof devices[i].uuid, "GPU-fake-%d", i);
        devices[i].pstate = 32; /* NVML_PSTATE_UNKNOWN */
    }
}

EXPORT void fake_set_device_count(int count) {
    device_count = count < 0 ? 0 : (count > MAX_DEVICES ? MAX_DEVICES : count);
}

EXPORT void fake_set_init_result(int result) {
    init_result = result;
}

/* Makes `function` answer `result` on device `index` (-1: on every device). */
EXPORT int fake_set_result(int index, const char *function, int result) {
    if (forced_count >= MAX_FORCED || strlen(function) >= sizeof forced[0].function) {
        return -1;
    }
    forced[forced_count].device = index;
    snprintf(forced[forced_count].function, sizeof forced[forced_count].function, "%s", function);
    forced[forced_count].result = result;
    forced_count++;
    return 0;
}

EXPORT int fake_set_lost(int index, int lost) {
    if (index < 0 || index >= MAX_DEVICES) {
        return -1;
    }
    devices[index].lost = lost;
    return 0;
}

/* Adds a MIG device (memory in bytes) to GPU `index` and turns its MIG mode on. */
EXPORT int fake_add_mig(int index, const char *name, unsigned long long total, unsigned long long used) {
    if (index < 0 || index >= MAX_DEVICES || devices[index].mig_count >= MAX_MIG || strlen(name) >= 96) {
        return -1;
    }
    struct fake_device *mig = &mig_devices[index][devices[index].mig_count++];
    strcpy(mig->name, name);
    snprintf(mig->uuid, sizeof mig->uuid, "MIG-fake-%d-%d", index, devices[index].mig_count - 1);
    mig->memory_total = total;
    mig->memory_free = total - used;
    devices[index].mig_mode = 1;
    return 0;
}

/* Queues XID `xid` for GPU `index` in every live set that registered it for XID events; the
 * number of sets it reached. */
EXPORT int fake_post_xid(int index, unsigned long long xid) {
    if (index < 0 || index >= MAX_DEVICES) {
        return -1;
    }
    int reached = 0;
    pthread_mutex_lock(&state_lock);
    for (int i = 0; i < MAX_SETS; i++) {
        struct event_set *set = &sets[i];
        if (set->live && (set->registered[index] & NVML_EVENT_TYPE_XID) && set->count < MAX_QUEUED) {
            nvmlEventData_t *data = &set->queue[(set->head + set->count) % MAX_QUEUED];
            memset(data, 0, sizeof *data);
            data->device = &devices[index];
            data->eventType = NVML_EVENT_TYPE_XID;
            data->eventData = xid;
            data->gpuInstanceId = 0xFFFFFFFFU;
            data->computeInstanceId = 0xFFFFFFFFU;
            set->count++;
            reached++;
        }
    }
    pthread_cond_broadcast(&event_posted);
    pthread_mutex_unlock(&state_lock);
    return reached;
}

/* Event sets created and not yet freed. */
EXPORT int fake_live_event_sets(void) {
    pthread_mutex_lock(&state_lock);
    int live = sets_created - sets_freed;
    pthread_mutex_unlock(&state_lock);
    return live;
}

EXPORT int fake_set_string(int index, const char *field, const char *value) {
    if (index < 0 || index >= MAX_DEVICES || strlen(value) >= 96) {
        return -1;
    }
    if (strcmp(field, "name") == 0) {
        strcpy(devices[index].name, value);
    } else if (strcmp(field, "uuid") == 0) {
        strcpy(devices[index].uuid, value);
    } else {
        return -1;
    }
    return 0;
}

EXPORT int fake_set_value(int index, const char *field, unsigned long long value) {
    if (index < 0 || index >= MAX_DEVICES) {
        return -1;
    }
    struct fake_device *d = &devices[index];
    struct { const char *name; unsigned long long *slot; } fields[] = {
        {"memory_total", &d->memory_total}, {"memory_free", &d->memory_free},
        {"memory_reserved", &d->memory_reserved}, {"util_gpu", &d->util_gpu},
        {"util_memory", &d->util_memory}, {"clock_graphics", &d->clock_graphics},
        {"clock_sm", &d->clock_sm}, {"clock_mem", &d->clock_mem}, {"power_mw", &d->power_mw},
        {"power_limit_mw", &d->power_limit_mw}, {"temperature", &d->temperature},
        {"fan", &d->fan}, {"energy_mj", &d->energy_mj}, {"event_reasons", &d->event_reasons},
        {"pstate", &d->pstate},
        {"ecc_corrected_volatile", &d->ecc[0][0]}, {"ecc_corrected_aggregate", &d->ecc[0][1]},
        {"ecc_uncorrected_volatile", &d->ecc[1][0]}, {"ecc_uncorrected_aggregate", &d->ecc[1][1]},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcmp(fields[i].name, field) == 0) {
            *fields[i].slot = value;
            return 0;
        }
    }
    return -1;
}

static int add_process(struct process_list *list, unsigned int pid, unsigned long long used_memory) {
    if (list->count >= MAX_PROCESSES) {
        return -1;
    }
    list->pid[list->count] = pid;
    list->memory[list->count] = used_memory;
    list->count++;
    return 0;
}

/* Adds a process to device index's compute list; used_memory ~0ULL is NVML_VALUE_NOT_AVAILABLE. */
EXPORT int fake_add_process(int index, unsigned int pid, unsigned long long used_memory) {
    return index < 0 || index >= MAX_DEVICES ? -1 : add_process(&devices[index].compute, pid, used_memory);
}

/* Adds a process to device index's graphics list. */
EXPORT int fake_add_graphics_process(int index, unsigned int pid, unsigned long long used_memory) {
    return index < 0 || index >= MAX_DEVICES ? -1 : add_process(&devices[index].graphics, pid, used_memory);
}

EXPORT int fake_init_calls(void) {
    return init_calls;
}

EXPORT int fake_shutdown_calls(void) {
    return shutdown_calls;
}

EXPORT int fake_init_depth(void) {
    return init_depth;
}

EXPORT unsigned int fake_last_memory_v2_version(void) {
    return last_memory_v2_version;
}

EXPORT int fake_calls(const char *function) {
    int calls = 0;
    pthread_mutex_lock(&state_lock);
    for (int i = 0; i < counter_count; i++) {
        if (strcmp(counters[i].function, function) == 0) {
            calls = counters[i].calls;
        }
    }
    pthread_mutex_unlock(&state_lock);
    return calls;
}

/* ---- NVML ---- */

__attribute__((constructor)) static void fake_load(void) {
    fake_reset();
}

EXPORT nvmlReturn_t nvmlInit_v2(void) {
    count_call("nvmlInit_v2");
    if (init_result != NVML_SUCCESS) {
        return init_result;
    }
    init_depth++;
    init_calls++;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlShutdown(void) {
    count_call("nvmlShutdown");
    if (init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    init_depth--;
    shutdown_calls++;
    return NVML_SUCCESS;
}

#ifndef FAKE_NVML_LEGACY
EXPORT const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
    case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
    case NVML_ERROR_ARGUMENT_VERSION_MISMATCH: return "Argument version mismatch";
    default: return "Unknown Error";
    }
}
#endif

EXPORT nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    count_call("nvmlDeviceGetCount_v2");
    if (init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    nvmlReturn_t forced_rc = forced_result_for(-1, "nvmlDeviceGetCount_v2");
    if (forced_rc != NVML_SUCCESS) {
        return forced_rc;
    }
    *count = (unsigned int) device_count;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    count_call("nvmlDeviceGetHandleByIndex_v2");
    if (init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (device == NULL || index >= (unsigned int) device_count) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    nvmlReturn_t forced_rc = forced_result_for((int) index, "nvmlDeviceGetHandleByIndex_v2");
    if (forced_rc != NVML_SUCCESS) {
        return forced_rc;
    }
    if (devices[index].lost) { /* as nvidia-smi shows it: "Unable to determine the device handle" */
        return NVML_ERROR_GPU_IS_LOST;
    }
    *device = &devices[index];
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetName", name);
    return rc != NVML_SUCCESS ? rc : copy_string(device->name, name, length);
}

EXPORT nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetUUID", uuid);
    return rc != NVML_SUCCESS ? rc : copy_string(device->uuid, uuid, length);
}

EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetMemoryInfo", memory);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    /* v1 counts the reserved memory as used, as the real library does */
    memory->total = device->memory_total;
    memory->free = device->memory_free;
    memory->used = device->memory_total - device->memory_free;
    return NVML_SUCCESS;
}

#ifndef FAKE_NVML_LEGACY
EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetMemoryInfo_v2", memory);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    last_memory_v2_version = memory->version;
    if (memory->version != NVML_STRUCT_VERSION(nvmlMemory_v2_t, 2U)) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    memory->total = device->memory_total;
    memory->reserved = device->memory_reserved;
    memory->free = device->memory_free;
    memory->used = device->memory_total - device->memory_free - device->memory_reserved;
    return NVML_SUCCESS;
}
#endif

EXPORT nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetUtilizationRates", utilization);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    utilization->gpu = (unsigned int) device->util_gpu;
    utilization->memory = (unsigned int) device->util_memory;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, int type, unsigned int *clock) {
    static const char *names[] = {"nvmlDeviceGetClockInfo/graphics", "nvmlDeviceGetClockInfo/sm",
                                  "nvmlDeviceGetClockInfo/mem"};
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetClockInfo", clock);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (type < 0 || type > 2) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    rc = enter(device, names[type], clock);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    unsigned long long values[] = {device->clock_graphics, device->clock_sm, device->clock_mem};
    *clock = (unsigned int) values[type];
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetPowerUsage", power);
    if (rc == NVML_SUCCESS) {
        *power = (unsigned int) device->power_mw;
    }
    return rc;
}

EXPORT nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetEnforcedPowerLimit", limit);
    if (rc == NVML_SUCCESS) {
        *limit = (unsigned int) device->power_limit_mw;
    }
    return rc;
}

EXPORT nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, int sensor, unsigned int *temperature) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetTemperature", temperature);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (sensor != 0) { /* NVML_TEMPERATURE_GPU is the only sensor */
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *temperature = (unsigned int) device->temperature;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetFanSpeed(nvmlDevice_t device, unsigned int *speed) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetFanSpeed", speed);
    if (rc == NVML_SUCCESS) {
        *speed = (unsigned int) device->fan;
    }
    return rc;
}

EXPORT nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetTotalEnergyConsumption", energy);
    if (rc == NVML_SUCCESS) {
        *energy = device->energy_mj;
    }
    return rc;
}

#ifndef FAKE_NVML_LEGACY
EXPORT nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long *reasons) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetCurrentClocksEventReasons", reasons);
    if (rc == NVML_SUCCESS) {
        *reasons = device->event_reasons;
    }
    return rc;
}
#endif

EXPORT nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device, unsigned long long *reasons) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetCurrentClocksThrottleReasons", reasons);
    if (rc == NVML_SUCCESS) {
        *reasons = device->event_reasons;
    }
    return rc;
}

EXPORT nvmlReturn_t nvmlDeviceGetTotalEccErrors(nvmlDevice_t device, int error_type, int counter_type,
                                                unsigned long long *count) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetTotalEccErrors", count);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (error_type < 0 || error_type > 1 || counter_type < 0 || counter_type > 1) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *count = device->ecc[error_type][counter_type];
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetPerformanceState(nvmlDevice_t device, int *state) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetPerformanceState", state);
    if (rc == NVML_SUCCESS) {
        *state = (int) device->pstate;
    }
    return rc;
}

/* The size protocol of the running-process queries: a short buffer gets INSUFFICIENT_SIZE and
 * the count needed; a NULL buffer with a count of 0 asks for the count alone. */
static nvmlReturn_t processes(nvmlDevice_t device, int graphics, const char *function, unsigned int *count,
                              void *infos, size_t entry_size) {
    nvmlReturn_t rc = enter(device, function, count);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    const struct process_list *list = graphics ? &device->graphics : &device->compute;
    unsigned int needed = (unsigned int) list->count;
    if (*count < needed || (infos == NULL && *count != 0)) {
        unsigned int asked = *count;
        *count = needed;
        return asked < needed ? NVML_ERROR_INSUFFICIENT_SIZE : NVML_ERROR_INVALID_ARGUMENT;
    }
    *count = needed;
    for (unsigned int i = 0; i < needed; i++) {
        char *entry = (char *) infos + i * entry_size;
        if (entry_size == sizeof(nvmlProcessInfo_t)) {
            nvmlProcessInfo_t *info = (nvmlProcessInfo_t *) entry;
            info->pid = list->pid[i];
            info->usedGpuMemory = list->memory[i];
            info->gpuInstanceId = 0xFFFFFFFFU;
            info->computeInstanceId = 0xFFFFFFFFU;
        } else {
            nvmlProcessInfo_v1_t *info = (nvmlProcessInfo_v1_t *) entry;
            info->pid = list->pid[i];
            info->usedGpuMemory = list->memory[i];
        }
    }
    return NVML_SUCCESS;
}

#ifndef FAKE_NVML_LEGACY
EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *count,
                                                            nvmlProcessInfo_t *infos) {
    return processes(device, 0, "nvmlDeviceGetComputeRunningProcesses_v3", count, infos, sizeof *infos);
}

EXPORT nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses_v3(nvmlDevice_t device, unsigned int *count,
                                                             nvmlProcessInfo_t *infos) {
    return processes(device, 1, "nvmlDeviceGetGraphicsRunningProcesses_v3", count, infos, sizeof *infos);
}
#endif

EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses(nvmlDevice_t device, unsigned int *count,
                                                         nvmlProcessInfo_v1_t *infos) {
    return processes(device, 0, "nvmlDeviceGetComputeRunningProcesses", count, infos, sizeof *infos);
}

EXPORT nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses(nvmlDevice_t device, unsigned int *count,
                                                          nvmlProcessInfo_v1_t *infos) {
    return processes(device, 1, "nvmlDeviceGetGraphicsRunningProcesses", count, infos, sizeof *infos);
}

#ifndef FAKE_NVML_LEGACY
/* ---- events ---- */

EXPORT nvmlReturn_t nvmlEventSetCreate(struct event_set **set) {
    count_call("nvmlEventSetCreate");
    if (init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (set == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    nvmlReturn_t rc = NVML_ERROR_UNKNOWN;
    pthread_mutex_lock(&state_lock);
    for (int i = 0; i < MAX_SETS; i++) {
        if (!sets[i].live) {
            memset(&sets[i], 0, sizeof sets[i]);
            sets[i].live = 1;
            sets_created++;
            *set = &sets[i];
            rc = NVML_SUCCESS;
            break;
        }
    }
    pthread_mutex_unlock(&state_lock);
    return rc;
}

EXPORT nvmlReturn_t nvmlDeviceRegisterEvents(nvmlDevice_t device, unsigned long long types, struct event_set *set) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceRegisterEvents", set);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (set < sets || set >= sets + MAX_SETS || !set->live) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    pthread_mutex_lock(&state_lock);
    set->registered[index_of(device)] |= types;
    pthread_mutex_unlock(&state_lock);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlEventSetWait_v2(struct event_set *set, nvmlEventData_t *data, unsigned int timeout_ms) {
    count_call("nvmlEventSetWait_v2");
    if (init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (set < sets || set >= sets + MAX_SETS || data == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long) (timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    nvmlReturn_t rc = NVML_SUCCESS;
    pthread_mutex_lock(&state_lock);
    while (set->live && set->count == 0) {
        if (pthread_cond_timedwait(&event_posted, &state_lock, &deadline) == ETIMEDOUT) {
            break;
        }
    }
    if (!set->live) {
        rc = NVML_ERROR_INVALID_ARGUMENT;
    } else if (set->count == 0) {
        rc = NVML_ERROR_TIMEOUT;
    } else {
        *data = set->queue[set->head];
        set->head = (set->head + 1) % MAX_QUEUED;
        set->count--;
    }
    pthread_mutex_unlock(&state_lock);
    return rc;
}

EXPORT nvmlReturn_t nvmlEventSetFree(struct event_set *set) {
    count_call("nvmlEventSetFree");
    if (init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (set < sets || set >= sets + MAX_SETS || !set->live) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    pthread_mutex_lock(&state_lock);
    set->live = 0;
    sets_freed++;
    pthread_cond_broadcast(&event_posted);
    pthread_mutex_unlock(&state_lock);
    return NVML_SUCCESS;
}

/* ---- MIG ---- */

EXPORT nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t device, unsigned int *current, unsigned int *pending) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetMigMode", current);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (pending == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *current = (unsigned int) device->mig_mode;
    *pending = (unsigned int) device->mig_mode;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMaxMigDeviceCount(nvmlDevice_t device, unsigned int *count) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetMaxMigDeviceCount", count);
    if (rc == NVML_SUCCESS) {
        *count = device->mig_mode ? MAX_MIG : 0;
    }
    return rc;
}

EXPORT nvmlReturn_t nvmlDeviceGetMigDeviceHandleByIndex(nvmlDevice_t device, unsigned int index,
                                                        nvmlDevice_t *mig) {
    nvmlReturn_t rc = enter(device, "nvmlDeviceGetMigDeviceHandleByIndex", mig);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    int parent = index_of(device);
    if (device != &devices[parent] || index >= MAX_MIG) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (index >= (unsigned int) device->mig_count) {
        return NVML_ERROR_NOT_FOUND;
    }
    *mig = &mig_devices[parent][index];
    return NVML_SUCCESS;
}
#endif
