package io.tugboat.apiserver.services;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * Hands out free items of a numbered range through a {@link ClaimBook}. Random picks come from the upper
 * part of the range first, leaving the lower band to items users ask for by number (Kubernetes does the
 * same so that a chosen clusterIP rarely collides with an allocated one); a range that random picks keep
 * missing is scanned.
 */
final class RangeAllocator {

    private static final int RANDOM_TRIES = 32;

    private final ClaimBook book;
    private final int first;
    private final int last;
    private final int dynamicFrom;
    private final IntFunction<String> itemAt;

    RangeAllocator(ClaimBook book, int first, int last, int dynamicFrom, IntFunction<String> itemAt) {
        this.book = book;
        this.first = first;
        this.last = last;
        this.dynamicFrom = Math.min(Math.max(dynamicFrom, first), last);
        this.itemAt = itemAt;
    }

    /** A free item claimed for {@code owner} (only chosen, not claimed, on a dry run); empty when the range is full. */
    Optional<String> allocate(ClaimOwner owner, boolean dryRun) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < RANDOM_TRIES; i++) {
            String item = itemAt.apply(random.nextInt(dynamicFrom, last + 1));
            if (dryRun ? !book.taken(item) : book.claim(item, owner)) {
                return Optional.of(item);
            }
        }
        Set<String> taken = new HashSet<>();
        book.all().forEach(c -> taken.add(c.item()));
        for (int n = 0; n < last - first + 1; n++) {
            // the dynamic part first, then the lower band
            int number = dynamicFrom + n <= last ? dynamicFrom + n : first + (dynamicFrom + n - last - 1);
            String item = itemAt.apply(number);
            if (!taken.contains(item) && (dryRun || book.claim(item, owner))) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }
}
