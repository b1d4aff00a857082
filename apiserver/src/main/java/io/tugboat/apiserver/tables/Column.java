package io.tugboat.apiserver.tables;

/**
 * One column of a {@code meta.k8s.io/v1} Table, as kubectl reads it from {@code columnDefinitions}.
 *
 * @param type     the OpenAPI type of the cells: "string", "integer", "boolean", "date"
 * @param format   "name" marks the column kubectl treats as the object's name; otherwise empty
 * @param priority 0 for columns always shown, 1 for columns kubectl shows only with {@code -o wide}
 */
public record Column(String name, String type, String format, String description, int priority) {

    public Column {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a column needs a name");
        }
        type = type == null ? "string" : type;
        format = format == null ? "" : format;
        description = description == null ? "" : description;
    }

    /** This column, shown only with {@code -o wide}. */
    public Column wide() {
        return new Column(name, type, format, description, 1);
    }
}
