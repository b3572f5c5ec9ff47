package org.vitwatt.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.vitwatt.core.Provider;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.precision.NumericType;

/** The search's arguments, its plan strings and its Pareto set, as pure functions. */
class SearchOptionsTest {
    private static String error(String... args) {
        return assertThrows(VitwattException.class, () -> SearchOptions.parse(List.of(args))).getMessage();
    }

    @Test
    void defaultsAndEveryOption() {
        SearchOptions o = SearchOptions.parse(List.of("-p", "model=deit_tiny"));
        assertEquals(SearchOptions.DEFAULT_PRECISIONS, o.precisions());
        assertEquals(1.0, o.budget());
        assertEquals(Path.of("plans.json"), o.output());
        assertEquals(Provider.CPU, o.provider());
        SearchOptions all = SearchOptions.parse(List.of("-p", "model=m.onnx", "-p", "provider=cuda:1",
                "--precisions", "int8,fp16,int8", "--budget", "0.5", "-rff", "out/p.json"));
        assertEquals(List.of(NumericType.INT8, NumericType.FP16), all.precisions());
        assertEquals(0.5, all.budget());
        assertEquals(1, all.device());
        assertEquals(Path.of("out/p.json"), all.output());
    }

    @Test
    void everyBadArgumentIsOneLine() {
        String usage = "usage: java -jar benchmarks.jar search -p model=M [-p dataset=D] [-p provider=P] "
                + "[-p calibration=C] [--precisions fp16,int8,fp8,int4w] [--budget 1.0] [-rff plans.json]";
        assertEquals("search: -p model=M is required; " + usage, error("--budget", "1"));
        assertEquals("search: unknown argument '--budjet'; " + usage, error("-p", "model=m", "--budjet", "1"));
        assertEquals("search: --budget -1 is not a number of points >= 0 (e.g. --budget 1.0)",
                error("-p", "model=m", "--budget", "-1"));
        assertEquals("search: --budget lots is not a number of points >= 0 (e.g. --budget 1.0)",
                error("-p", "model=m", "--budget", "lots"));
        assertEquals("unknown precision 'int3' in --precisions fp16,int3: use fp32, fp16, int8, fp8 or int4w",
                error("-p", "model=m", "--precisions", "fp16,int3"));
        assertEquals("search: --precisions lists the lower precisions a group may take; fp32 is the baseline every "
                + "plan starts from", error("-p", "model=m", "--precisions", "fp32"));
        assertEquals("search: -p batch is not a search parameter (model, dataset, provider, calibration)",
                error("-p", "model=m", "-p", "batch=4"));
        assertEquals("search: -p model=a,b has several values; the search takes one model", error("-p", "model=a,b"));
        assertEquals("search: -p needs NAME=VALUE; " + usage, error("-p"));
    }

    @Test
    void planTextMergesRunsOfBlocks() {
        assertEquals("fp32", PlanSearch.planText(Map.of(), 12));
        Map<String, NumericType> plan = new HashMap<>();
        plan.put("patch_embed", NumericType.INT8);
        for (int i : new int[] {0, 1, 2, 5, 6, 7, 8, 9, 10, 11}) {
            plan.put("blocks[" + i + "]", NumericType.FP16);
        }
        plan.put("blocks[3]", NumericType.INT8);
        plan.put("head", NumericType.FP8);
        assertEquals("mixed:patch_embed=int8+blocks[0-2]=fp16+blocks[3]=int8+blocks[5-11]=fp16+head=fp8",
                PlanSearch.planText(plan, 12));
    }

    @Test
    void paretoKeepsTheUndominatedPlansWithinTheBudgetCheapestFirst() {
        PlanPoint fp32 = point("fp32", 100, 0);
        PlanPoint a = point("mixed:blocks[0]=int8", 60, 0.2);
        PlanPoint b = point("mixed:blocks[0-1]=int8", 30, 0.8);
        PlanPoint dominated = point("mixed:blocks[1]=fp8", 70, 0.4);
        PlanPoint over = point("mixed:blocks[0-1]=int4w", 10, 1.5);
        assertEquals(List.of(b, a, fp32), PlanSearch.pareto(List.of(fp32, a, b, dominated, over), 1.0));
    }

    private static PlanPoint point(String p, double gbops, double loss) {
        return new PlanPoint(p, 100 - loss, OptionalDouble.empty(), gbops, 1, loss);
    }
}
