package org.vitwatt.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The 1000 ImageNet-1k (ILSVRC2012) classes in the standard index order of every ImageNet classifier in
 * timm and torchvision: the WordNet ids sorted, so {@code n01440764} (tench) is class 0 and
 * {@code n15075141} (toilet tissue) is class 999. The list is {@code imagenet_synsets.txt} from timm
 * ({@code timm/data/_info/}, Apache-2.0), shipped as a resource beside this class.
 */
public final class ImageNetClasses {
    /** Number of classes. */
    public static final int COUNT = 1000;
    /** What a WordNet noun id looks like. */
    public static final Pattern WNID = Pattern.compile("n\\d{8}");

    private static final List<String> WNIDS = load();
    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < WNIDS.size(); i++) {
            INDEX.put(WNIDS.get(i), i);
        }
    }

    private ImageNetClasses() {
    }

    private static List<String> load() {
        try (InputStream in = ImageNetClasses.class.getResourceAsStream("imagenet_synsets.txt")) {
            if (in == null) {
                throw new IllegalStateException("imagenet_synsets.txt is missing from the vitwatt-core jar");
            }
            List<String> l = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank()) {
                    l.add(line.trim());
                }
            }
            if (l.size() != COUNT) {
                throw new IllegalStateException("imagenet_synsets.txt has " + l.size() + " ids, not 1000");
            }
            List<String> sorted = new ArrayList<>(l);
            Collections.sort(sorted);
            if (!sorted.equals(l)) {
                throw new IllegalStateException("imagenet_synsets.txt is not in sorted order");
            }
            return List.copyOf(l);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read imagenet_synsets.txt", e);
        }
    }

    /** The 1000 WordNet ids in class-index order. */
    public static List<String> wnids() {
        return WNIDS;
    }

    /** The class index of {@code wnid}, or -1 when it is not an ImageNet-1k class. */
    public static int indexOf(String wnid) {
        Integer i = INDEX.get(wnid);
        return i == null ? -1 : i;
    }

    /** True when every name is an ImageNet-1k WordNet id. */
    public static boolean allWnids(List<String> names) {
        if (names.isEmpty()) {
            return false;
        }
        for (String n : names) {
            if (!INDEX.containsKey(n)) {
                return false;
            }
        }
        return true;
    }
}
