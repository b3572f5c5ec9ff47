package org.vitwatt.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaDriverTest {
    @TempDir
    Path proc;

    @Test
    void discreteGpusFromTheDriversProcTree() throws Exception {
        Path gpu = Files.createDirectories(proc.resolve("driver/nvidia/gpus/0000:01:00.0"));
        Files.writeString(gpu.resolve("information"), "Model: \t\t NVIDIA GeForce RTX 3050 Laptop GPU\nIRQ: 150\n");
        Files.writeString(proc.resolve("driver/nvidia/version"), "NVRM version: NVIDIA UNIX x86_64 Kernel Module  "
                + "550.54.14  Thu Feb 22 01:44:30 UTC 2024\nGCC version:  gcc version 12.2.0\n");
        NvidiaDriver g = NvidiaDriver.read(proc);
        assertEquals(List.of("NVIDIA GeForce RTX 3050 Laptop GPU"), g.models());
        assertEquals("550.54.14", g.driver());
        assertEquals("NVIDIA GeForce RTX 3050 Laptop GPU", g.name(0));
    }

    @Test
    void jetsonBoardFromTheDeviceTree() throws Exception {
        Files.createDirectories(proc.resolve("device-tree"));
        Files.writeString(proc.resolve("device-tree/model"), "NVIDIA Jetson AGX Orin Developer Kit\0");
        NvidiaDriver g = NvidiaDriver.read(proc);
        assertEquals(List.of(), g.models());
        assertEquals("NVIDIA Jetson AGX Orin Developer Kit", g.name(0));
        assertEquals("unknown-gpu", NvidiaDriver.read(proc.resolve("none")).name(0));
    }

    @Test
    void loadedLibraryVersionsFromProcMaps() throws Exception {
        Path maps = Files.writeString(proc.resolve("maps"), String.join("\n",
                "7f00-7f01 r-xp 00000000 08:01 1 /tmp/onnxruntime-java123/libonnxruntime.so",
                "7f02-7f03 r-xp 00000000 08:01 2 /usr/lib/x86_64-linux-gnu/libnvinfer.so.10.3.0",
                "7f04-7f05 r--p 00000000 08:01 3 /usr/local/cuda/lib64/libcudart.so.12.4.127",
                "7f06-7f07 r-xp 00000000 08:01 4 /usr/lib/x86_64-linux-gnu/libc.so.6", ""));
        NativeLibraries l = NativeLibraries.read(maps);
        assertEquals("/tmp/onnxruntime-java123/libonnxruntime.so", l.path("libonnxruntime").orElseThrow());
        assertEquals("10.3.0", l.version("libnvinfer").orElseThrow());
        assertEquals("12.4.127", l.version("libcudart").orElseThrow());
        assertEquals(2 + 1, l.all().size());
        assertEquals(true, l.version("libonnxruntime").isEmpty());
    }

    @Test
    void thisJvmHasLoadedOnnxRuntimeOnceASessionExists() {
        OrtEnvironment.getEnvironment();
        if (Files.exists(Path.of("/proc/self/maps"))) {
            assertEquals(true, NativeLibraries.current().path("libonnxruntime").isPresent());
        }
    }
}
