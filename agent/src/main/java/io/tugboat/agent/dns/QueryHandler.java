package io.tugboat.agent.dns;

import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query into its answer: names in the cluster domain from the zone, reverse names of cluster addresses
 * from the catalog, everything else from the upstream resolvers. Safe to call from many threads at once.
 */
final class QueryHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);
    /** How many aliases in a row an answer follows, as resolvers bound CNAME chains. */
    private static final int MAX_ALIASES = 8;
    private static final Name IN_ADDR_ARPA = Name.fromConstantString("in-addr.arpa.");
    private static final Name IP6_ARPA = Name.fromConstantString("ip6.arpa.");

    private final ClusterZone zone;
    private final ReverseLookup reverse;
    private final UpstreamForwarder upstreams;

    QueryHandler(ClusterZone zone, ReverseLookup reverse, UpstreamForwarder upstreams) {
        this.zone = zone;
        this.reverse = reverse;
        this.upstreams = upstreams;
    }

    /**
     * The answer to the packet {@code request}, ready to send and no larger than {@code transport} allows
     * (truncated with TC set otherwise); empty for what must not be answered: garbage and messages that are
     * themselves answers.
     */
    Optional<byte[]> respond(byte[] request, Transport transport, SocketAddress client) {
        Message query;
        try {
            query = new Message(request);
        } catch (Exception e) { // dnsjava throws more than WireParseException on some garbage
            LOG.debug("dropping a malformed {} packet from {}: {}", transport, client, e.toString());
            return Optional.empty();
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            LOG.debug("dropping a {} response from {}", transport, client);
            return Optional.empty();
        }
        Message response = answer(query);
        LOG.debug("{} {} from {}: {}, {} answers", transport, describe(query), client,
                Rcode.string(response.getRcode()), response.getSection(Section.ANSWER).size());
        return Optional.of(response.toWire(transport.responseLimit(query)));
    }

    /** The answer to {@code query}, whatever the query; a failure while answering is SERVFAIL. */
    Message answer(Message query) {
        Message response = skeleton(query);
        try {
            fill(query, response);
        } catch (RuntimeException e) {
            LOG.warn("failed to answer {}", describe(query), e);
            response = skeleton(query);
            response.getHeader().setRcode(Rcode.SERVFAIL);
        }
        return response;
    }

    private void fill(Message query, Message response) {
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return;
        }
        // dnsjava reads a message with TC set leniently, dropping what does not parse; a query is never truncated
        if (query.getHeader().getFlag(Flags.TC) || query.getSection(Section.QUESTION).size() != 1) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return;
        }
        Record question = query.getQuestion();
        Name qname = question.getName();
        int qtype = question.getType();
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            response.getHeader().setRcode(Rcode.REFUSED); // the zone is computed, not stored: nothing to transfer
        } else if (zone.contains(qname)) {
            answerFromZone(question, response);
        } else if (isReverse(qname) && (qtype == Type.PTR || qtype == Type.ANY) && fromCatalog(qname, response)) {
            response.getHeader().setFlag(Flags.AA);
        } else {
            forward(query, response);
        }
    }

    /** Our answer's header and question; the EDNS record when the client spoke EDNS (RFC 6891 7). */
    private Message skeleton(Message query) {
        Header asked = query.getHeader();
        Message response = new Message(asked.getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(asked.getOpcode());
        if (asked.getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        if (upstreams.hasUpstreams()) {
            header.setFlag(Flags.RA);
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() == 1) {
            response.addRecord(questions.getFirst(), Section.QUESTION);
        }
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(Transport.MAX_UDP_SIZE, 0, 0), Section.ADDITIONAL);
        }
        return response;
    }

    private void answerFromZone(Record question, Message response) {
        int qclass = question.getDClass();
        if (qclass != DClass.IN && qclass != DClass.ANY) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return;
        }
        response.getHeader().setFlag(Flags.AA);
        int qtype = question.getType();
        Name name = question.getName();
        // an ExternalName service is an alias: go on to what it names, in the zone or upstream, as a recursive
        // server must for a stub resolver that will not follow the CNAME itself
        for (int aliases = 0; ; aliases++) {
            ZoneAnswer answer = zone.answer(name, qtype);
            answer.answers().forEach(r -> response.addRecord(r, Section.ANSWER));
            answer.additional().forEach(r -> response.addRecord(r, Section.ADDITIONAL));
            Optional<Name> target = answer.aliasTarget(qtype);
            if (target.isEmpty() || aliases == MAX_ALIASES) {
                response.getHeader().setRcode(answer.rcode());
                answer.authority().forEach(r -> response.addRecord(r, Section.AUTHORITY));
                return;
            }
            name = target.get();
            if (!zone.contains(name)) {
                followUpstream(name, qtype, response);
                return;
            }
        }
    }

    /** Adds what the upstreams say of {@code name}; without an answer the client has the alias and can ask on. */
    private void followUpstream(Name name, int qtype, Message response) {
        Message query = Message.newQuery(Record.newRecord(name, qtype, DClass.IN));
        upstreams.forward(query).ifPresent(answer -> {
            answer.getSection(Section.ANSWER).forEach(r -> response.addRecord(r, Section.ANSWER));
            if (answer.getRcode() == Rcode.NXDOMAIN) {
                response.getHeader().setRcode(Rcode.NXDOMAIN); // the rcode speaks of the chain's last name (RFC 6604)
            }
        });
    }

    private boolean fromCatalog(Name qname, Message response) {
        List<Record> ptrs = reverse.ptr(qname);
        ptrs.forEach(r -> response.addRecord(r, Section.ANSWER));
        return !ptrs.isEmpty();
    }

    private static String describe(Message query) {
        Record question = query.getQuestion();
        return question == null ? "(no question)" : question.getName() + " " + Type.string(question.getType());
    }

    private static boolean isReverse(Name qname) {
        return qname.subdomain(IN_ADDR_ARPA) || qname.subdomain(IP6_ARPA);
    }

    /** Copies the upstream's answer into {@code response}, keeping our own EDNS record; SERVFAIL when none came. */
    private void forward(Message query, Message response) {
        if (!upstreams.hasUpstreams()) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return;
        }
        Optional<Message> answer = upstreams.forward(query);
        if (answer.isEmpty()) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return;
        }
        // the rest of our header stands: this server is not the authority (AA) and does recurse (RA) for the client
        Header theirs = answer.get().getHeader();
        response.getHeader().setRcode(theirs.getRcode());
        if (theirs.getFlag(Flags.AD)) {
            response.getHeader().setFlag(Flags.AD);
        }
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            answer.get().getSection(section).stream()
                    .filter(r -> r.getType() != Type.OPT)
                    .forEach(r -> response.addRecord(r, section));
        }
    }
}
