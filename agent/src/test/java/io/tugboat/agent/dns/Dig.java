package io.tugboat.agent.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Queries a server as a client would, with dnsjava's SimpleResolver. */
final class Dig {

    private Dig() {
    }

    static Message ask(InetSocketAddress server, boolean tcp, String name, int type) throws IOException {
        return ask(server, name, type, resolver -> resolver.setTCP(tcp));
    }

    static Message ask(InetSocketAddress server, String name, int type, Consumer<SimpleResolver> setup)
            throws IOException {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(Duration.ofSeconds(5));
        setup.accept(resolver);
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    /** The records of {@code section} as their owner, type and data, e.g. "web.default.svc.cluster.local. A 10.96.0.10". */
    static List<String> records(Message message, int section) {
        return message.getSection(section).stream()
                .map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
                .toList();
    }

    /** The data of the answers, e.g. "10.96.0.10". */
    static List<String> answers(Message message) {
        return message.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
    }
}
