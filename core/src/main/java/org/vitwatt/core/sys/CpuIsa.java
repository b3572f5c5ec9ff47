package org.vitwatt.core.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The instruction-set features of the CPU that decide how ONNX Runtime's CPU provider runs integer matrix
 * products, read from the kernel's view of CPUID ({@code /proc/cpuinfo}: {@code flags} on x86-64, {@code Features}
 * on ARM64). ONNX Runtime's MLAS picks its u8×s8 GEMM kernel from the same bits: AVX2 (VPMADDUBSW, whose 16-bit pair
 * sums saturate), AVX-VNNI or AVX-512 VNNI on AVX-512 BW/DQ/VL (VPDPBUSD, 32-bit accumulation), AMX; ARM64 kernels
 * (NEON widening multiplies, SDOT/UDOT, I8MM) accumulate in 32 bits.
 *
 * @param arch  the JVM's {@code os.arch} ({@code amd64}, {@code x86_64}, {@code aarch64}, ...)
 * @param flags the feature names as the kernel spells them, lower case
 */
public record CpuIsa(String arch, Set<String> flags) {
    /** The ISA level reported when the features cannot be read. */
    public static final String UNKNOWN = "unknown";

    public CpuIsa {
        arch = arch.toLowerCase(Locale.ROOT);
        flags = Set.copyOf(flags);
    }

    /** This machine: {@code /proc/cpuinfo} of the running kernel (no flags where it cannot be read). */
    public static CpuIsa current() {
        return read(Path.of("/proc/cpuinfo"), System.getProperty("os.arch", ""));
    }

    /** The features in {@code cpuinfo} (a {@code /proc/cpuinfo} file) of a CPU of architecture {@code arch}. */
    public static CpuIsa read(Path cpuinfo, String arch) {
        try {
            return parse(arch, Files.readString(cpuinfo));
        } catch (IOException | RuntimeException e) {
            return new CpuIsa(arch, Set.of());
        }
    }

    /** The features listed by the first processor of {@code cpuinfo} text. */
    public static CpuIsa parse(String arch, String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (key.equals("flags") || key.equals("features")) {
                Set<String> f = new TreeSet<>(Arrays.asList(line.substring(colon + 1).trim()
                        .toLowerCase(Locale.ROOT).split("\\s+")));
                f.remove("");
                return new CpuIsa(arch, f);
            }
        }
        return new CpuIsa(arch, Set.of());
    }

    /** x86-64 (as the JVM names it on Linux, macOS or Windows). */
    public boolean x86() {
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    /** 64-bit ARM. */
    public boolean arm64() {
        return arch.equals("aarch64") || arch.equals("arm64");
    }

    /**
     * The highest level that matters for INT8 kernels: on x86-64 {@code amx_int8}, {@code avx512_vnni},
     * {@code avx_vnni}, {@code avx512}, {@code avx2} or {@code sse}; on ARM64 {@code i8mm}, {@code dotprod} or
     * {@code neon}; {@value #UNKNOWN} when no feature could be read.
     */
    public String level() {
        if (flags.isEmpty()) {
            return UNKNOWN;
        }
        if (x86()) {
            if (flags.contains("amx_int8") && avx512Vnni()) {
                return "amx_int8";
            }
            if (avx512Vnni()) {
                return "avx512_vnni";
            }
            if (flags.contains("avx_vnni") && flags.contains("avx2")) {
                return "avx_vnni";
            }
            if (avx512Core()) {
                return "avx512";
            }
            return flags.contains("avx2") ? "avx2" : "sse";
        }
        if (arm64()) {
            if (flags.contains("i8mm")) {
                return "i8mm";
            }
            return flags.contains("asimddp") ? "dotprod" : "neon";
        }
        return arch;
    }

    /**
     * Whether ONNX Runtime's u8×s8 GEMM on this CPU sums byte products in 16 bits with saturation: x86-64 with AVX2
     * (or AVX-512 core) and neither AVX-VNNI nor AVX-512 VNNI. Full-range INT8 weights then lose accuracy, 7-bit
     * ({@code reduce_range}) weights do not. An x86-64 CPU whose features cannot be read counts as saturating, the
     * safe answer; ARM64 never saturates.
     */
    public boolean u8s8Saturates() {
        if (!x86()) {
            return false;
        }
        if (flags.isEmpty()) {
            return true;
        }
        boolean vnni = avx512Vnni() || (flags.contains("avx_vnni") && flags.contains("avx2"));
        return flags.contains("avx2") && !vnni;
    }

    private boolean avx512Core() {
        return flags.contains("avx512f") && flags.contains("avx512bw") && flags.contains("avx512dq")
                && flags.contains("avx512vl");
    }

    private boolean avx512Vnni() {
        return avx512Core() && flags.contains("avx512_vnni");
    }
}
