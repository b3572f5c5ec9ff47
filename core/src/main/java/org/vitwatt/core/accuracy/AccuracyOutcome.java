package org.vitwatt.core.accuracy;

import java.util.Optional;

/**
 * What accuracy measurement gave: a result, or "n/a" with the reason (never a made-up number).
 *
 * @param result       the scores, when available
 * @param notAvailable why there is no result, when there is none
 */
public record AccuracyOutcome(Optional<AccuracyResult> result, Optional<String> notAvailable) {
    public AccuracyOutcome {
        if (result.isPresent() == notAvailable.isPresent()) {
            throw new IllegalArgumentException("exactly one of result and reason");
        }
    }

    public static AccuracyOutcome of(AccuracyResult r) {
        return new AccuracyOutcome(Optional.of(r), Optional.empty());
    }

    public static AccuracyOutcome notAvailable(String reason) {
        return new AccuracyOutcome(Optional.empty(), Optional.of(reason));
    }

    public boolean available() {
        return result.isPresent();
    }

    @Override
    public String toString() {
        return result.map(AccuracyResult::toString).orElseGet(() -> "n/a: " + notAvailable.get());
    }
}
