package org.vitwatt.core.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vitwatt.core.Provider;
import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.core.precision.CalibrationSpec;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.precision.NumericType;
import org.vitwatt.results.Params;

/**
 * What {@code benchmarks.jar search} was asked: {@code -p model=M} (required), {@code -p dataset=D},
 * {@code -p provider=P}, {@code -p calibration=C}, {@code --precisions fp16,int8,fp8,int4w}, {@code --budget 1.0}
 * (points of loss against FP32 a plan may cost) and {@code -rff plans.json}.
 *
 * @param model       the model
 * @param dataset     the images plans are judged on (labelled: top-1 too)
 * @param provider    the provider the plans are measured on
 * @param device      its GPU index
 * @param calibration calibration of INT8 and FP8 groups
 * @param precisions  the lower precisions a group may take
 * @param budget      the largest loss, in points, a plan may have
 * @param output      where plans.json goes
 */
public record SearchOptions(String model, DatasetSpec dataset, Provider provider, int device,
        CalibrationSpec calibration, List<NumericType> precisions, double budget, Path output) {
    /** The lower precisions tried by default. */
    public static final List<NumericType> DEFAULT_PRECISIONS = List.of(NumericType.FP16, NumericType.INT8,
            NumericType.FP8, NumericType.INT4W);
    public static final double DEFAULT_BUDGET = 1.0;
    public static final String DEFAULT_OUTPUT = "plans.json";
    static final String USAGE = "usage: java -jar benchmarks.jar search -p model=M [-p dataset=D] [-p provider=P] "
            + "[-p calibration=C] [--precisions fp16,int8,fp8,int4w] [--budget 1.0] [-rff plans.json]";

    public SearchOptions {
        precisions = List.copyOf(precisions);
    }

    /** Parses the arguments after {@code search}; every bad one is one line naming it. */
    public static SearchOptions parse(List<String> args) {
        String model = null;
        String dataset = Params.defaultOf(Params.DATASET);
        String provider = Params.DEFAULT_PROVIDER;
        String calibration = Params.DEFAULT_CALIBRATION;
        List<NumericType> precisions = DEFAULT_PRECISIONS;
        double budget = DEFAULT_BUDGET;
        String output = DEFAULT_OUTPUT;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "-p" -> {
                    if (value == null || value.indexOf('=') <= 0) {
                        throw new VitwattException("search: -p needs NAME=VALUE; " + USAGE);
                    }
                    String name = value.substring(0, value.indexOf('='));
                    String v = value.substring(value.indexOf('=') + 1);
                    if (v.contains(",")) {
                        throw new VitwattException("search: -p " + value + " has several values; the search takes one "
                                + name);
                    }
                    switch (name) {
                        case Params.MODEL -> model = v;
                        case Params.DATASET -> dataset = v;
                        case Params.PROVIDER -> provider = v;
                        case Params.CALIBRATION -> calibration = v;
                        default -> throw new VitwattException("search: -p " + name + " is not a search parameter "
                                + "(model, dataset, provider, calibration)");
                    }
                    i++;
                }
                case "--precisions" -> {
                    precisions = precisions(value);
                    i++;
                }
                case "--budget" -> {
                    budget = budget(value);
                    i++;
                }
                case "-rff" -> {
                    if (value == null) {
                        throw new VitwattException("search: -rff needs a file name; " + USAGE);
                    }
                    output = value;
                    i++;
                }
                default -> throw new VitwattException("search: unknown argument '" + a + "'; " + USAGE);
            }
        }
        if (model == null) {
            throw new VitwattException("search: -p model=M is required; " + USAGE);
        }
        return new SearchOptions(model, DatasetSpec.parse(dataset), Provider.parse(provider),
                Provider.deviceOf(provider), CalibrationSpec.parse(calibration), precisions, budget, Path.of(output));
    }

    private static List<NumericType> precisions(String value) {
        if (value == null || value.isBlank()) {
            throw new VitwattException("search: --precisions needs a list, e.g. --precisions fp16,int8,fp8,int4w");
        }
        List<NumericType> out = new ArrayList<>();
        for (String p : value.split(",")) {
            NumericType t = NumericType.parse(p, "--precisions " + value);
            if (t == NumericType.FP32) {
                throw new VitwattException("search: --precisions lists the lower precisions a group may take; fp32 "
                        + "is the baseline every plan starts from");
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static double budget(String value) {
        try {
            double b = Double.parseDouble(value == null ? "" : value);
            if (b >= 0 && Double.isFinite(b)) {
                return b;
            }
        } catch (NumberFormatException e) {
            // the line below
        }
        throw new VitwattException("search: --budget " + value + " is not a number of points >= 0 (e.g. --budget "
                + String.format(Locale.ROOT, "%.1f", DEFAULT_BUDGET) + ")");
    }
}
