package org.vitwatt.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtLibraryTest {
    @TempDir
    Path tmp;

    @Test
    void thisJvmRunsTheJarsOwnCopy() {
        OrtLibrary lib = OrtLibrary.load();
        assertEquals("1.29.0", lib.version());
        assertTrue(lib.path().isPresent(), "libonnxruntime not in /proc/self/maps");
        assertTrue(lib.path().get().matches(".*/onnxruntime-java\\d+/libonnxruntime\\.so"), lib.path().get());
        assertEquals("ONNX Runtime 1.29.0 from " + lib.path().get(), lib.describe());
        assertFalse(lib.fromNativePath());
    }

    @Test
    void aNativePathBuildIsNamedWithItsDirectory() throws IOException {
        Path maps = tmp.resolve("maps");
        Files.writeString(maps, "ffff0000-ffff1000 r-xp 00000000 103:02 1234   /opt/ort-jetpack/lib/libonnxruntime.so.1.29.0\n"
                + "ffff2000-ffff3000 r-xp 00000000 103:02 1235   /opt/ort-jetpack/lib/libonnxruntime4j_jni.so\n");
        OrtLibrary lib = OrtLibrary.of("1.29.0", NativeLibraries.read(maps), "/opt/ort-jetpack/lib");
        assertEquals(new OrtLibrary("1.29.0", Optional.of("/opt/ort-jetpack/lib/libonnxruntime.so.1.29.0"),
                Optional.of("/opt/ort-jetpack/lib")), lib);
        assertEquals("ONNX Runtime 1.29.0 from /opt/ort-jetpack/lib/libonnxruntime.so.1.29.0", lib.describe());
        assertTrue(lib.fromNativePath());
        OrtLibrary unknown = OrtLibrary.of("1.29.0", NativeLibraries.read(tmp.resolve("absent")), " ");
        assertEquals("ONNX Runtime 1.29.0 (which file: unknown, /proc/self/maps is not readable)", unknown.describe());
        assertEquals(Optional.empty(), unknown.nativePath());
    }

    @Test
    void loadFailuresSayWhatTheDirectoryLacks() throws IOException {
        String tail = " it must hold libonnxruntime.so and libonnxruntime4j_jni.so from one ONNX Runtime build for this "
                + "CPU, with Java enabled (--build_java) and of the version vitwatt was built with (pom.xml "
                + "onnxruntime.version; see docs/gpu.md)";
        Path none = tmp.resolve("none");
        RuntimeException wrapped = new RuntimeException("Failed to load onnx-runtime library",
                new IOException("Native library 'onnxruntime' not found at " + none + "/libonnxruntime.so"));
        assertEquals("ONNX Runtime's native library did not load (Native library 'onnxruntime' not found at " + none
                + "/libonnxruntime.so): -Donnxruntime.native.path=" + none + " is not a directory;" + tail,
                OrtLibrary.loadFailure(new ExceptionInInitializerError(wrapped), none.toString()));
        Path half = Files.createDirectories(tmp.resolve("half"));
        Files.writeString(half.resolve("libonnxruntime.so"), "");
        assertEquals("ONNX Runtime's native library did not load (Native library 'onnxruntime4j_jni' not found at x): "
                + "-Donnxruntime.native.path=" + half + " lacks libonnxruntime4j_jni.so;" + tail,
                OrtLibrary.loadFailure(new RuntimeException("Failed to load onnx-runtime library",
                        new IOException("Native library 'onnxruntime4j_jni' not found at x")), half.toString()));
        Files.writeString(half.resolve("libonnxruntime4j_jni.so"), "");
        // a JetPack library older than the jar's classes: ORT's own message
        assertEquals("ONNX Runtime's native library did not load (There is a mismatch between the ORT class files and "
                + "the ORT native library, and the native library could not be loaded): -Donnxruntime.native.path=" + half
                + " holds both libraries, so they do not fit this machine or each other;" + tail,
                OrtLibrary.loadFailure(new ExceptionInInitializerError(new IllegalStateException("There is a mismatch "
                        + "between the ORT class files and the ORT native library, and the native library could not be "
                        + "loaded")), half.toString()));
        assertEquals("ONNX Runtime's native library did not load (no onnxruntime in java.library.path: /usr/lib): this "
                + "jar may have no natives for " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + "; point -Donnxruntime.native.path=DIR at an ONNX Runtime build for it (see docs/gpu.md)",
                OrtLibrary.loadFailure(new UnsatisfiedLinkError("no onnxruntime in java.library.path: /usr/lib"), null));
    }
}
