package org.vitwatt.power;

import java.nio.file.Path;
import org.vitwatt.power.clocks.ClockControl;
import org.vitwatt.power.clocks.ClockRequest;

/**
 * A process that locks the clocks of a fake tree and then waits to be killed: {@code ClockHolder SYS LEDGER GPU_MHZ}.
 * It prints {@code locked} once the change is made.
 */
public final class ClockHolder {
    private ClockHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        ClockControl control = new ClockControl(Path.of(args[0]), "libnvidia-ml-absent.so.1", Path.of(args[1]));
        control.apply(ClockRequest.parse("gpuClock", args[2]), ClockRequest.DEFAULT, 0);
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
