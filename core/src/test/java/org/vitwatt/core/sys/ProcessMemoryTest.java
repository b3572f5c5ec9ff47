package org.vitwatt.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {
    @Test
    void readsKilobyteFieldsOfProcStatus(@TempDir Path dir) throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t 1024 kB\n");
        assertEquals(204800L * 1024, ProcessMemory.statusField(status, "VmHWM:").getAsLong());
        assertEquals(1024L * 1024, ProcessMemory.statusField(status, "VmRSS:").getAsLong());
        assertTrue(ProcessMemory.statusField(status, "VmSwap:").isEmpty());
        assertTrue(ProcessMemory.statusField(dir.resolve("none"), "VmHWM:").isEmpty());
    }

    @Test
    void thisProcessHasAPeak() {
        if (Files.exists(Path.of("/proc/self/status"))) {
            long now = ProcessMemory.residentBytes().getAsLong();
            assertTrue(ProcessMemory.peakResidentBytes().getAsLong() >= now, "the peak is read after the current");
        }
    }
}
