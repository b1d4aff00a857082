package io.tugboat.agent.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/** Makes the cluster zone's names and records, all with the zone's TTL. */
final class ZoneRecords {

    /** The version of the Kubernetes DNS schema served, as {@code dns-version.<zone>} tells. */
    static final String SCHEMA_VERSION = "1.1.0";
    /** RFC 2782 leaves these to the server; CoreDNS's kubernetes plugin uses the same. */
    private static final int SRV_PRIORITY = 0;
    private static final int SRV_WEIGHT = 100;

    private final Name zone;
    private final long ttl;
    private final SOARecord soa;

    ZoneRecords(Name zone, long ttlSeconds, long serial) {
        this.zone = zone;
        this.ttl = ttlSeconds;
        // the numbers are CoreDNS's; nothing transfers this zone, so only the minimum (negative TTL) matters
        this.soa = new SOARecord(zone, DClass.IN, ttl, name("ns.dns", zone), name("hostmaster", zone), serial,
                7200, 1800, 86400, ttl);
    }

    Name zone() {
        return zone;
    }

    /** {@code <service>.<namespace>.svc.<zone>} */
    Name service(String namespace, String service) {
        return name(service + "." + namespace + ".svc", zone);
    }

    /** {@code <hostname>.<service>.<namespace>.svc.<zone>} */
    Name endpoint(String namespace, String service, String hostname) {
        return name(hostname, service(namespace, service));
    }

    Record address(Name owner, InetAddress address) {
        return address instanceof Inet4Address
                ? new ARecord(owner, DClass.IN, ttl, address)
                : new AAAARecord(owner, DClass.IN, ttl, address);
    }

    Record cname(Name owner, Name target) {
        return new CNAMERecord(owner, DClass.IN, ttl, target);
    }

    Record srv(Name owner, int port, Name target) {
        return new SRVRecord(owner, DClass.IN, ttl, SRV_PRIORITY, SRV_WEIGHT, port, target);
    }

    Record ptr(Name owner, Name target) {
        return new PTRRecord(owner, DClass.IN, ttl, target);
    }

    Record txt(Name owner, String text) {
        return new TXTRecord(owner, DClass.IN, ttl, text);
    }

    /** The zone's SOA, for the apex and for the authority section of negative answers (RFC 2308). */
    SOARecord soa() {
        return soa;
    }

    /** {@code text} under {@code origin} (or absolute when it ends with a dot); a bad name is an argument error. */
    static Name name(String text, Name origin) {
        try {
            return Name.fromString(text, origin);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + text, e);
        }
    }
}
