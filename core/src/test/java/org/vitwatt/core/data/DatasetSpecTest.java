package org.vitwatt.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitwatt.feedback.VitwattException;

class DatasetSpecTest {
    @Test
    void parsesEveryKind() {
        assertSame(DatasetSpec.SYNTHETIC, DatasetSpec.parse(" Synthetic "));
        DatasetSpec c = DatasetSpec.parse("cifar10:/data/cifar-10-batches-bin");
        assertEquals(DatasetSpec.Kind.CIFAR10, c.kind());
        assertEquals("/data/cifar-10-batches-bin", c.location());
        assertEquals("cifar10:/data/cifar-10-batches-bin", c.toString());
        assertEquals(DatasetSpec.Kind.IMAGENET, DatasetSpec.parse("imagenet").kind());
        assertEquals("", DatasetSpec.parse("imagenet").location());
        assertEquals(DatasetSpec.Kind.FOLDER, DatasetSpec.parse("folder:rel/dir").kind());
        DatasetSpec o = DatasetSpec.parse("imagenet:/v?labels=val.txt&interpolation=bilinear&cropPct=0.95");
        assertEquals("/v", o.location());
        assertEquals(Map.of("labels", "val.txt", "interpolation", "bilinear", "cropPct", "0.95"), o.options());
        assertEquals(0.95, o.overrides().cropPct().getAsDouble());
        assertTrue(DatasetSpec.parse("folder:/x").overrides().isEmpty());
        assertEquals("train", DatasetSpec.parse("cifar10?split=train").options().get("split"));
    }

    @Test
    void badValuesAreOneLineNamingTheValue() {
        assertMessage("unknown dataset 'mnist': use synthetic, cifar10:DIR, imagenet:DIR, folder:DIR, or cifar10 / "
                + "imagenet with -Dvitwatt.data=DIR (options after '?', e.g. cifar10:DIR?interpolation=bicubic)",
                "mnist");
        assertMessage("-p dataset=folder: folder needs a directory: give folder:DIR", "folder");
        assertMessage("-p dataset=cifar10:: the location after 'cifar10:' is empty: give cifar10:DIR", "cifar10:");
        assertMessage("-p dataset=cifar10:/d?labels=x: unknown option 'labels' for cifar10: known options are "
                + "interpolation, cropPct, resize, size, mean, std, split", "cifar10:/d?labels=x");
        assertMessage("-p dataset=folder:/d?interpolation=lanczos: unknown interpolation 'lanczos': use bicubic, "
                + "bilinear, nearest or model", "folder:/d?interpolation=lanczos");
        assertMessage("-p dataset=folder:/d?cropPct=1.5: cropPct=1.5 must be in (0, 1], e.g. cropPct=0.875",
                "folder:/d?cropPct=1.5");
        assertMessage("-p dataset=folder:/d?std=1/0/1: std=1/0/1 has a bad value 0 (std must be > 0)",
                "folder:/d?std=1/0/1");
        assertMessage("-p dataset=folder:/d?size=x: size=x must be a whole number of pixels, 1..8192",
                "folder:/d?size=x");
        assertMessage("-p dataset=synthetic?size=3: synthetic takes no location or options", "synthetic?size=3");
        assertMessage("-p dataset=cifar10?split=val: split=val must be test or train", "cifar10?split=val");
        assertMessage("-p dataset=folder:/d?resize=1&resize=2: option resize is given twice",
                "folder:/d?resize=1&resize=2");
    }

    private static void assertMessage(String expected, String value) {
        VitwattException e = assertThrows(VitwattException.class, () -> DatasetSpec.parse(value));
        assertEquals(expected, e.getMessage());
    }
}
