package io.tugboat.agent.dns;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The cluster zone's answer to one name and type: the rcode and the records of each section. */
record ZoneAnswer(int rcode, List<Record> answers, List<Record> authority, List<Record> additional) {

    ZoneAnswer {
        answers = List.copyOf(answers);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    static ZoneAnswer of(List<Record> answers, List<Record> additional) {
        return new ZoneAnswer(Rcode.NOERROR, answers, List.of(), additional);
    }

    /** The name exists but has no records of the type asked (NODATA): NOERROR, the SOA for negative caching. */
    static ZoneAnswer noData(Record soa) {
        return new ZoneAnswer(Rcode.NOERROR, List.of(), List.of(soa), List.of());
    }

    static ZoneAnswer nxDomain(Record soa) {
        return new ZoneAnswer(Rcode.NXDOMAIN, List.of(), List.of(soa), List.of());
    }

    /** Where an answer that is only an alias points, when a resolver must go on to {@code type} records there. */
    Optional<Name> aliasTarget(int type) {
        if (type == Type.CNAME || type == Type.ANY || answers.isEmpty()
                || !(answers.getLast() instanceof CNAMERecord cname)) {
            return Optional.empty();
        }
        return Optional.of(cname.getTarget());
    }
}
