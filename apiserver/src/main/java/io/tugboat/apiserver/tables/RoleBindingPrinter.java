package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** NAME ROLE AGE; wide: USERS GROUPS SERVICEACCOUNTS. Serves RoleBinding and ClusterRoleBinding alike. */
final class RoleBindingPrinter implements KindPrinter {

    private final List<Column> columns;

    /** @param noun "roleBinding" or "clusterRoleBinding", for the column descriptions */
    RoleBindingPrinter(String noun) {
        this.columns = List.of(
                Columns.NAME,
                Columns.string("Role", "RoleRef can reference a Role in the current namespace or a ClusterRole."),
                Columns.AGE,
                Columns.string("Users", "Users in the " + noun).wide(),
                Columns.string("Groups", "Groups in the " + noun).wide(),
                Columns.string("ServiceAccounts", "ServiceAccounts in the " + noun).wide());
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public List<Object> cells(ObjectNode binding, Instant now) {
        JsonNode roleRef = binding.path("roleRef");
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> serviceAccounts = new ArrayList<>();
        for (JsonNode subject : binding.path("subjects")) {
            String name = Fields.text(subject, "name");
            switch (Fields.text(subject, "kind")) {
                case "User" -> users.add(name);
                case "Group" -> groups.add(name);
                case "ServiceAccount" -> serviceAccounts.add(Fields.text(subject, "namespace") + "/" + name);
                default -> {
                    // Kubernetes does not print subjects of other kinds.
                }
            }
        }
        return List.of(
                Fields.name(binding),
                Fields.text(roleRef, "kind") + "/" + Fields.text(roleRef, "name"),
                Fields.age(binding, now),
                String.join(", ", users),
                String.join(", ", groups),
                String.join(", ", serviceAccounts));
    }
}
