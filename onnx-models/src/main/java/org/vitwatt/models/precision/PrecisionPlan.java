package org.vitwatt.models.precision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.groups.NodeGroups;

/**
 * A mixed-precision plan: rules {@code group=precision} joined by {@code +}, e.g.
 * {@code encoder=fp16+others=int8} or {@code blocks[0-5]=int8+blocks[6-11]=fp16+head=fp32}. Groups are
 * {@code patch_embed}, {@code encoder}, {@code stages[k]}, {@code stages[k-l]}, {@code blocks[i]},
 * {@code blocks[i-j]}, {@code head} and {@code others}, which means every node no other rule of the plan covers
 * (groups: {@link NodeGroups}); precisions are {@code fp32}, {@code fp16}, {@code int8}, {@code fp8} and {@code int4w}
 * ({@code encoder=fp16+others=fp8} is the study's "MP A"). A node takes the precision
 * of the most specific rule that covers it (blocks[..] over stages[..] over encoder over patch_embed and head over
 * others); without an {@code others} rule, uncovered nodes stay FP32. The syntax has no commas so a plan fits one
 * JMH {@code -p} value.
 *
 * @param rules the rules in the order written
 */
public record PrecisionPlan(List<Rule> rules) {
    private static final Pattern RANGE = Pattern.compile("(blocks|stages)\\[(\\d+)(?:-(\\d+))?]");
    private static final String GROUPS = "groups are patch_embed, encoder, stages[k], stages[k-l], blocks[i], "
            + "blocks[i-j], head, others";

    /**
     * One {@code group=precision} rule; {@code from}/{@code to} are the range of {@code blocks} and {@code stages}
     * rules.
     */
    public record Rule(String group, int from, int to, NumericType type) {
        int specificity() {
            return switch (group) {
                case "blocks" -> 4;
                case "stages" -> 3;
                case "encoder" -> 2;
                case "others" -> 0;
                default -> 1;
            };
        }

        boolean ranged() {
            return group.equals("blocks") || group.equals("stages");
        }

        @Override
        public String toString() {
            String g = ranged() ? group + "[" + from + (from == to ? "" : "-" + to) + "]" : group;
            return g + "=" + type.id();
        }
    }

    public PrecisionPlan {
        rules = List.copyOf(rules);
    }

    /** Parses plan text; names the bad rule and the accepted forms when it does not parse. */
    public static PrecisionPlan parse(String text) {
        if (text == null || text.isBlank()) {
            throw new VitwattException("empty precision plan: write e.g. mixed:encoder=fp16+others=int8");
        }
        List<Rule> rules = new ArrayList<>();
        for (String part : text.split("\\+")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new VitwattException("precision plan rule '" + p + "' in '" + text + "' is not GROUP=PRECISION: "
                        + GROUPS + "; e.g. encoder=fp16+others=int8");
            }
            String g = p.substring(0, eq).trim();
            NumericType t = NumericType.parse(p.substring(eq + 1), "plan rule '" + p + "'");
            Matcher m = RANGE.matcher(g);
            Rule r;
            if (m.matches()) {
                int from = Integer.parseInt(m.group(2));
                int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
                if (to < from) {
                    throw new VitwattException("precision plan rule '" + p + "': " + m.group(1).replaceAll("s$", "")
                            + " range " + from + "-" + to + " is empty; write " + m.group(1) + "[low-high]");
                }
                r = new Rule(m.group(1), from, to, t);
            } else if (List.of("patch_embed", "encoder", "head", "others").contains(g)) {
                r = new Rule(g, -1, -1, t);
            } else {
                throw new VitwattException("unknown group '" + g + "' in precision plan '" + text + "': " + GROUPS);
            }
            for (Rule other : rules) {
                if (other.group().equals(r.group()) && (!r.ranged()
                        || (r.from() <= other.to() && other.from() <= r.to()))) {
                    throw new VitwattException("precision plan '" + text + "' names " + r.group()
                            + (r.ranged() ? " " + r.group() + " twice (" + other + ", " + r + ")" : " twice"));
                }
            }
            rules.add(r);
        }
        return new PrecisionPlan(rules);
    }

    /** Canonical text: rules sorted by specificity then name, so equal plans have equal text (cache keys). */
    public String canonical() {
        return rules.stream().sorted(Comparator.comparingInt(Rule::specificity).thenComparing(Rule::toString))
                .map(Rule::toString).collect(Collectors.joining("+"));
    }

    /** The types present in the plan. */
    public Set<NumericType> types() {
        return rules.stream().map(Rule::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(
                NumericType.class)));
    }

    /**
     * The type of every node of the graph {@code groups} describes. Fails, listing the groups present, when
     * a rule names a group the graph does not have.
     */
    public NumericType[] assign(NodeGroups groups) {
        NumericType[] out = new NumericType[groups.nodeCount()];
        Arrays.fill(out, NumericType.FP32);
        List<Rule> ordered = new ArrayList<>(rules);
        ordered.sort(Comparator.comparingInt(Rule::specificity));
        Map<Rule, BitSet> sets = new LinkedHashMap<>();
        for (Rule r : ordered) {
            BitSet nodes;
            switch (r.group()) {
                case "patch_embed" -> nodes = groups.patchEmbed();
                case "head" -> nodes = groups.head();
                case "others" -> {
                    nodes = new BitSet(); // everything; more specific rules override it
                    nodes.set(0, groups.nodeCount());
                }
                case "encoder" -> nodes = groups.encoder();
                case "stages" -> {
                    if (r.to() >= groups.stageCount()) {
                        throw new VitwattException("precision plan rule " + r + " names stages up to " + r.to()
                                + " but this model has " + groups.stageCount() + " stage"
                                + (groups.stageCount() == 1 ? "" : "s") + " (groups: "
                                + String.join(", ", groups.describe()) + ")");
                    }
                    nodes = groups.stages(r.from(), r.to());
                }
                default -> {
                    if (r.to() >= groups.blockCount()) {
                        throw new VitwattException("precision plan rule " + r + " names blocks up to " + r.to()
                                + " but this model has " + groups.blockCount() + " blocks (groups: "
                                + String.join(", ", groups.describe()) + ")");
                    }
                    nodes = groups.blocks(r.from(), r.to());
                }
            }
            if (nodes.isEmpty()) {
                throw new VitwattException("precision plan rule " + r + ": this model has no '" + r.group()
                        + "' nodes; its groups are " + String.join(", ", groups.describe()));
            }
            sets.put(r, nodes);
        }
        for (Map.Entry<Rule, BitSet> e : sets.entrySet()) {
            BitSet b = e.getValue();
            for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
                out[i] = e.getKey().type();
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return rules.stream().map(Rule::toString).collect(Collectors.joining("+"));
    }
}
