package org.vitwatt.reports.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Reads the {@code plans.json} of {@code benchmarks.jar search} ({@link SearchPlans}) with the reports' one Jackson
 * configuration ({@link JsonParsers}); fields it does not know are skipped, so a later search may add some.
 */
public final class PlansReader {
    private PlansReader() {
    }

    /**
     * The plans of {@code file}.
     *
     * @throws InputException UNREADABLE, NOT_JSON, or NOT_PLANS (the line names the file, the position and what is
     *                        wrong)
     */
    public static SearchPlans read(Path file) {
        try (InputStream in = JsonParsers.utf8(file); JsonParser p = JsonParsers.FACTORY.createParser(in)) {
            p.nextToken();
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw bad(p, file, "expected an object but was " + JsonParsers.describe(p.currentToken()));
            }
            Integer format = null;
            String model = null;
            String dataset = "";
            boolean labelled = false;
            String loss = "";
            double budget = Double.NaN;
            SearchPlans.Plan fp32 = null;
            List<SearchPlans.GroupPlan> sensitivity = null;
            List<SearchPlans.Plan> pareto = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "format" -> format = (int) number(p, file, name);
                    case "model" -> model = string(p, file, name);
                    case "dataset" -> dataset = string(p, file, name);
                    case "labelled" -> labelled = bool(p, file, name);
                    case "loss" -> loss = string(p, file, name);
                    case "budget" -> budget = number(p, file, name);
                    case "fp32" -> fp32 = plan(p, file).plan();
                    case "sensitivity" -> sensitivity = list(p, file, name, true);
                    case "pareto" -> pareto = list(p, file, name, false).stream().map(SearchPlans.GroupPlan::plan)
                            .toList();
                    default -> p.skipChildren();
                }
            }
            if (format == null || format != SearchPlans.FORMAT) {
                throw new InputException(InputException.Kind.NOT_PLANS, file + ": not a plans.json of benchmarks.jar "
                        + "search: " + (format == null ? "no \"format\"" : "format " + format + ", expected "
                        + SearchPlans.FORMAT));
            }
            String missing = model == null ? "model" : fp32 == null ? "fp32" : sensitivity == null ? "sensitivity"
                    : pareto == null ? "pareto" : null;
            if (missing != null) {
                throw new InputException(InputException.Kind.NOT_PLANS, file + ": not a plans.json of benchmarks.jar "
                        + "search: no \"" + missing + "\"");
            }
            return new SearchPlans(file.toString(), model, dataset, labelled, loss, budget, fp32, sensitivity,
                    pareto);
        } catch (NoSuchFileException e) {
            throw new InputException(InputException.Kind.UNREADABLE, file + ": no such file");
        } catch (IOException e) {
            throw JsonParsers.translate(file, e);
        }
    }

    /** An array of points; with {@code grouped} each must name its group and group precision. */
    private static List<SearchPlans.GroupPlan> list(JsonParser p, Path file, String name, boolean grouped)
            throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw bad(p, file, "\"" + name + "\" is " + JsonParsers.describe(p.currentToken()) + ", expected a list");
        }
        List<SearchPlans.GroupPlan> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            SearchPlans.GroupPlan g = plan(p, file);
            if (grouped && (g.group().isEmpty() || g.groupPrecision().isEmpty())) {
                throw bad(p, file, "a \"" + name + "\" row without \"group\" or \"groupPrecision\"");
            }
            out.add(g);
        }
        return out;
    }

    /** One point object: precision, agreement, top1 (optional), loss, gbops, fileBytes; group fields if any. */
    private static SearchPlans.GroupPlan plan(JsonParser p, Path file) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw bad(p, file, "expected a plan object but was " + JsonParsers.describe(p.currentToken()));
        }
        String where = JsonParsers.position(p);
        String group = "";
        String groupPrecision = "";
        String precision = null;
        double agreement = Double.NaN;
        OptionalDouble top1 = OptionalDouble.empty();
        double loss = Double.NaN;
        double gbops = Double.NaN;
        double bytes = Double.NaN;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "group" -> group = string(p, file, name);
                case "groupPrecision" -> groupPrecision = string(p, file, name);
                case "precision" -> precision = string(p, file, name);
                case "agreement" -> agreement = number(p, file, name);
                case "top1" -> top1 = OptionalDouble.of(number(p, file, name));
                case "loss" -> loss = number(p, file, name);
                case "gbops" -> gbops = number(p, file, name);
                case "fileBytes" -> bytes = number(p, file, name);
                default -> p.skipChildren();
            }
        }
        String missing = precision == null || precision.isBlank() ? "precision" : Double.isNaN(agreement)
                ? "agreement" : Double.isNaN(loss) ? "loss" : Double.isNaN(gbops) ? "gbops" : Double.isNaN(bytes)
                ? "fileBytes" : null;
        if (missing != null) {
            throw new InputException(InputException.Kind.NOT_PLANS, file + ":" + where + ": not a plans.json of "
                    + "benchmarks.jar search: a plan without \"" + missing + "\"");
        }
        return new SearchPlans.GroupPlan(group, groupPrecision,
                new SearchPlans.Plan(precision, agreement, top1, loss, gbops, (long) bytes));
    }

    private static String string(JsonParser p, Path file, String name) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw bad(p, file, "\"" + name + "\" is " + JsonParsers.describe(p.currentToken()) + ", expected a string");
        }
        return p.getText();
    }

    private static double number(JsonParser p, Path file, String name) throws IOException {
        if (p.currentToken() == null || !p.currentToken().isNumeric()) {
            throw bad(p, file, "\"" + name + "\" is " + JsonParsers.describe(p.currentToken()) + ", expected a number");
        }
        return p.getDoubleValue();
    }

    private static boolean bool(JsonParser p, Path file, String name) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_TRUE && p.currentToken() != JsonToken.VALUE_FALSE) {
            throw bad(p, file, "\"" + name + "\" is " + JsonParsers.describe(p.currentToken()) + ", expected true or "
                    + "false");
        }
        return p.getBooleanValue();
    }

    private static InputException bad(JsonParser p, Path file, String what) {
        return new InputException(InputException.Kind.NOT_PLANS, file + ":" + JsonParsers.position(p)
                + ": not a plans.json of benchmarks.jar search: " + what);
    }
}
