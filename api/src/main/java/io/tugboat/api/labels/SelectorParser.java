package io.tugboat.api.labels;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A small recursive-descent parser for the label selector query syntax. */
final class SelectorParser {

    private final String text;
    private int pos;

    SelectorParser(String text) {
        this.text = text;
    }

    List<Requirement> parse() {
        List<Requirement> out = new ArrayList<>();
        while (true) {
            skipSpaces();
            out.add(requirement());
            skipSpaces();
            if (pos >= text.length()) {
                return out;
            }
            expect(',');
        }
    }

    private Requirement requirement() {
        if (peek() == '!') {
            pos++;
            skipSpaces();
            return new Requirement(key(), Requirement.Operator.DOES_NOT_EXIST, Set.of());
        }
        String key = key();
        skipSpaces();
        if (pos >= text.length() || peek() == ',') {
            return new Requirement(key, Requirement.Operator.EXISTS, Set.of());
        }
        if (text.startsWith("==", pos)) {
            pos += 2;
            return new Requirement(key, Requirement.Operator.EQUALS, Set.of(value()));
        }
        if (text.startsWith("!=", pos)) {
            pos += 2;
            return new Requirement(key, Requirement.Operator.NOT_EQUALS, Set.of(value()));
        }
        char c = peek();
        if (c == '=') {
            pos++;
            return new Requirement(key, Requirement.Operator.EQUALS, Set.of(value()));
        }
        if (c == '>' || c == '<') {
            pos++;
            String v = value();
            try {
                Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw fail("for 'Gt', 'Lt' operators, the value must be an integer");
            }
            return new Requirement(key, c == '>' ? Requirement.Operator.GREATER_THAN : Requirement.Operator.LESS_THAN, Set.of(v));
        }
        if (word("notin")) {
            return new Requirement(key, Requirement.Operator.NOT_IN, set());
        }
        if (word("in")) {
            return new Requirement(key, Requirement.Operator.IN, set());
        }
        throw fail("found '" + rest() + "', expected: in, notin, =, ==, !=, gt, lt");
    }

    private Set<String> set() {
        skipSpaces();
        expect('(');
        Set<String> values = new LinkedHashSet<>();
        while (true) {
            skipSpaces();
            values.add(token());
            skipSpaces();
            if (peek() == ')') {
                pos++;
                return values;
            }
            expect(',');
        }
    }

    private boolean word(String w) {
        if (text.startsWith(w, pos) && (pos + w.length() < text.length())
                && (text.charAt(pos + w.length()) == ' ' || text.charAt(pos + w.length()) == '(')) {
            pos += w.length();
            return true;
        }
        return false;
    }

    private String key() {
        String k = token();
        if (k.isEmpty()) {
            throw fail("found '" + rest() + "', expected: identifier");
        }
        return k;
    }

    private String value() {
        skipSpaces();
        return token();
    }

    private String token() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ',' || c == '=' || c == '!' || c == '(' || c == ')' || c == ' ' || c == '<' || c == '>') {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw fail("found '" + rest() + "', expected: '" + c + "'");
        }
        pos++;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private String rest() {
        return pos >= text.length() ? "" : text.substring(pos);
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException("unable to parse requirement: " + why);
    }
}
