package org.vitwatt.power.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vitwatt.power.PowerConfigException;
import org.vitwatt.power.PowerOptions;

/** Applies {@code rails=} to one reader's channel labels. */
public final class Rails {
    private Rails() {
    }

    /**
     * The indices of {@code labels} to keep. With no {@code rails=} entry for this reader, {@code defaults} is
     * returned. Labels match case-insensitively. A {@code reader/LABEL} entry that this reader does not have is an
     * error whose message lists the labels present; bare labels that match nothing here are left for the caller to
     * check across readers ({@link org.vitwatt.power.PowerReaders}).
     */
    public static List<Integer> select(String readerId, PowerOptions options, List<String> labels,
                                       List<Integer> defaults) {
        return select(readerId, options, labels, labels, defaults);
    }

    /** As {@link #select(String, PowerOptions, List, List)}, where channel i may also be named {@code aliases.get(i)}. */
    public static List<Integer> select(String readerId, PowerOptions options, List<String> labels,
                                       List<String> aliases, List<Integer> defaults) {
        List<PowerOptions.RailRequest> reqs = options.railsFor(readerId);
        List<Integer> picked = new ArrayList<>();
        for (PowerOptions.RailRequest r : reqs) {
            int found = -1;
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).equalsIgnoreCase(r.label()) || aliases.get(i).equalsIgnoreCase(r.label())) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                if (r.qualified()) {
                    throw unknownRail(readerId + "/" + r.label(), readerId, labels);
                }
                continue;
            }
            if (!picked.contains(found)) {
                picked.add(found);
            }
        }
        return picked.isEmpty() ? defaults : picked;
    }

    public static PowerConfigException unknownRail(String asked, String where, List<String> present) {
        return new PowerConfigException("Rail '" + asked + "' not found by " + where + "; rails present: "
                + (present.isEmpty() ? "(none)" : String.join(", ", present))
                + " (choose with rails=LABEL or rails=reader/LABEL)");
    }

    public static boolean matches(String label, String asked) {
        return label.toLowerCase(Locale.ROOT).equals(asked.toLowerCase(Locale.ROOT));
    }
}
