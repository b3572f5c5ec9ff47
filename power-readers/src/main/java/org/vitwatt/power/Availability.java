package org.vitwatt.power;

import java.util.List;

/**
 * Whether a reader can measure on this machine with the given options, and if not, why.
 *
 * @param available whether {@link PowerReader#open(PowerOptions)} is expected to succeed
 * @param reason    a one-line human reason when not available (what is missing and how to fix it); a short summary
 *                  of what was found when available
 * @param channels  the channel names found (all of them, before any {@code rails=} selection); empty when unknown
 */
public record Availability(boolean available, String reason, List<String> channels) {
    public Availability {
        channels = List.copyOf(channels);
    }

    public static Availability yes(String summary, List<String> channels) {
        return new Availability(true, summary, channels);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason, List.of());
    }
}
