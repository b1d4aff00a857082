package io.tugboat.store;

/** An update or delete named a key that does not exist. */
public final class KeyNotFoundException extends StoreException {
    private final String key;

    public KeyNotFoundException(String key) {
        super("key not found: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
