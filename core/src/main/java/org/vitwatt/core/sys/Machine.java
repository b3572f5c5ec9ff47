package org.vitwatt.core.sys;

import ai.onnxruntime.OrtEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import oshi.SystemInfo;

/**
 * What machine a result was measured on: host, CPU, cores, memory, OS, JVM and ONNX Runtime version.
 *
 * @param host        host name
 * @param cpu         CPU model name
 * @param cpuIsa      the CPU's instruction-set level for INT8 kernels ({@link CpuIsa#level()})
 * @param physicalCores physical cores
 * @param logicalCores  logical processors
 * @param memoryBytes total physical memory
 * @param os          operating system and version
 * @param jvm         JVM vendor and version
 * @param ortVersion  ONNX Runtime native library version
 */
public record Machine(String host, String cpu, String cpuIsa, int physicalCores, int logicalCores, long memoryBytes,
        String os, String jvm, String ortVersion) {

    /** Reads the current machine through OSHI and ONNX Runtime. */
    public static Machine collect() {
        SystemInfo si = new SystemInfo();
        var hw = si.getHardware();
        var cpu = hw.getProcessor();
        String host;
        try {
            host = si.getOperatingSystem().getNetworkParams().getHostName();
        } catch (RuntimeException e) {
            host = "unknown";
        }
        return new Machine(host, cpu.getProcessorIdentifier().getName().trim(), CpuIsa.current().level(),
                cpu.getPhysicalProcessorCount(),
                cpu.getLogicalProcessorCount(), hw.getMemory().getTotal(), si.getOperatingSystem().toString(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                OrtEnvironment.getEnvironment().getVersion());
    }

    /** As an ordered map of strings, for journals and reports. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("cpu", cpu);
        m.put("cpuIsa", cpuIsa);
        m.put("physicalCores", Integer.toString(physicalCores));
        m.put("logicalCores", Integer.toString(logicalCores));
        m.put("memoryBytes", Long.toString(memoryBytes));
        m.put("os", os);
        m.put("jvm", jvm);
        m.put("ortVersion", ortVersion);
        return m;
    }
}
