package org.vitwatt.bench;

import java.io.PrintStream;
import java.util.Collection;
import org.vitwatt.core.BenchmarkSpec;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Provider;
import org.vitwatt.core.run.ProviderProbe;
import org.vitwatt.models.VitwattException;
import org.vitwatt.models.store.ModelStore;

/**
 * Checks every {@code -p} value of a run once, in the launching JVM: each value parses, each model resolves
 * (catalog models are built now, with progress on stderr, rather than in a fork), each provider can start
 * here. Throws {@link VitwattException} with the first problem.
 */
final class Preflight {
    private Preflight() {
    }

    static void check(Collection<String> models, Collection<String> datasets, Collection<String> precisions,
            Collection<String> providers, Collection<String> batches, Collection<String> threads, PrintStream err) {
        String firstModel = models.iterator().next();
        for (String d : datasets) {
            for (String p : precisions) {
                for (String pr : providers) {
                    for (String b : batches) {
                        for (String t : threads) {
                            BenchmarkSpec.parse(firstModel, d, p, pr, b, t);
                        }
                    }
                }
            }
        }
        for (String pr : providers) {
            Provider provider = Provider.parse(pr);
            ProviderProbe.unavailableReason(provider).ifPresent(reason -> {
                throw new VitwattException(reason);
            });
        }
        ModelStore store = ModelStore.fromSystemProperties();
        for (String m : models) {
            ModelRef.resolve(store, m, err::println);
        }
    }
}
