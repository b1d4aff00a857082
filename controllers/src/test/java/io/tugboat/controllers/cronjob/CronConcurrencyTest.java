package io.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CronConcurrencyTest {

    @Test
    void withNothingActiveEveryPolicyStarts() {
        for (String policy : new String[] {"Allow", "Forbid", "Replace", null}) {
            assertThat(Concurrency.decide(policy, 0)).as(policy).isEqualTo(Concurrency.START);
        }
    }

    @Test
    void allowStartsBesideActiveJobs() {
        assertThat(Concurrency.decide("Allow", 2)).isEqualTo(Concurrency.START);
        assertThat(Concurrency.decide(null, 1)).isEqualTo(Concurrency.START);
    }

    @Test
    void forbidSkipsWhileAJobIsActive() {
        assertThat(Concurrency.decide("Forbid", 1)).isEqualTo(Concurrency.SKIP);
    }

    @Test
    void replaceDeletesTheActiveJobsFirst() {
        assertThat(Concurrency.decide("Replace", 1)).isEqualTo(Concurrency.REPLACE_ACTIVE);
    }
}
