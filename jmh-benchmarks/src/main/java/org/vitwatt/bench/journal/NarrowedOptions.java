package org.vitwatt.bench.journal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.options.WarmupMode;
import org.openjdk.jmh.util.Optional;

/**
 * The user's JMH options narrowed to one benchmark, one mode and one value per parameter, writing no result
 * file of its own (the resumed run merges and writes the results). (JMH's {@code OptionsBuilder.parent} adds include patterns to the parent's rather
 * than replacing them, so it cannot narrow a run; this delegates everything else unchanged.)
 */
public final class NarrowedOptions implements Options {
    private final Options d;
    private final String include;
    private final Mode mode;
    private final Map<String, String> params;

    public NarrowedOptions(Options delegate, String include, Mode mode, Map<String, String> params) {
        this.d = delegate;
        this.include = include;
        this.mode = mode;
        this.params = Map.copyOf(params);
    }

    private static final long serialVersionUID = 1L;

    @Override
    public List<String> getIncludes() {
        return List.of(include);
    }

    @Override
    public List<String> getExcludes() {
        return List.of();
    }

    @Override
    public Collection<Mode> getBenchModes() {
        return List.of(mode);
    }

    @Override
    public Optional<Collection<String>> getParameter(String name) {
        String v = params.get(name);
        return v == null ? d.getParameter(name) : Optional.of(List.of(v));
    }

    @Override
    public Optional<ResultFormatType> getResultFormat() {
        return Optional.none();
    }

    @Override
    public Optional<String> getResult() {
        return Optional.none();
    }

    @Override
    public Optional<String> getOutput() {
        return d.getOutput();
    }

    @Override
    public Optional<Boolean> shouldDoGC() {
        return d.shouldDoGC();
    }

    @Override
    public List<ProfilerConfig> getProfilers() {
        return d.getProfilers();
    }

    @Override
    public Optional<VerboseMode> verbosity() {
        return d.verbosity();
    }

    @Override
    public Optional<Boolean> shouldFailOnError() {
        return d.shouldFailOnError();
    }

    @Override
    public Optional<Integer> getThreads() {
        return d.getThreads();
    }

    @Override
    public Optional<int[]> getThreadGroups() {
        return d.getThreadGroups();
    }

    @Override
    public Optional<Boolean> shouldSyncIterations() {
        return d.shouldSyncIterations();
    }

    @Override
    public Optional<Integer> getWarmupIterations() {
        return d.getWarmupIterations();
    }

    @Override
    public Optional<TimeValue> getWarmupTime() {
        return d.getWarmupTime();
    }

    @Override
    public Optional<Integer> getWarmupBatchSize() {
        return d.getWarmupBatchSize();
    }

    @Override
    public Optional<WarmupMode> getWarmupMode() {
        return d.getWarmupMode();
    }

    @Override
    public List<String> getWarmupIncludes() {
        return d.getWarmupIncludes();
    }

    @Override
    public Optional<Integer> getMeasurementIterations() {
        return d.getMeasurementIterations();
    }

    @Override
    public Optional<TimeValue> getMeasurementTime() {
        return d.getMeasurementTime();
    }

    @Override
    public Optional<Integer> getMeasurementBatchSize() {
        return d.getMeasurementBatchSize();
    }

    @Override
    public Optional<TimeUnit> getTimeUnit() {
        return d.getTimeUnit();
    }

    @Override
    public Optional<Integer> getOperationsPerInvocation() {
        return d.getOperationsPerInvocation();
    }

    @Override
    public Optional<Integer> getForkCount() {
        return d.getForkCount();
    }

    @Override
    public Optional<Integer> getWarmupForkCount() {
        return d.getWarmupForkCount();
    }

    @Override
    public Optional<String> getJvm() {
        return d.getJvm();
    }

    @Override
    public Optional<Collection<String>> getJvmArgs() {
        return d.getJvmArgs();
    }

    @Override
    public Optional<Collection<String>> getJvmArgsAppend() {
        return d.getJvmArgsAppend();
    }

    @Override
    public Optional<Collection<String>> getJvmArgsPrepend() {
        return d.getJvmArgsPrepend();
    }

    @Override
    public Optional<TimeValue> getTimeout() {
        return d.getTimeout();
    }
}
