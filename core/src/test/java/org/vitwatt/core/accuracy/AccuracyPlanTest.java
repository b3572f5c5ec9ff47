package org.vitwatt.core.accuracy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vitwatt.core.data.ImageNetClasses;

class AccuracyPlanTest {
    static final List<String> CIFAR = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    @Test
    void tenClassHeadScoresCifar() {
        AccuracyPlan.Score s = assertInstanceOf(AccuracyPlan.Score.class, AccuracyPlan.of(CIFAR, true, 10, false,
                "m", "cifar10:/d"));
        assertEquals(7, s.map(7));
    }

    @Test
    void imagenetHeadOnCifarIsNotAvailable() {
        AccuracyPlan.NotAvailable na = assertInstanceOf(AccuracyPlan.NotAvailable.class,
                AccuracyPlan.of(CIFAR, true, 1000, false, "deit_small", "cifar10:/d"));
        assertEquals("model deit_small has a head of 1000 classes but dataset cifar10:/d has 10 (airplane, "
                + "automobile, bird, …): a model is scored only on the classes its head was trained for (e.g. a "
                + "CIFAR-10 fine-tune with num_classes=10); latency and energy are still measured", na.reason());
    }

    @Test
    void imagenetSubsetMapsByWordNetId() {
        List<String> wnids = ImageNetClasses.wnids();
        AccuracyPlan.Score s = assertInstanceOf(AccuracyPlan.Score.class, AccuracyPlan.of(
                List.of(wnids.get(5), wnids.get(999)), true, 1000, false, "m", "folder:/d"));
        assertArrayEquals(new int[] {5, 999}, new int[] {s.map(0), s.map(1)});
        // the same two wnids on a 2-class head: dataset class i = output i
        s = assertInstanceOf(AccuracyPlan.Score.class, AccuracyPlan.of(List.of(wnids.get(5), wnids.get(999)), true,
                2, false, "m", "folder:/d"));
        assertEquals(1, s.map(1));
    }

    @Test
    void noLabelsOrSyntheticWeightsAreNotAvailable() {
        assertEquals("dataset synthetic has no labels: accuracy needs cifar10:DIR, imagenet:DIR or folder:DIR",
                ((AccuracyPlan.NotAvailable) AccuracyPlan.of(List.of(), false, 1000, true, "m", "synthetic"))
                        .reason());
        assertEquals("model deit_tiny_patch16_224 has vitwatt-built synthetic weights, so its accuracy would be "
                + "chance level: give a trained ONNX export (onnx-models/scripts/export_timm.py) to measure accuracy",
                ((AccuracyPlan.NotAvailable) AccuracyPlan.of(CIFAR, true, 10, true, "deit_tiny_patch16_224",
                        "cifar10:/d")).reason());
    }
}
