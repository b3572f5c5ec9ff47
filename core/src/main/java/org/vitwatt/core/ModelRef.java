package org.vitwatt.core;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.vitwatt.core.data.PreprocessingSidecar;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Interpolation;
import org.vitwatt.models.catalog.Preprocessing;
import org.vitwatt.models.catalog.Rgb;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.shapes.InputDims;
import org.vitwatt.models.shapes.ShapeCache;
import org.vitwatt.models.shapes.ShapeOracle;
import org.vitwatt.models.shapes.ValueTypes;
import org.vitwatt.models.stats.ModelAnalysis;
import org.vitwatt.models.stats.ModelStats;
import org.vitwatt.models.stats.TensorSpec;
import org.vitwatt.models.store.ModelStore;
import org.vitwatt.models.store.ResolvedModel;

/**
 * A model ready to benchmark: its file, its single image input and logits output, the preprocessing its
 * images need, and its statistics. Resolving checks that the file is an image classifier vitwatt can feed:
 * one float input [batch, 3, H, W] and one output [batch, classes]; the statistics and node groups come from the
 * value types of one run of the model in ONNX Runtime at the size its preprocessing produces, kept in the cache so
 * that benchmark forks do not run it again ({@link ModelAnalysis}, {@link ShapeCache}).
 *
 * @param resolved            the file and where it came from
 * @param input               the image input
 * @param output              the logits output
 * @param preprocessing       how images are prepared for it
 * @param preprocessingSource where {@code preprocessing} came from: "sidecar (FILE)" (the model's JSON
 *                            sidecar, read in preference to the catalog), "catalog (ID)" or "defaults ..."
 * @param stats               params, MACs, op counts
 * @param graph               per-node op types and MACs, node groups: what precision plans need of the graph
 * @param fileBytes           size of the ONNX file
 */
public record ModelRef(ResolvedModel resolved, TensorSpec input, TensorSpec output, Preprocessing preprocessing,
        String preprocessingSource, ModelStats stats, ModelGraph graph, long fileBytes) {

    /**
     * Resolves {@code name} through {@code store} (building a catalog model if needed) and inspects the file, which
     * is parsed once here and run once in {@code ort} for its value shapes: what later steps need of the graph is
     * kept ({@link #graph()}), the weights are not.
     */
    public static ModelRef resolve(ModelStore store, String name, OrtEnvironment ort, Progress progress) {
        ResolvedModel r = store.resolve(name, progress);
        ModelProto proto = OnnxFiles.read(r.file());
        Path dir = r.file().toAbsolutePath().getParent();
        List<TensorSpec> inputs = inputs(proto.getGraph());
        if (inputs.size() != 1) {
            throw new VitwattException("model " + r.file() + " has " + inputs.size() + " inputs "
                    + inputs + ": vitwatt feeds image classifiers with exactly one input [batch, 3, H, W]");
        }
        if (proto.getGraph().getOutputCount() == 0) {
            throw new VitwattException("model " + r.file() + " declares no outputs");
        }
        TensorSpec in = inputs.get(0);
        TensorSpec out = TensorSpec.of(proto.getGraph().getOutput(0));
        if (!in.elemType().equals("float") || in.dims().size() != 4 || (in.dim(1) != -1 && in.dim(1) != 3)) {
            throw new VitwattException("model " + r.file() + " input " + in + " is not an image batch: vitwatt "
                    + "expects a float input [batch, 3, H, W] (re-export with that input)");
        }
        String source;
        Preprocessing p;
        Optional<PreprocessingSidecar> sidecar = PreprocessingSidecar.find(r.file());
        if (sidecar.isPresent()) {
            // a user's export states its own preprocessing: it wins over the catalog (docs/datasets.md)
            p = sidecar.get().preprocessing();
            source = SIDECAR + " (" + sidecar.get().file() + ")";
            OptionalInt declared = sidecar.get().numClasses();
            long outClasses = out.dims().size() == 2 ? out.dim(1) : -1;
            if (declared.isPresent() && outClasses > 0 && declared.getAsInt() != outClasses) {
                throw new VitwattException("preprocessing sidecar " + sidecar.get().file() + " says num_classes "
                        + declared.getAsInt() + " but model " + r.file() + " outputs " + out + ": re-export the "
                        + "model and its sidecar together");
            }
        } else if (r.entry().isPresent()) {
            p = r.entry().get().preprocessing();
            source = "catalog (" + r.entry().get().id() + ")";
        } else {
            long h = in.dim(2);
            int size = (int) (h > 0 ? h : 224);
            p = new Preprocessing(size, 0.875, Interpolation.BICUBIC, Rgb.IMAGENET_MEAN, Rgb.IMAGENET_STD);
            source = "defaults (ImageNet mean/std, bicubic, crop 0.875, size from the input)";
        }
        for (int axis = 2; axis <= 3; axis++) {
            long d = in.dim(axis);
            if (d > 0 && d != p.inputSize()) {
                throw new VitwattException("model " + r.file() + " input " + in + " takes " + in.dim(2) + "x"
                        + in.dim(3) + " images but its preprocessing (" + source + ") produces " + p.inputSize()
                        + "x" + p.inputSize() + ": give the matching preprocessing or re-export the model");
            }
        }
        long bytes;
        try {
            bytes = Files.size(r.file());
        } catch (IOException e) {
            throw new VitwattException("model file " + r.file() + " cannot be read: " + e.getMessage());
        }
        InputDims dims = InputDims.of(proto.getGraph(), spatialDims(proto.getGraph(), in.name(), p.inputSize()));
        ValueTypes types = new ShapeCache(store.cacheDir()).types(r.file(), proto, dims,
                new ShapeOracle(ort, progress));
        ModelAnalysis analysis = ModelAnalysis.of(proto, dir, types);
        return new ModelRef(r, in, out, p, source, analysis.stats(), ModelGraph.of(proto, analysis), bytes);
    }

    /** The graph's inputs that are not initializers. */
    private static List<TensorSpec> inputs(GraphProto g) {
        Set<String> initializers = new HashSet<>();
        g.getInitializerList().forEach(t -> initializers.add(t.getName()));
        return g.getInputList().stream().filter(v -> !initializers.contains(v.getName())).map(TensorSpec::of)
                .toList();
    }

    /** The names of the image input's symbolic height and width, each given the preprocessed size. */
    private static Map<String, Long> spatialDims(GraphProto g, String input, int size) {
        Map<String, Long> dims = new HashMap<>();
        for (ValueInfoProto vi : g.getInputList()) {
            if (vi.getName().equals(input) && vi.getType().getTensorType().getShape().getDimCount() == 4) {
                for (int axis = 2; axis <= 3; axis++) {
                    TensorShapeProto.Dimension d = vi.getType().getTensorType().getShape().getDim(axis);
                    if (!d.hasDimValue() && d.hasDimParam() && !d.getDimParam().isEmpty()) {
                        dims.put(d.getDimParam(), (long) size);
                    }
                }
            }
        }
        return dims;
    }

    /** Prefix of {@link #preprocessingSource()} when the preprocessing came from the model's JSON sidecar. */
    public static final String SIDECAR = "sidecar";

    /** True when the preprocessing came from the model's own JSON sidecar ({@link PreprocessingSidecar}). */
    public boolean preprocessingFromSidecar() {
        return preprocessingSource.startsWith(SIDECAR);
    }

    /** Number of classes the output gives per image, or -1 when the output shape does not say. */
    public int numClasses() {
        return output.dims().size() == 2 ? (int) output.dim(1) : -1;
    }

    /** The canonical model id (catalog id or file base name). */
    public String id() {
        return resolved.id();
    }
}
