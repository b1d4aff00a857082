package io.tugboat.api;

/** An API group and version; the core group is the empty string. */
public record GroupVersion(String group, String version) {

    public static GroupVersion parse(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? new GroupVersion("", apiVersion)
                : new GroupVersion(apiVersion.substring(0, slash), apiVersion.substring(slash + 1));
    }

    public boolean isCore() {
        return group.isEmpty();
    }

    /** As written in an object's apiVersion: "v1" or "apps/v1". */
    public String apiVersion() {
        return isCore() ? version : group + "/" + version;
    }

    /** The URL path prefix: "/api/v1" or "/apis/apps/v1". */
    public String pathPrefix() {
        return isCore() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    @Override
    public String toString() {
        return apiVersion();
    }
}
