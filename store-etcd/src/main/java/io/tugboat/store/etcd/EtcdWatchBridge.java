package io.tugboat.store.etcd;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.tugboat.store.KeyValue;
import io.tugboat.store.StoreEvent;
import io.tugboat.store.StoreException;
import io.tugboat.store.StoreUnavailableException;
import io.tugboat.store.WatchListener;
import io.tugboat.store.support.WatchDelivery;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch feeding one {@link WatchDelivery}. jetcd calls back on its network threads, which must
 * never wait on a listener: events only get queued here.
 *
 * <p>Any stream error ends the watch. jetcd would resume a broken stream by itself, but from a revision
 * it may have moved past when the watch was created, which could skip events; a caller that re-watches
 * from the last revision it saw is exact.
 */
final class EtcdWatchBridge implements Watch.Listener {
    private static final Logger log = LoggerFactory.getLogger(EtcdWatchBridge.class);

    private final EtcdKeys keys;
    private final long afterRevision;
    private final WatchDelivery delivery;
    private Watch.Watcher watcher;
    private boolean ended;

    /** {@code onEnd} is told once the watch has ended, for whatever reason. */
    EtcdWatchBridge(EtcdKeys keys, String prefix, long afterRevision, int maxBacklog, WatchListener listener,
                    Consumer<EtcdWatchBridge> onEnd) {
        this.keys = keys;
        this.afterRevision = afterRevision;
        this.delivery = new WatchDelivery(prefix, afterRevision, maxBacklog, listener, () -> {
            stop();
            onEnd.accept(this);
        });
    }

    /** Starts delivery and the etcd watch at the revision after {@code afterRevision}. */
    io.tugboat.store.Watch start(Watch client, EtcdKeys.Range range) {
        delivery.start(null);
        WatchOption option = WatchOption.builder()
                .withRange(range.end())
                .withRevision(afterRevision + 1)
                .withPrevKV(true)
                .build();
        attach(client.watch(range.start(), option, this));
        return delivery;
    }

    /** Ends the watch with {@code error}. */
    void fail(StoreException error) {
        delivery.fail(error);
    }

    /** Takes jetcd's watcher, whose stream may already have failed (callbacks run on other threads). */
    private void attach(Watch.Watcher created) {
        boolean endedAlready;
        synchronized (this) {
            watcher = created;
            endedAlready = ended;
        }
        if (endedAlready) {
            created.close();
        }
    }

    /**
     * Stops the etcd watch; also keeps jetcd from resuming it on its own after an error. jetcd calls
     * back while holding its own lock and closing takes that lock, so ours is never held while closing.
     */
    private void stop() {
        Watch.Watcher toClose;
        synchronized (this) {
            ended = true;
            toClose = watcher;
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    @Override
    public void onNext(WatchResponse response) {
        for (WatchEvent event : response.getEvents()) {
            StoreEvent mapped = map(event);
            if (mapped != null && !delivery.offer(mapped)) {
                return; // the watch ended, and stopped the etcd watch as it did
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        StoreException mapped;
        if (error instanceof CompactedException compacted) {
            mapped = new io.tugboat.store.CompactedException(afterRevision, compacted.getCompactedRevision());
        } else if (EtcdCalls.map(error) instanceof StoreException se) {
            mapped = se;
        } else {
            mapped = new StoreUnavailableException("etcd watch failed: " + error.getMessage(), error);
        }
        log.debug("etcd watch after revision {} failed: {}", afterRevision, error.toString());
        delivery.fail(mapped);
        stop();
    }

    @Override
    public void onCompleted() {
        // jetcd also completes when we close the watcher; the delivery has ended then and ignores this
        delivery.fail(new StoreUnavailableException("etcd ended the watch", null));
    }

    private StoreEvent map(WatchEvent event) {
        io.etcd.jetcd.KeyValue kv = event.getKeyValue();
        io.etcd.jetcd.KeyValue prev = event.getPrevKV();
        String key = keys.strip(kv.getKey());
        boolean hasPrevious = prev != null && prev.getVersion() > 0;
        return switch (event.getEventType()) {
            case PUT -> new StoreEvent.Put(toKeyValue(key, kv),
                    kv.getVersion() == 1 || !hasPrevious ? null : toKeyValue(key, prev));
            case DELETE -> new StoreEvent.Delete(hasPrevious
                    ? toKeyValue(key, prev)
                    : new KeyValue(key, new byte[0], 0, 0), // etcd lost the previous value: history was cut
                    kv.getModRevision());
            case UNRECOGNIZED -> {
                log.warn("ignoring an etcd watch event of unknown type at revision {}", kv.getModRevision());
                yield null;
            }
        };
    }

    static KeyValue toKeyValue(String key, io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(key, kv.getValue().getBytes(), kv.getCreateRevision(), kv.getModRevision());
    }
}
