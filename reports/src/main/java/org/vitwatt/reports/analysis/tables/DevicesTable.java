package org.vitwatt.reports.analysis.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.DeviceInfo;
import org.vitwatt.reports.input.RunInfo;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;

/** Every device label: where it came from, the machine behind it, its runs and how many results it has. */
public final class DevicesTable {
    public static final List<Column> COLUMNS = List.of(Column.text("device", "device"),
            Column.text("origin", "label from"), Column.text("host", "host"), Column.text("cpu", "CPU"),
            Column.text("gpu", "GPU"), Column.text("powerMode", "power mode"),
            Column.text("software", "driver · CUDA · TensorRT · ORT"), Column.text("os", "OS"),
            Column.text("runs", "run ids (git, vitwatt)"), Column.integer("results", "results"));

    private DevicesTable() {
    }

    public static TableFamily family(List<DeviceInfo> devices, List<BenchmarkResult> results) {
        Map<String, Set<String>> runs = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (BenchmarkResult r : results) {
            String d = r.device().label();
            counts.merge(d, 1, Integer::sum);
            RunInfo run = r.run();
            if (!run.runId().isEmpty()) {
                runs.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(run.runId() + (run.git().isEmpty() ? ""
                        : " (" + run.git() + (run.vitwatt().isEmpty() ? "" : ", " + run.vitwatt()) + ")"));
            }
        }
        Table.Builder t = new Table.Builder("Devices", Map.of());
        for (DeviceInfo d : devices) {
            Map<String, String> x = d.details();
            List<String> sw = new ArrayList<>();
            for (String k : new String[] {"driver", "cuda", "tensorrt", "ortVersion"}) {
                if (x.containsKey(k) && !x.get(k).isBlank()) {
                    sw.add(x.get(k));
                }
            }
            t.row(List.of(Cell.text(d.label()), Cell.text(d.origin()), Cell.text(x.getOrDefault("host", "")),
                    Cell.text(x.getOrDefault("cpu", "")), Cell.text(x.getOrDefault("gpu", "")),
                    Cell.text(x.getOrDefault("powerMode", "")), Cell.text(String.join(" · ", sw)),
                    Cell.text(x.getOrDefault("os", "")), Cell.text(String.join("; ", runs.getOrDefault(d.label(), Set.of()))),
                    Cell.integer(counts.getOrDefault(d.label(), 0))));
        }
        return new TableFamily("devices", "Devices",
                "Where each device label comes from: --device on the command line, the journal's run record "
                        + "(device.host), or none (\"" + DeviceInfo.UNKNOWN + "\").",
                List.of(), COLUMNS, List.of("results = vitwatt results read for the device (before merging runs)"),
                List.of(t.build()), "");
    }
}
