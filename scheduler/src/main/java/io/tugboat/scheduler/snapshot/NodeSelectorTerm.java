package io.tugboat.scheduler.snapshot;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.tugboat.api.labels.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One compiled nodeSelectorTerm: all label requirements (matchExpressions) and field requirements
 * (matchFields, only {@code metadata.name}) must hold. A term with neither matches no node, as in Kubernetes.
 */
public record NodeSelectorTerm(List<Requirement> labels, List<Requirement> fields) {

    static final String NAME_FIELD = "metadata.name";

    public static NodeSelectorTerm of(io.fabric8.kubernetes.api.model.NodeSelectorTerm t) {
        return new NodeSelectorTerm(compile(t.getMatchExpressions()), compile(t.getMatchFields()));
    }

    public boolean matches(NodeSpec node) {
        if (labels.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (Requirement r : labels) {
            if (!r.matches(node.labels())) {
                return false;
            }
        }
        if (!fields.isEmpty()) {
            Map<String, String> f = Map.of(NAME_FIELD, node.name());
            for (Requirement r : fields) {
                if (!r.matches(f)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<Requirement> compile(List<NodeSelectorRequirement> reqs) {
        if (reqs == null || reqs.isEmpty()) {
            return List.of();
        }
        List<Requirement> out = new ArrayList<>(reqs.size());
        for (NodeSelectorRequirement r : reqs) {
            Set<String> values = r.getValues() == null ? Set.of() : Set.copyOf(r.getValues());
            Requirement.Operator op = switch (r.getOperator()) {
                case "In" -> Requirement.Operator.IN;
                case "NotIn" -> Requirement.Operator.NOT_IN;
                case "Exists" -> Requirement.Operator.EXISTS;
                case "DoesNotExist" -> Requirement.Operator.DOES_NOT_EXIST;
                case "Gt" -> Requirement.Operator.GREATER_THAN;
                case "Lt" -> Requirement.Operator.LESS_THAN;
                default -> throw new IllegalArgumentException("\"" + r.getOperator() + "\" is not a valid node selector operator");
            };
            if ((op == Requirement.Operator.GREATER_THAN || op == Requirement.Operator.LESS_THAN) && values.size() != 1) {
                // Kubernetes rejects such a requirement; treat it as matching nothing rather than throwing mid-scheduling.
                out.add(new Requirement(r.getKey(), Requirement.Operator.IN, Set.of()));
                continue;
            }
            out.add(new Requirement(r.getKey(), op, values));
        }
        return List.copyOf(out);
    }
}
