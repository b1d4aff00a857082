package io.tugboat.apiserver.security;

import java.util.List;

/** Who made a request, as Kubernetes' user.Info: name and groups. */
public record UserInfo(String name, List<String> groups) {
    public UserInfo {
        groups = List.copyOf(groups);
    }

    public boolean isClusterAdmin() {
        return groups.contains("system:masters");
    }
}
