package io.tugboat.store;

/** The engine could not be reached or failed underneath (I/O, lost quorum, closed). Retrying may help. */
public final class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
