package io.tugboat.store;

/** Base of every failure the store contract defines. Unchecked: callers map them to API errors. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
