package io.tugboat.client.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    @Test
    void aKeyAddedTwiceWaitsOnce() throws Exception {
        WorkQueue<String> queue = WorkQueue.withDefaultBackoff();
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(queue.length()).isEqualTo(2);
        assertThat(queue.take()).contains("a");
        assertThat(queue.take()).contains("b");
    }

    @Test
    void aKeyAddedWhileProcessingComesBackOnlyAfterDone() throws Exception {
        WorkQueue<String> queue = WorkQueue.withDefaultBackoff();
        queue.add("a");
        assertThat(queue.take()).contains("a");
        queue.add("a");
        assertThat(queue.length()).as("not handed to a second worker").isZero();
        queue.done("a");
        assertThat(queue.length()).isEqualTo(1);
        assertThat(queue.take()).contains("a");
    }

    @Test
    void delayedAddsBecomeReadyInDueOrder() throws Exception {
        WorkQueue<String> queue = WorkQueue.withDefaultBackoff();
        queue.addAfter("late", Duration.ofMillis(120));
        queue.addAfter("early", Duration.ofMillis(30));
        long start = System.nanoTime();
        assertThat(queue.take()).contains("early");
        assertThat(queue.take()).contains("late");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aKeyWaitsOnceWithItsEarliestDelay() throws Exception {
        WorkQueue<String> queue = WorkQueue.withDefaultBackoff();
        queue.addAfter("a", Duration.ofSeconds(30));
        queue.addAfter("a", Duration.ofMillis(20));
        queue.addAfter("a", Duration.ofSeconds(10));
        assertThat(queue.take()).contains("a");
        queue.done("a");
        queue.shutDown();
        assertThat(queue.take()).as("the later delayed adds were folded into the earliest").isEmpty();
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5));
        assertThat(List.of(backoff.delay(1), backoff.delay(2), backoff.delay(3), backoff.delay(6), backoff.delay(60)))
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                        Duration.ofMinutes(5), Duration.ofMinutes(5));
    }

    @Test
    void workersRetryFailuresAndNeverRunOneKeyConcurrently() throws Exception {
        WorkQueue<String> queue = new WorkQueue<>(new Backoff(Duration.ofMillis(1), Duration.ofMillis(10)),
                java.time.Clock.systemUTC());
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        List<Integer> overlaps = new CopyOnWriteArrayList<>();
        try (QueueWorkers<String> workers = new QueueWorkers<>("test", queue, key -> {
            overlaps.add(inFlight.incrementAndGet());
            try {
                Thread.sleep(2);
                if (attempts.incrementAndGet() < 4) {
                    throw new IllegalStateException("not yet");
                }
                return Optional.empty();
            } finally {
                inFlight.decrementAndGet();
            }
        }).start(4)) {
            for (int i = 0; i < 20; i++) {
                queue.add("k");
            }
            assertThat(queue.awaitIdle(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(attempts.get()).isGreaterThanOrEqualTo(4);
        assertThat(overlaps).allMatch(n -> n == 1);
        assertThat(queue.take()).as("a shut-down queue hands out nothing").isEmpty();
    }
}
