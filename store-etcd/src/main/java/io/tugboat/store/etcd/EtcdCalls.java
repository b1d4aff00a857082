package io.tugboat.store.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.tugboat.store.StoreException;
import io.tugboat.store.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for jetcd's futures, bounded, and turns their failures into the store's exceptions. A request
 * for a compacted or future revision becomes {@link RevisionOutOfRange}, which the caller turns into the
 * contract's exception as only it knows which revision was asked for.
 */
final class EtcdCalls {
    private final Duration timeout;

    EtcdCalls(Duration timeout) {
        this.timeout = timeout;
    }

    <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StoreUnavailableException("etcd did not answer within " + timeout, e);
        } catch (ExecutionException | CompletionException e) {
            throw map(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new StoreUnavailableException("interrupted while waiting for etcd", e);
        }
    }

    /** The store exception for a failure reported by jetcd or gRPC. */
    static RuntimeException map(Throwable failure) {
        if (failure instanceof StoreException se) {
            return se;
        }
        String code = code(failure);
        String message = String.valueOf(failure.getMessage());
        if (code.equals("OUT_OF_RANGE")) {
            if (message.contains("compacted")) {
                return new RevisionOutOfRange(true, failure);
            }
            if (message.contains("future revision")) {
                return new RevisionOutOfRange(false, failure);
            }
        }
        return switch (code) {
            case "UNAVAILABLE", "DEADLINE_EXCEEDED", "CANCELLED", "ABORTED", "UNKNOWN", "INTERNAL", "DATA_LOSS",
                 "RESOURCE_EXHAUSTED" -> new StoreUnavailableException("etcd: " + message, failure);
            default -> new StoreException("etcd: " + message, failure);
        };
    }

    private static String code(Throwable failure) {
        if (failure instanceof EtcdException etcd) {
            return etcd.getErrorCode().name();
        }
        return Status.fromThrowable(failure).getCode().name();
    }

    /** etcd refused a revision: compacted away, or not reached yet. */
    static final class RevisionOutOfRange extends RuntimeException {
        private final boolean compacted;

        RevisionOutOfRange(boolean compacted, Throwable cause) {
            super(cause.getMessage(), cause);
            this.compacted = compacted;
        }

        boolean compacted() {
            return compacted;
        }
    }
}
