package io.tugboat.e2e.support;

/**
 * One pod as {@link PodRows} reads it: its name, its node, one more field the test chose ({@code state}, e.g. its
 * phase) and its deletionTimestamp; any of the last three may be empty.
 */
public record PodRow(String name, String node, String state, String deletionTimestamp) {

    /** Not being deleted. */
    public boolean live() {
        return deletionTimestamp.isEmpty();
    }

    /** Live, on {@code node}, in {@code state}. */
    public boolean liveOn(String node, String state) {
        return live() && this.node.equals(node) && this.state.equals(state);
    }
}
