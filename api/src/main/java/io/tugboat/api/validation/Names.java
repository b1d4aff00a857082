package io.tugboat.api.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/** The name, label and annotation rules of Kubernetes, with the messages it gives. */
public final class Names {

    private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1123_LABEL_RE = Pattern.compile(DNS1123_LABEL);
    private static final String DNS1123_SUBDOMAIN = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
    private static final Pattern DNS1123_SUBDOMAIN_RE = Pattern.compile(DNS1123_SUBDOMAIN);
    private static final String DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1035_LABEL_RE = Pattern.compile(DNS1035_LABEL);
    private static final String QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern QUALIFIED_NAME_RE = Pattern.compile(QUALIFIED_NAME);
    private static final Pattern LABEL_VALUE_RE = Pattern.compile("(" + QUALIFIED_NAME + ")?");

    private Names() {
    }

    /** Most object names: a lowercase RFC 1123 subdomain of at most 253 characters. */
    public static Optional<String> checkSubdomain(String value) {
        if (value.length() > 253) {
            return Optional.of("must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN_RE.matcher(value).matches()) {
            return Optional.of("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '"
                    + DNS1123_SUBDOMAIN + "')");
        }
        return Optional.empty();
    }

    /** Namespace names and container names: a lowercase RFC 1123 label of at most 63 characters. */
    public static Optional<String> checkLabel(String value) {
        if (value.length() > 63) {
            return Optional.of("must be no more than 63 characters");
        }
        if (!DNS1123_LABEL_RE.matcher(value).matches()) {
            return Optional.of("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                    + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '"
                    + DNS1123_LABEL + "')");
        }
        return Optional.empty();
    }

    /** Service names: an RFC 1035 label (must start with a letter). */
    public static Optional<String> checkDns1035Label(String value) {
        if (value.length() > 63) {
            return Optional.of("must be no more than 63 characters");
        }
        if (!DNS1035_LABEL_RE.matcher(value).matches()) {
            return Optional.of("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                    + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '"
                    + DNS1035_LABEL + "')");
        }
        return Optional.empty();
    }

    /** Label and annotation keys: an optional DNS subdomain prefix and a slash, then a name of at most 63 characters. */
    public static Optional<String> checkQualifiedName(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()) {
                return Optional.of("prefix part must be non-empty");
            }
            Optional<String> p = checkSubdomain(prefix);
            if (p.isPresent()) {
                return Optional.of("prefix part " + p.get());
            }
            if (name.indexOf('/') >= 0) {
                return Optional.of("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and "
                        + "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '"
                        + QUALIFIED_NAME + "') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            }
        }
        if (name.isEmpty()) {
            return Optional.of("name part must be non-empty");
        }
        if (name.length() > 63) {
            return Optional.of("name part must be no more than 63 characters");
        }
        if (!QUALIFIED_NAME_RE.matcher(name).matches()) {
            return Optional.of("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                    + "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '"
                    + QUALIFIED_NAME + "')");
        }
        return Optional.empty();
    }

    public static Optional<String> checkLabelValue(String value) {
        if (value.length() > 63) {
            return Optional.of("must be no more than 63 characters");
        }
        if (!LABEL_VALUE_RE.matcher(value).matches()) {
            return Optional.of("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
                    + "regex used for validation is '(" + QUALIFIED_NAME + ")?')");
        }
        return Optional.empty();
    }
}
