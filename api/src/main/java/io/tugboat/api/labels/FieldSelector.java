package io.tugboat.api.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed field selector ({@code metadata.name=x,status.phase!=Running}). Which fields exist depends
 * on the kind; {@link #requireFields} rejects others with the message Kubernetes gives.
 */
public record FieldSelector(List<Term> terms) {

    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    public record Term(String field, boolean equal, String value) {
    }

    public FieldSelector {
        terms = List.copyOf(terms);
    }

    public static FieldSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int ne = p.indexOf("!=");
            int eqeq = p.indexOf("==");
            int eq = p.indexOf('=');
            if (ne > 0) {
                terms.add(new Term(p.substring(0, ne).trim(), false, p.substring(ne + 2).trim()));
            } else if (eqeq > 0) {
                terms.add(new Term(p.substring(0, eqeq).trim(), true, p.substring(eqeq + 2).trim()));
            } else if (eq > 0) {
                terms.add(new Term(p.substring(0, eq).trim(), true, p.substring(eq + 1).trim()));
            } else {
                throw new IllegalArgumentException("invalid selector: '" + text + "'; can't understand '" + p + "'");
            }
        }
        return new FieldSelector(terms);
    }

    public void requireFields(Set<String> supported, String kind) {
        for (Term t : terms) {
            if (!supported.contains(t.field())) {
                throw new IllegalArgumentException("field label not supported: " + t.field());
            }
        }
    }

    /** {@code fields} holds each selectable field's value for one object (absent = empty string). */
    public boolean matches(Map<String, String> fields) {
        for (Term t : terms) {
            String v = fields.getOrDefault(t.field(), "");
            if (t.equal() != v.equals(t.value())) {
                return false;
            }
        }
        return true;
    }

    /** The value a term pins the field to, for narrowing a store read (e.g. metadata.name=x). */
    public String exactValue(String field) {
        for (Term t : terms) {
            if (t.equal() && t.field().equals(field)) {
                return t.value();
            }
        }
        return null;
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }
}
