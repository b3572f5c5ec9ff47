package org.vitwatt.reports.input;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line device labels: {@code --device LABEL} for every input, {@code --device FILE=LABEL} for one.
 *
 * @param forAll label for every input without its own, null when none
 * @param byFile labels by normalised absolute input path
 */
public record DeviceLabels(String forAll, Map<Path, String> byFile) {
    public static final DeviceLabels NONE = new DeviceLabels(null, Map.of());

    /** The label of {@code input}'s results, null when none was given. */
    public String of(Path input) {
        return byFile.getOrDefault(InputMatch.norm(input), forAll);
    }

    /** Parses {@code --device} values against the inputs; a FILE that is not an input is an error. */
    public static DeviceLabels parse(List<String> specs, List<Path> inputs) throws InputException {
        String all = null;
        Map<Path, String> by = new HashMap<>();
        for (String spec : specs) {
            Path file = null;
            String label = spec;
            for (int i = spec.indexOf('='); i >= 0; i = spec.indexOf('=', i + 1)) {
                Path match = InputMatch.find(spec.substring(0, i), inputs);
                if (match != null) {
                    file = match;
                    label = spec.substring(i + 1);
                    break;
                }
            }
            if (file == null && spec.contains("=")) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--device " + spec + ": "
                        + spec.substring(0, spec.indexOf('=')) + " is not one of the input files");
            }
            if (label.isBlank()) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--device " + spec + ": empty label");
            }
            if (file == null) {
                if (all != null) {
                    throw new InputException(InputException.Kind.BAD_OPTION, "--device " + spec
                            + ": a label for every file was already given (" + all + "); use FILE=LABEL");
                }
                all = label.strip();
            } else if (by.put(file, label.strip()) != null) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--device " + spec + ": "
                        + file.getFileName() + " was already labelled");
            }
        }
        return new DeviceLabels(all, by);
    }
}
