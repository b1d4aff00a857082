package io.tugboat.apiserver.streams;

import io.tugboat.api.errors.StatusCause;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The options of a pods/log request (Kubernetes' PodLogOptions), parsed and validated as Kubernetes does. */
record PodLogRequest(String container, boolean follow, boolean previous, boolean timestamps, OptionalLong tailLines,
        OptionalLong limitBytes, OptionalLong sinceSeconds, String sinceTime) {

    static PodLogRequest parse(HttpExchange ex, String podName) {
        String sinceTime = ex.query("sinceTime");
        if (sinceTime != null && !sinceTime.isEmpty()) {
            try {
                OffsetDateTime.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw StatusException.badRequest("invalid value for sinceTime: parsing time \"" + sinceTime
                        + "\" as RFC 3339: " + e.getMessage());
            }
        } else {
            sinceTime = null;
        }
        PodLogRequest r = new PodLogRequest(ex.query("container"), QueryValues.bool(ex, "follow"),
                QueryValues.bool(ex, "previous"), QueryValues.bool(ex, "timestamps"), QueryValues.integer(ex, "tailLines"),
                QueryValues.integer(ex, "limitBytes"), QueryValues.integer(ex, "sinceSeconds"), sinceTime);
        r.validate(podName);
        return r;
    }

    /** Kubernetes' ValidatePodLogOptions, with its messages. */
    private void validate(String podName) {
        List<StatusCause> causes = new ArrayList<>();
        if (tailLines.isPresent() && tailLines.getAsLong() < 0) {
            causes.add(StatusCause.invalid("tailLines", tailLines.getAsLong(), "must be greater than or equal to 0"));
        }
        if (limitBytes.isPresent() && limitBytes.getAsLong() < 1) {
            causes.add(StatusCause.invalid("limitBytes", limitBytes.getAsLong(), "must be greater than 0"));
        }
        if (sinceSeconds.isPresent() && sinceTime != null) {
            causes.add(StatusCause.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        } else if (sinceSeconds.isPresent() && sinceSeconds.getAsLong() < 1) {
            causes.add(StatusCause.invalid("sinceSeconds", sinceSeconds.getAsLong(), "must be greater than 0"));
        }
        if (!causes.isEmpty()) {
            throw StatusException.invalid("", "PodLogOptions", podName, causes);
        }
    }

    /** The query for the agent's /containerLogs endpoint (the container is in its path). */
    String agentQuery() {
        StringBuilder q = new StringBuilder();
        q.append("follow=").append(follow).append("&previous=").append(previous).append("&timestamps=").append(timestamps);
        tailLines.ifPresent(n -> q.append("&tailLines=").append(n));
        limitBytes.ifPresent(n -> q.append("&limitBytes=").append(n));
        sinceSeconds.ifPresent(n -> q.append("&sinceSeconds=").append(n));
        if (sinceTime != null) {
            q.append("&sinceTime=").append(QueryValues.encode(sinceTime));
        }
        return q.toString();
    }
}
