package io.tugboat.apiserver.services;

/** An IPv4 CIDR block such as 10.43.0.0/16, with addresses numbered by their offset from its network address. */
public record Ipv4Range(int network, int prefixLength) {

    public Ipv4Range {
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("a service range needs a prefix between /8 and /30, got /" + prefixLength);
        }
        int mask = mask(prefixLength);
        if ((network & mask) != network) {
            throw new IllegalArgumentException(format(network) + "/" + prefixLength + " has host bits set");
        }
    }

    /** Parses {@code a.b.c.d/n}; an {@link IllegalArgumentException} says what is wrong. */
    public static Ipv4Range parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR block (a.b.c.d/n): " + cidr);
        }
        Integer address = parseAddress(cidr.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IPv4 address: " + cidr.substring(0, slash));
        }
        try {
            return new Ipv4Range(address, Integer.parseInt(cidr.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length: " + cidr.substring(slash + 1));
        }
    }

    /** The address as an int, or null if {@code text} is not a dotted-quad IPv4 address. */
    public static Integer parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** How many addresses the block holds, network and broadcast addresses included. */
    public int size() {
        return 1 << (32 - prefixLength);
    }

    /** The offset of {@code address} in the block, or -1 if it is outside. */
    public int offsetOf(int address) {
        return (address & mask(prefixLength)) == network ? address - network : -1;
    }

    public String addressAt(int offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        }
        return format(network + offset);
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }
}
