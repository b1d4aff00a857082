package io.tugboat.api.validation;

import io.tugboat.api.errors.StatusCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects the field errors of one object while validators walk it. */
public final class Causes {

    private final List<StatusCause> causes = new ArrayList<>();

    public void add(StatusCause cause) {
        causes.add(cause);
    }

    public void required(String field) {
        causes.add(StatusCause.required(field));
    }

    public void invalid(String field, Object value, String detail) {
        causes.add(StatusCause.invalid(field, value, detail));
    }

    public void check(String field, Object value, Optional<String> problem) {
        problem.ifPresent(p -> invalid(field, value, p));
    }

    public boolean isEmpty() {
        return causes.isEmpty();
    }

    public List<StatusCause> list() {
        return List.copyOf(causes);
    }
}
