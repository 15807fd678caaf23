package io.calibrax.micrometer;

import java.time.Duration;
import java.util.BitSet;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One snapshot of a monitor's state shared by the meters of one scrape, so that a scrape of a
 * thousand pipelines takes one health report rather than one per meter. Each registry has its own.
 *
 * <p>Each meter reads through its own reader number, and gets a fresh snapshot when any of these
 * holds: it read the current one already (so this is a new scrape), the current one is older than
 * the maximum age (a scrape that read only some meters, long ago), or it lacks the reader's key
 * (a pipeline that appeared after it was taken). So a meter's value is never older than its
 * previous reading nor than the maximum age, and the meters of one scrape agree with each other.
 *
 * <p>Thread-safe: readers are served one at a time.
 *
 * @param <T> the snapshot's type
 */
final class ScrapeSnapshot<T> {
    /** Longer than one scrape of a thousand pipelines takes, short enough to be "now" for a scrape. */
    static final Duration MAX_AGE = Duration.ofMillis(100);

    private final Supplier<T> source;
    private final LongSupplier nanoClock;
    private final long maxAgeNanos;
    private final BitSet readers = new BitSet();
    private T current;
    private long takenAt;

    ScrapeSnapshot(Supplier<T> source) {
        this(source, MAX_AGE, System::nanoTime);
    }

    ScrapeSnapshot(Supplier<T> source, Duration maxAge, LongSupplier nanoClock) {
        this.source = Objects.requireNonNull(source, "source");
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** The snapshot for {@code reader}: the current one, or a fresh one (see the class comment). */
    synchronized T read(int reader, Predicate<? super T> complete) {
        long now = nanoClock.getAsLong();
        if (current == null || readers.get(reader) || now - takenAt > maxAgeNanos || !complete.test(current)) {
            current = source.get();
            takenAt = now;
            readers.clear();
        }
        readers.set(reader);
        return current;
    }
}
