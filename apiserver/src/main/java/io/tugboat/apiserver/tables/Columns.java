package io.tugboat.apiserver.tables;

/** Column definitions shared by many kinds, with the names and types Kubernetes' printers use. */
final class Columns {

    static final Column NAME = new Column("Name", "string", "name",
            "Name must be unique within a namespace.", 0);
    static final Column AGE = string("Age",
            "CreationTimestamp is a timestamp representing the server time when this object was created.");
    static final Column CONTAINERS = string("Containers", "Names of each container in the template.").wide();
    static final Column IMAGES = string("Images", "Images referenced by each container in the template.").wide();

    private Columns() {
    }

    static Column string(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    static Column bool(String name, String description) {
        return new Column(name, "boolean", "", description, 0);
    }
}
