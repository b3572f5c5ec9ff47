package org.vitwatt.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The INT8 instruction-set level and saturation of the CPUs vitwatt runs on, from their /proc/cpuinfo. */
class CpuIsaTest {
    private static CpuIsa cpu(String file, String arch) throws URISyntaxException {
        return CpuIsa.read(Path.of(CpuIsaTest.class.getResource("cpuinfo/" + file).toURI()), arch);
    }

    @Test
    void x86LevelsAndWhichOnesSaturate() throws Exception {
        CpuIsa avx2 = cpu("epyc-avx2.txt", "amd64");
        assertEquals("avx2", avx2.level());
        assertTrue(avx2.u8s8Saturates(), "AVX2 without VNNI: VPMADDUBSW");
        CpuIsa skylake = cpu("skylake-avx512.txt", "amd64");
        assertEquals("avx512", skylake.level());
        assertTrue(skylake.u8s8Saturates(), "AVX-512 core without VNNI still uses VPMADDUBSW");
        CpuIsa vnni = cpu("epyc-avx512-vnni.txt", "amd64");
        assertEquals("avx512_vnni", vnni.level());
        assertFalse(vnni.u8s8Saturates());
        CpuIsa alder = cpu("alderlake-avx-vnni.txt", "amd64");
        assertEquals("avx_vnni", alder.level());
        assertFalse(alder.u8s8Saturates());
    }

    @Test
    void arm64NeverSaturates() throws Exception {
        CpuIsa orin = cpu("jetson-orin-arm64.txt", "aarch64");
        assertEquals("dotprod", orin.level());
        assertFalse(orin.u8s8Saturates());
        CpuIsa tx2 = cpu("jetson-tx2-arm64.txt", "aarch64");
        assertEquals("neon", tx2.level());
        assertFalse(tx2.u8s8Saturates());
        assertEquals("i8mm", CpuIsa.parse("aarch64", "Features\t: fp asimd asimddp i8mm sve\n").level());
    }

    @Test
    void unreadableFeaturesAreUnknownAndSafeOnX86() {
        CpuIsa none = CpuIsa.read(Path.of("/nonexistent/cpuinfo"), "amd64");
        assertEquals(CpuIsa.UNKNOWN, none.level());
        assertTrue(none.u8s8Saturates(), "unknown x86: assume the kernels saturate (reduced range is exact anywhere)");
        assertFalse(CpuIsa.read(Path.of("/nonexistent/cpuinfo"), "aarch64").u8s8Saturates());
    }

    @Test
    void theRunningMachineHasALevel() {
        CpuIsa here = CpuIsa.current();
        System.out.println("this machine: " + here.arch() + " " + here.level() + ", u8s8 saturates: "
                + here.u8s8Saturates());
        assertFalse(here.level().isEmpty());
    }
}
