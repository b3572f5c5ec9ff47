package org.vitwatt.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.BenchmarkSpec;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Provider;
import org.vitwatt.core.data.SyntheticImages;
import org.vitwatt.core.precision.ModelVariant;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.store.ModelStore;

/** The harness's cost against ONNX Runtime's own model_run time, from its profiler. */
class HarnessOverheadTest {
    @TempDir
    Path tmp;

    @Test
    void profileEventsAreReadByNameAndCategory() throws Exception {
        Path f = tmp.resolve("p.json");
        Files.writeString(f, "[{\"cat\":\"Session\",\"name\":\"model_loading_uri\",\"dur\":900,\"args\":{}},\n"
                + "{\"cat\":\"Session\",\"name\":\"model_run\",\"dur\":1234,\"ts\":5,\"args\":{\"x\":[1,2]}},\n"
                + "{\"cat\":\"Node\",\"name\":\"/blocks.0/MatMul_kernel_time\",\"dur\":77,\"args\":{}},\n"
                + "{\"cat\":\"Session\",\"name\":\"model_run\",\"dur\":1000,\"args\":{}}]");
        assertEquals(List.of(1234L, 1000L), OrtProfile.modelRunMicros(f));
    }

    @Test
    void wallTimeIsAtLeastOnnxRuntimesOwnAndTheProfileIsDeleted() throws Exception {
        ModelRef tiny = ModelRef.resolve(new ModelStore(Catalog.standard(), List.of(), tmp), "deit_tiny",
                OrtEnvironment.getEnvironment(), s -> { });
        SyntheticImages images = new SyntheticImages(tiny.preprocessing(), 4, 42);
        BenchmarkSpec spec = BenchmarkSpec.parse("deit_tiny", "synthetic", "fp32", "cpu", "1", "1");
        Path work = tmp.resolve("work");
        HarnessOverhead o = HarnessOverhead.measure(new SessionFactory(OrtEnvironment.getEnvironment()), tiny,
                ModelVariant.source(tiny, Provider.CPU), ProviderOptions.cpu(), images, spec, work, 1, 5, 7);
        System.out.printf("deit_tiny, 1 thread: harness %.3f ms per call, ONNX Runtime %.3f ms: %.2f %% over %d runs%n",
                o.wallMs(), o.ortMs(), o.overheadPct(), o.runs());
        assertEquals(5, o.runs(), "a 1 ms budget runs the minimum");
        assertTrue(o.ortMs() > 0);
        assertTrue(o.wallMs() >= o.ortMs(), "the call around model_run cannot take less than model_run");
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(0, left.count(), "the profile directory is deleted");
        }
    }
}
