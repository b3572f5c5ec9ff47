package org.vitwatt.models.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;

/** A built model in the cache is checked against the CRC32C written with it, and rebuilt when it does not match. */
class ModelStoreCacheTest {
    @TempDir
    Path cache;

    @Test
    void nanWeightsWrittenIntoTheCachedFileAreRebuiltWithOneLine() throws Exception {
        ModelStore store = new ModelStore(Catalog.standard(), List.of(), cache);
        Path file = store.resolve("deit_tiny", line -> { }).file();
        byte[] original = Files.readAllBytes(file);
        assertEquals(CacheSeal.State.INTACT, CacheSeal.check(file));
        ByteBuffer nans = ByteBuffer.allocate(16 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            nans.putFloat(Float.NaN);
        }
        nans.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(nans, original.length / 2);
        }
        assertEquals(CacheSeal.State.CORRUPT, CacheSeal.check(file));
        List<String> progress = new ArrayList<>();
        assertEquals(file, store.resolve("deit_tiny", progress::add).file());
        assertEquals("cached " + file + " does not match the CRC32C written with it (damaged or edited): rebuilding it",
                progress.get(0));
        assertArrayEquals(original, Files.readAllBytes(file), "the same bytes as the first build");
        progress.clear();
        store.resolve("deit_tiny", progress::add);
        assertTrue(progress.isEmpty(), "intact: reused silently " + progress);
    }

    @Test
    void aCachedFileWithoutItsCheckIsRebuilt() throws Exception {
        ModelStore store = new ModelStore(Catalog.standard(), List.of(), cache);
        Path file = store.resolve("deit_tiny", line -> { }).file();
        Files.delete(CacheSeal.sealOf(file));
        List<String> progress = new ArrayList<>();
        store.resolve("deit_tiny", progress::add);
        assertEquals("cached " + file + " has no content check (" + file.getFileName() + ".crc32c): rebuilding it",
                progress.get(0));
        assertEquals(CacheSeal.State.INTACT, CacheSeal.check(file));
    }

    @Test
    void aDirectoryGivenAsTheModelSaysWhatToGiveInstead() throws Exception {
        Path dir = Files.createDirectories(cache.resolve("exports"));
        ModelStore store = new ModelStore(Catalog.standard(), List.of(), cache);
        VitwattException e = assertThrows(VitwattException.class, () -> store.resolve(dir.toString(), line -> { }));
        assertEquals("-p model=" + dir + " is a directory: give the .onnx file itself, or run with -Dvitwatt.models="
                + dir + " and -p model=NAME to use " + dir.resolve("NAME.onnx"), e.getMessage());
    }
}
