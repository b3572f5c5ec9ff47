package org.vitwatt.models.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.CatalogEntry;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.shapes.ShapeOracle;
import org.vitwatt.models.stats.ModelAnalysis;
import org.vitwatt.models.stats.ModelStats;
import org.vitwatt.models.store.ModelStore;
import org.vitwatt.models.store.ResolvedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code java -jar vitwatt-models.jar}: list the catalog, build a model file, print a model's statistics. */
@Command(name = "vitwatt-models", mixinStandardHelpOptions = true, versionProvider = ModelsCli.Version.class,
        description = "vitwatt's model tools: the catalog, the ONNX builder and model statistics.",
        subcommands = {ModelsCli.ListCommand.class, ModelsCli.BuildCommand.class, ModelsCli.StatsCommand.class,
                CommandLine.HelpCommand.class})
public final class ModelsCli implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /** What every line this command writes to stderr starts with. */
    static final String PREFIX = "vitwatt-models: ";

    private final Supplier<OrtEnvironment> ort;

    private ModelsCli(Supplier<OrtEnvironment> ort) {
        this.ort = ort;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                OrtEnvironment::getEnvironment));
    }

    /**
     * Runs the command line and returns its exit code (0 ok, 1 failure, 2 bad usage); {@code ort} gives the ONNX
     * Runtime environment when a command needs one ({@code stats} reads value shapes through it).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Supplier<OrtEnvironment> ort) {
        CommandLine cl = new CommandLine(new ModelsCli(ort));
        cl.setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof VitwattException) {
                cmd.getErr().println(PREFIX + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ModelsCli.class.getPackage().getImplementationVersion();
            return new String[] {"vitwatt-models " + (v == null ? "dev" : v)};
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the catalog: every model -p model= accepts, with its published figures.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<CatalogEntry> entries = ModelStore.fromSystemProperties().catalog().entries();
            int idW = "model".length();
            int famW = "family".length();
            int paperW = "paper name".length();
            for (CatalogEntry e : entries) {
                idW = Math.max(idW, e.id().length());
                famW = Math.max(famW, e.family().length());
                paperW = Math.max(paperW, e.paperName().length());
            }
            String row = "%-" + idW + "s  %-" + famW + "s  %-" + paperW + "s  %4s  %5s  %6s  %6s  %7s  %s%n";
            out.printf(Locale.ROOT, row, "model", "family", "paper name", "px", "crop", "M", "GMACs", "top-1 %",
                    "aliases");
            Set<String> sources = new LinkedHashSet<>();
            for (CatalogEntry e : entries) {
                out.printf(Locale.ROOT, row, e.id(), e.family(), e.paperName().isEmpty() ? "-" : e.paperName(),
                        e.preprocessing().inputSize(), String.format(Locale.ROOT, "%.3f", e.preprocessing().cropPct()),
                        String.format(Locale.ROOT, "%.2f", e.published().paramsMillions()),
                        String.format(Locale.ROOT, "%.2f", e.published().gmacs()),
                        String.format(Locale.ROOT, "%.3f", e.published().top1()), String.join(", ", e.aliases()));
                sources.add(e.published().source());
            }
            out.println("Published figures: " + String.join("; ", sources) + ". Built models have synthetic weights.");
            return 0;
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Write a catalog model as an ONNX file (deterministic synthetic weights).")
    static final class BuildCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "catalog name or alias (see 'list')")
        String name;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "ONNX file to write")
        Path output;

        @Override
        public Integer call() {
            CatalogEntry e = ModelStore.fromSystemProperties().catalog().require(name);
            PrintWriter err = spec.commandLine().getErr();
            long t0 = System.nanoTime();
            ModelProto m = ModelStore.buildModel(e, line -> err.println(PREFIX + e.id() + ": " + line));
            OnnxFiles.write(m, output);
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%s, %,d bytes) in %.2f s%n", output, e.id(),
                    fileSize(output), (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = {"Parameters, buffers, MACs per image (timm/fvcore rules), node groups, opset, "
                    + "inputs/outputs and op counts of any ONNX file or catalog model.",
                "Shapes come from one run of the model in ONNX Runtime on zeros of its input shape."})
    static final class StatsCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @ParentCommand
        ModelsCli parent;

        @Parameters(index = "0", paramLabel = "FILE|NAME", description = "an .onnx file or a catalog name")
        String target;

        @Option(names = "--json", description = "print JSON instead of text")
        boolean json;

        @Option(names = "--dim", paramLabel = "NAME=VALUE",
                description = "value of a symbolic input dim (default: batch 1, other spatial dims 224)")
        Map<String, Long> dims = new LinkedHashMap<>();

        @Override
        public Integer call() {
            Path file = Path.of(target);
            String label;
            if (Files.exists(file) || target.endsWith(".onnx")) {
                label = file.toString();
            } else {
                PrintWriter err = spec.commandLine().getErr();
                ResolvedModel r = ModelStore.fromSystemProperties().resolve(target,
                        line -> err.println(PREFIX + line));
                file = r.file();
                label = r.id() + " (" + file + ", weights: " + r.weightsLabel() + ")";
            }
            ModelProto m = OnnxFiles.read(file);
            PrintWriter err = spec.commandLine().getErr();
            ShapeOracle oracle = new ShapeOracle(parent.ort.get(), line -> err.println(PREFIX + line));
            ModelStats s = ModelAnalysis.run(oracle, m, file.toAbsolutePath().getParent(), dims, file.toString())
                    .stats();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("file", file.toString());
                j.put("fileBytes", fileSize(file));
                j.put("stats", s);
                out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(j));
            } else {
                StatsText.print(out, label, fileSize(file), s);
            }
            return 0;
        }
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
