package org.vitwatt.power;

import java.nio.file.Path;
import java.util.List;

/**
 * Fake {@code /sys} trees of three Jetson generations, laid out as the sources of {@code JetsonSysfs} and
 * {@code Ina3221Tree} describe (devfreq, cpufreq policies, EMC, thermal zones, INA3221), with plausible values: a TX2 on
 * L4T 32 (gp10b GPU, Denver + A57 clusters, the legacy EMC clock, iio INA3221), a Xavier NX on L4T 35 (gv11b, three
 * Carmel clusters, bpmp EMC, hwmon INA3221 with VDD_IN) and an AGX Orin on L4T 36 (ga10b, three A78AE clusters, hwmon
 * INA3221 without an input rail). Values are rewritten in place ({@link FakeSysfs#set}) to script a run.
 */
public final class JetsonTrees {
    /** One fake board. */
    public record Board(String name, Path sys, Path gpu, List<Path> policies, Path emc, Path ina) {
        /** The GPU's {@code cur_freq}. */
        public Path gpuCurrent() {
            return gpu.resolve("cur_freq");
        }
    }

    private JetsonTrees() {
    }

    private static String freqs(long... v) {
        StringBuilder sb = new StringBuilder();
        for (long f : v) {
            sb.append(sb.length() == 0 ? "" : " ").append(f);
        }
        return sb.toString();
    }

    private static Path gpu(Path sys, String dir, String ofNode, long cur, long min, long max, long... available) {
        Path d = sys.resolve("class/devfreq/" + dir);
        FakeSysfs.write(d.resolve("device/of_node/name"), ofNode);
        FakeSysfs.write(d.resolve("cur_freq"), Long.toString(cur));
        FakeSysfs.write(d.resolve("min_freq"), Long.toString(min));
        FakeSysfs.write(d.resolve("max_freq"), Long.toString(max));
        FakeSysfs.write(d.resolve("available_frequencies"), freqs(available));
        FakeSysfs.write(d.resolve("governor"), "nvhost_podgov");
        return d;
    }

    private static Path policy(Path sys, int n, String related, long cur, long min, long max, long... available) {
        Path d = sys.resolve("devices/system/cpu/cpufreq/policy" + n);
        FakeSysfs.write(d.resolve("related_cpus"), related);
        FakeSysfs.write(d.resolve("scaling_cur_freq"), Long.toString(cur));
        FakeSysfs.write(d.resolve("scaling_min_freq"), Long.toString(min));
        FakeSysfs.write(d.resolve("scaling_max_freq"), Long.toString(max));
        FakeSysfs.write(d.resolve("scaling_available_frequencies"), freqs(available));
        FakeSysfs.write(d.resolve("scaling_governor"), "schedutil");
        return d;
    }

    private static void zone(Path sys, int n, String type, long milliC) {
        Path z = sys.resolve("class/thermal/thermal_zone" + n);
        FakeSysfs.write(z.resolve("type"), type);
        FakeSysfs.write(z.resolve("temp"), Long.toString(milliC));
    }

    /** Jetson TX2, L4T 32.7. */
    public static Board tx2(Path sys) {
        new FakeSysfs(sys);
        long[] gpuF = {114_750_000, 318_750_000, 522_750_000, 726_750_000, 930_750_000, 1_134_750_000, 1_300_500_000};
        Path g = gpu(sys, "17000000.gp10b", "gp10b", 1_300_500_000, 114_750_000, 1_300_500_000, gpuF);
        long[] a57 = {345_600, 652_800, 960_000, 1_267_200, 1_574_400, 1_881_600, 2_035_200};
        long[] denver = {345_600, 729_600, 1_113_600, 1_497_600, 1_881_600, 2_035_200};
        Path p0 = policy(sys, 0, "0 3 4 5", 2_035_200, 345_600, 2_035_200, a57);
        Path p1 = policy(sys, 1, "1 2", 2_035_200, 345_600, 2_035_200, denver);
        Path emc = sys.resolve("kernel/debug/clk/override.emc/clk_rate");
        FakeSysfs.write(emc, "1866000000");
        String[] zones = {"BCPU-therm", "MCPU-therm", "GPU-therm", "PLL-therm", "PMIC-Die", "Tboard_tegra"};
        for (int i = 0; i < zones.length; i++) {
            zone(sys, i, zones[i], 41_500 + 500 * i);
        }
        FakeSysfs fs = new FakeSysfs(sys);
        Path a = fs.iioDevice("0-0040", 0);
        fs.iioRail(a, 0, "VDD_SYS_GPU", 2400);
        fs.iioRail(a, 1, "VDD_SYS_SOC", 800);
        Path b = fs.iioDevice("0-0041", 1);
        fs.iioRail(b, 0, "VDD_IN", 6000);
        fs.iioRail(b, 1, "VDD_SYS_CPU", 1200);
        FakeSysfs.write(b.resolve("running_mode"), "1");
        return new Board("TX2", sys, g, List.of(p0, p1), emc, b);
    }

