package io.tugboat.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.api.errors.StatusCause;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CronJobValidationTest {

    private final ResourceType cronJobs = ResourceTypes.builtIn().byPlural(new GroupVersion("batch", "v1"), "cronjobs").orElseThrow();

    private List<String> problems(String name, Consumer<CronJob> change) {
        CronJob cj = new CronJobBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withSchedule("*/5 * * * *").withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
                .withRestartPolicy("OnFailure").addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build();
        change.accept(cj);
        return new ObjectValidator().validate(cronJobs, cj).stream().map(StatusCause::describe).toList();
    }

    @Test
    void aSoundCronJobPasses() {
        assertThat(problems("tick", cj -> cj.getSpec().setTimeZone("Europe/Berlin"))).isEmpty();
    }

    @Test
    void kubeRulesThatNeedNoCronParser() {
        assertThat(problems("a".repeat(53), cj -> { })).containsExactly(
                "metadata.name: Invalid value: \"" + "a".repeat(53) + "\": must be no more than 52 characters");
        assertThat(problems("tick", cj -> cj.getSpec().setSchedule("TZ=UTC 0 * * * *"))).containsExactly(
                "spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        assertThat(problems("tick", cj -> cj.getSpec().setTimeZone("Mars/Olympus"))).containsExactly(
                "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus");
        assertThat(problems("tick", cj -> cj.getSpec().setTimeZone("Local"))).hasSize(1);
        assertThat(problems("tick", cj -> cj.getSpec().setConcurrencyPolicy("Sometimes"))).singleElement().asString()
                .startsWith("spec.concurrencyPolicy: Unsupported value: \"Sometimes\"");
        assertThat(problems("tick", cj -> {
            cj.getSpec().setStartingDeadlineSeconds(-1L);
            cj.getSpec().setSuccessfulJobsHistoryLimit(-2);
        })).containsExactly("spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
                "spec.successfulJobsHistoryLimit: Invalid value: -2: must be greater than or equal to 0");
    }
}
