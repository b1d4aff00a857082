package io.tugboat.agent.pods;

import java.util.Map;

/**
 * Kubernetes' $(VAR) expansion in env values, command and args: $(NAME) is replaced when NAME is defined,
 * left as written when it is not, and $$ escapes a dollar.
 */
final class VarExpansion {

    private VarExpansion() {
    }

    static String expand(String input, Map<String, String> vars) {
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c == '$' && i + 1 < input.length()) {
                char next = input.charAt(i + 1);
                if (next == '$') {
                    out.append('$');
                    i += 2;
                    continue;
                }
                if (next == '(') {
                    int close = input.indexOf(')', i + 2);
                    if (close > 0) {
                        String name = input.substring(i + 2, close);
                        String value = vars.get(name);
                        out.append(value != null ? value : input.substring(i, close + 1));
                        i = close + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
