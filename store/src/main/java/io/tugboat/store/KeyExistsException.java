package io.tugboat.store;

/** A create found the key already present. */
public final class KeyExistsException extends StoreException {
    private final String key;

    public KeyExistsException(String key) {
        super("key already exists: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
