package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.tugboat.runtime.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The /etc/hosts and /etc/resolv.conf the kubelet writes for each pod with its own network, mounted over
 * the host's in every container: the pod's name on its IP, and cluster DNS first with the namespace's search
 * domains and ndots:5 (dnsPolicy ClusterFirst), the host's resolvers (Default), or only the pod's dnsConfig
 * (None).
 */
final class PodEtcFiles {

    private final PodDnsSettings dns;

    PodEtcFiles(PodDnsSettings dns) {
        this.dns = dns;
    }

    List<Mount> write(Path podDir, Pod pod, String podIp, String hostname) throws IOException {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount(writeIfChanged(podDir.resolve("etc-hosts"), hosts(podIp, hostname)), "/etc/hosts", true));
        mounts.add(new Mount(writeIfChanged(podDir.resolve("resolv.conf"), resolvConf(pod)), "/etc/resolv.conf", true));
        return mounts;
    }

    private static String hosts(String podIp, String hostname) {
        return "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                + podIp + "\t" + hostname + "\n";
    }

    String resolvConf(Pod pod) throws IOException {
        String policy = pod.getSpec().getDnsPolicy() == null ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
        List<String> nameservers = new ArrayList<>();
        Set<String> searches = new LinkedHashSet<>();
        Map<String, String> options = new LinkedHashMap<>();
        HostResolv host = HostResolv.read(dns.hostResolvConf());
        switch (policy) {
            case "None" -> { }
            case "Default" -> {
                nameservers.addAll(host.nameservers());
                searches.addAll(host.searches());
                options.putAll(host.options());
            }
            default -> {
                String ns = pod.getMetadata().getNamespace();
                nameservers.add(dns.nameserver());
                searches.add(ns + ".svc." + dns.clusterDomain());
                searches.add("svc." + dns.clusterDomain());
                searches.add(dns.clusterDomain());
                searches.addAll(host.searches());
                options.put("ndots", "5");
            }
        }
        PodDNSConfig config = pod.getSpec().getDnsConfig();
        if (config != null) {
            if (config.getNameservers() != null) {
                config.getNameservers().stream().filter(n -> !nameservers.contains(n)).forEach(nameservers::add);
            }
            if (config.getSearches() != null) {
                searches.addAll(config.getSearches());
            }
            if (config.getOptions() != null) {
                for (PodDNSConfigOption o : config.getOptions()) {
                    options.put(o.getName(), o.getValue());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        if (!searches.isEmpty()) {
            out.append("search ").append(String.join(" ", searches.stream().limit(32).toList())).append('\n');
        }
        nameservers.stream().limit(3).forEach(n -> out.append("nameserver ").append(n).append('\n'));
        if (!options.isEmpty()) {
            out.append("options ").append(String.join(" ", options.entrySet().stream()
                    .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + ":" + e.getValue()).toList())).append('\n');
        }
        return out.toString();
    }

    private static Path writeIfChanged(Path file, String content) throws IOException {
        if (!Files.exists(file) || !Files.readString(file).equals(content)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        }
        return file;
    }

    /** The host's resolv.conf, as far as a pod inherits it. */
    private record HostResolv(List<String> nameservers, List<String> searches, Map<String, String> options) {
        static HostResolv read(Path file) throws IOException {
            List<String> nameservers = new ArrayList<>();
            List<String> searches = new ArrayList<>();
            Map<String, String> options = new LinkedHashMap<>();
            if (!Files.exists(file)) {
                return new HostResolv(nameservers, searches, options);
            }
            for (String line : Files.readAllLines(file)) {
                String[] words = line.trim().split("\\s+");
                if (words.length < 2 || words[0].startsWith("#") || words[0].startsWith(";")) {
                    continue;
                }
                switch (words[0]) {
                    case "nameserver" -> nameservers.add(words[1]);
                    case "search", "domain" -> searches.addAll(List.of(words).subList(1, words.length));
                    case "options" -> {
                        for (String o : List.of(words).subList(1, words.length)) {
                            int colon = o.indexOf(':');
                            options.put(colon < 0 ? o : o.substring(0, colon), colon < 0 ? null : o.substring(colon + 1));
                        }
                    }
                    default -> { }
                }
            }
            return new HostResolv(nameservers, searches, options);
        }
    }
}
