package io.tugboat.apiserver.services;

/** An inclusive range of port numbers, such as the node port range 30000-32767. */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("not a port range: " + first + "-" + last);
        }
    }

    public static PortRange parse(String text) {
        int dash = text.indexOf('-');
        try {
            if (dash > 0) {
                return new PortRange(Integer.parseInt(text.substring(0, dash).trim()), Integer.parseInt(text.substring(dash + 1).trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the one message
        }
        throw new IllegalArgumentException("not a port range (first-last): " + text);
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public int size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
