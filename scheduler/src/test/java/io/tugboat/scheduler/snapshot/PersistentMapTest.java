package io.tugboat.scheduler.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PersistentMapTest {

    /** A key whose hash collides often, to exercise collision nodes. */
    private record Weak(int v) {
        @Override
        public int hashCode() {
            return v % 7;
        }
    }

    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (boolean weak : new boolean[] {false, true}) {
            Map<Object, Integer> expected = new HashMap<>();
            PersistentMap<Object, Integer> map = PersistentMap.empty();
            for (int i = 0; i < 20_000; i++) {
                int k = rnd.nextInt(2_000);
                Object key = weak ? new Weak(k) : "k" + k;
                if (rnd.nextInt(3) == 0) {
                    expected.remove(key);
                    map = map.remove(key);
                } else {
                    expected.put(key, i);
                    map = map.put(key, i);
                }
                assertThat(map.size()).isEqualTo(expected.size());
            }
            Map<Object, Integer> seen = new HashMap<>();
            map.forEach(seen::put);
            assertThat(seen).isEqualTo(expected);
            for (var e : expected.entrySet()) {
                assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void olderVersionsAreUnchanged() {
        PersistentMap<String, Integer> a = PersistentMap.<String, Integer>empty().put("x", 1);
        PersistentMap<String, Integer> b = a.put("y", 2).remove("x");
        assertThat(a.get("x")).isEqualTo(1);
        assertThat(a.get("y")).isNull();
        assertThat(b.get("x")).isNull();
        assertThat(b.get("y")).isEqualTo(2);
        assertThat(b.remove("y").isEmpty()).isTrue();
    }
}
