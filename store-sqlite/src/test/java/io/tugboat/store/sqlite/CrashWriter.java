package io.tugboat.store.sqlite;

import io.tugboat.store.KeyValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link SqliteCrashTest}: opens the store and writes from several threads until it
 * is killed, printing {@code ACK <key> <revision> <value> .} for each write only after the store
 * acknowledged it. It exits by itself when its standard input closes (the test JVM went away) or after
 * a minute, so that it can never outlive the test that started it.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().start(() -> exitWhenParentGoes(System.in));
        Thread.ofPlatform().daemon().start(CrashWriter::exitAfterAMinute);

        SqliteStore store = new SqliteStore(file);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    String key = "/crash/" + writer + "/" + i;
                    String value = "value-" + writer + "-" + i;
                    KeyValue kv = store.create(key, value.getBytes(StandardCharsets.UTF_8));
                    synchronized (out) {
                        out.println("ACK " + key + " " + kv.modRevision() + " " + value + " .");
                        out.flush();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void exitWhenParentGoes(InputStream in) {
        try {
            while (in.read() >= 0) {
                // nothing is sent; EOF means the parent closed the pipe or died
            }
        } catch (IOException ignored) {
            // same as EOF
        }
        Runtime.getRuntime().halt(3);
    }

    private static void exitAfterAMinute() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException ignored) {
            // exit anyway
        }
        Runtime.getRuntime().halt(4);
    }
}