    /** Jetson Xavier NX, L4T 35.4. */
    public static Board xavierNx(Path sys) {
        new FakeSysfs(sys);
        long[] gpuF = {114_750_000, 306_000_000, 522_750_000, 726_750_000, 905_250_000, 1_109_250_000};
        Path g = gpu(sys, "17000000.gv11b", "gv11b", 1_109_250_000, 114_750_000, 1_109_250_000, gpuF);
        long[] carmel = {115_200, 422_400, 729_600, 1_036_800, 1_344_000, 1_651_200, 1_907_200};
        Path p0 = policy(sys, 0, "0-1", 1_907_200, 115_200, 1_907_200, carmel);
        Path p2 = policy(sys, 2, "2-3", 1_907_200, 115_200, 1_907_200, carmel);
        Path p4 = policy(sys, 4, "4-5", 1_907_200, 115_200, 1_907_200, carmel);
        Path emc = sys.resolve("kernel/debug/bpmp/debug/clk/emc/rate");
        FakeSysfs.write(emc, "1866000000");
        String[] zones = {"CPU-therm", "GPU-therm", "AO-therm", "AUX-therm", "PMIC-Die", "thermal-fan-est"};
        for (int i = 0; i < zones.length; i++) {
            zone(sys, i, zones[i], 45_000 + 500 * i);
        }
        FakeSysfs fs = new FakeSysfs(sys);
        Path hw = fs.hwmonDevice("7-0040", 1, 7);
        fs.hwmonRail(hw, 1, "VDD_IN", 5000, 1400);
        fs.hwmonRail(hw, 2, "VDD_CPU_GPU_CV", 5000, 600);
        fs.hwmonRail(hw, 3, "VDD_SOC", 5000, 300);
        return new Board("Xavier NX", sys, g, List.of(p0, p2, p4), emc, hw);
    }

    /** Jetson AGX Orin, L4T 36.3. */
    public static Board orin(Path sys) {
        new FakeSysfs(sys);
        long[] gpuF = {306_000_000, 408_000_000, 612_000_000, 816_000_000, 1_020_000_000, 1_224_000_000,
            1_300_500_000};
        Path g = gpu(sys, "17000000.ga10b", "ga10b", 1_300_500_000, 306_000_000, 1_300_500_000, gpuF);
        long[] a78 = {115_200, 422_400, 729_600, 1_036_800, 1_344_000, 1_651_200, 1_958_400, 2_201_600};
        Path p0 = policy(sys, 0, "0-3", 2_201_600, 115_200, 2_201_600, a78);
        Path p4 = policy(sys, 4, "4-7", 2_201_600, 115_200, 2_201_600, a78);
        Path p8 = policy(sys, 8, "8-11", 2_201_600, 115_200, 2_201_600, a78);
        Path emc = sys.resolve("kernel/debug/bpmp/debug/clk/emc/rate");
        FakeSysfs.write(emc, "3199000000");
        String[] zones = {"cpu-thermal", "gpu-thermal", "cv0-thermal", "soc0-thermal", "tj-thermal"};
        for (int i = 0; i < zones.length; i++) {
            zone(sys, i, zones[i], 48_000 + 1000 * i);
        }
        FakeSysfs fs = new FakeSysfs(sys);
        Path hw = fs.hwmonDevice("1-0040", 1, 7);
        fs.hwmonRail(hw, 1, "VDD_GPU_SOC", 5000, 1600);
        fs.hwmonRail(hw, 2, "VDD_CPU_CV", 5000, 800);
        fs.hwmonRail(hw, 3, "VIN_SYS_5V0", 5000, 700);
        return new Board("AGX Orin", sys, g, List.of(p0, p4, p8), emc, hw);
    }
}
