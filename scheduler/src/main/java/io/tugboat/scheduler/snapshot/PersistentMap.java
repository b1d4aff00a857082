package io.tugboat.scheduler.snapshot;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * An immutable hash map with structural sharing (a hash array mapped trie): {@link #put} and {@link #remove}
 * copy only the path to the changed entry, so a snapshot derived after one placement shares almost everything
 * with its parent. The JDK has no persistent map and the scheduler may depend on nothing but {@code api}, hence
 * this small one. Keys and values must not be null.
 */
public final class PersistentMap<K, V> {

    private static final int BITS = 5;
    private static final int MASK = (1 << BITS) - 1;
    private static final PersistentMap<Object, Object> EMPTY = new PersistentMap<>(null, 0);

    private final Node root;
    private final int size;

    private PersistentMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    public V get(K key) {
        return root == null ? null : (V) root.get(0, hash(key), key);
    }

    public V getOrDefault(K key, V fallback) {
        V v = get(key);
        return v == null ? fallback : v;
    }

    public PersistentMap<K, V> put(K key, V value) {
        if (key == null || value == null) {
            throw new NullPointerException("PersistentMap holds no nulls");
        }
        int h = hash(key);
        boolean existed = root != null && root.get(0, h, key) != null;
        Node base = root == null ? BitmapNode.EMPTY : root;
        Node next = base.put(0, h, key, value);
        if (next == root) {
            return this;
        }
        return new PersistentMap<>(next, existed ? size : size + 1);
    }

    public PersistentMap<K, V> remove(K key) {
        if (root == null) {
            return this;
        }
        int h = hash(key);
        if (root.get(0, h, key) == null) {
            return this;
        }
        Node next = root.remove(0, h, key);
        return next == null ? empty() : new PersistentMap<>(next, size - 1);
    }

    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        if (root != null) {
            root.forEach((BiConsumer<Object, Object>) action);
        }
    }

    private static int hash(Object key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }

    private interface Node {
        Object get(int shift, int hash, Object key);

        Node put(int shift, int hash, Object key, Object value);

        /** Returns null when the node became empty. */
        Node remove(int shift, int hash, Object key);

        void forEach(BiConsumer<Object, Object> action);
    }

    /** Up to 32 slots selected by 5 hash bits; a slot holds a key and value, or (null, child node). */
    private record BitmapNode(int bitmap, Object[] array) implements Node {
        static final BitmapNode EMPTY = new BitmapNode(0, new Object[0]);

        @Override
        public Object get(int shift, int hash, Object key) {
            int bit = 1 << ((hash >>> shift) & MASK);
            if ((bitmap & bit) == 0) {
                return null;
            }
            int i = 2 * Integer.bitCount(bitmap & (bit - 1));
            Object k = array[i];
            if (k == null) {
                return ((Node) array[i + 1]).get(shift + BITS, hash, key);
            }
            return key.equals(k) ? array[i + 1] : null;
        }

        @Override
        public Node put(int shift, int hash, Object key, Object value) {
            int bit = 1 << ((hash >>> shift) & MASK);
            int i = 2 * Integer.bitCount(bitmap & (bit - 1));
            if ((bitmap & bit) == 0) {
                Object[] a = new Object[array.length + 2];
                System.arraycopy(array, 0, a, 0, i);
                a[i] = key;
                a[i + 1] = value;
                System.arraycopy(array, i, a, i + 2, array.length - i);
                return new BitmapNode(bitmap | bit, a);
            }
            Object k = array[i];
            Object v = array[i + 1];
            if (k == null) {
                Node child = ((Node) v).put(shift + BITS, hash, key, value);
                return child == v ? this : with(i + 1, child);
            }
            if (key.equals(k)) {
                return v == value ? this : with(i + 1, value);
            }
            Node child = pair(shift + BITS, k, v, hash, key, value);
            Object[] a = array.clone();
            a[i] = null;
            a[i + 1] = child;
            return new BitmapNode(bitmap, a);
        }

        @Override
        public Node remove(int shift, int hash, Object key) {
            int bit = 1 << ((hash >>> shift) & MASK);
            if ((bitmap & bit) == 0) {
                return this;
            }
            int i = 2 * Integer.bitCount(bitmap & (bit - 1));
            Object k = array[i];
            if (k == null) {
                Node child = (Node) array[i + 1];
                Node next = child.remove(shift + BITS, hash, key);
                if (next == child) {
                    return this;
                }
                if (next != null) {
                    return with(i + 1, next);
                }
            } else if (!key.equals(k)) {
                return this;
            }
            if (bitmap == bit) {
                return null;
            }
            Object[] a = new Object[array.length - 2];
            System.arraycopy(array, 0, a, 0, i);
            System.arraycopy(array, i + 2, a, i, array.length - i - 2);
            return new BitmapNode(bitmap & ~bit, a);
        }

        @Override
        public void forEach(BiConsumer<Object, Object> action) {
            for (int i = 0; i < array.length; i += 2) {
                if (array[i] == null) {
                    ((Node) array[i + 1]).forEach(action);
                } else {
                    action.accept(array[i], array[i + 1]);
                }
            }
        }

        private BitmapNode with(int index, Object value) {
            Object[] a = array.clone();
            a[index] = value;
            return new BitmapNode(bitmap, a);
        }

        private static Node pair(int shift, Object k1, Object v1, int h2, Object k2, Object v2) {
            int h1 = hash(k1);
            if (h1 == h2) {
                return new CollisionNode(h1, new Object[] {k1, v1, k2, v2});
            }
            return EMPTY.put(shift, h1, k1, v1).put(shift, h2, k2, v2);
        }
    }

    /** Keys whose full 32-bit hashes are equal, kept as a flat key/value array. */
    private record CollisionNode(int hash, Object[] array) implements Node {
        @Override
        public Object get(int shift, int h, Object key) {
            if (h != hash) {
                return null;
            }
            for (int i = 0; i < array.length; i += 2) {
                if (key.equals(array[i])) {
                    return array[i + 1];
                }
            }
            return null;
        }

        @Override
        public Node put(int shift, int h, Object key, Object value) {
            if (h != hash) {
                // A different hash reached this depth: push this node one level down under a bitmap node.
                Node wrapper = new BitmapNode(1 << ((hash >>> shift) & MASK), new Object[] {null, this});
                return wrapper.put(shift, h, key, value);
            }
            for (int i = 0; i < array.length; i += 2) {
                if (key.equals(array[i])) {
                    if (array[i + 1] == value) {
                        return this;
                    }
                    Object[] a = array.clone();
                    a[i + 1] = value;
                    return new CollisionNode(hash, a);
                }
            }
            Object[] a = Arrays.copyOf(array, array.length + 2);
            a[array.length] = key;
            a[array.length + 1] = value;
            return new CollisionNode(hash, a);
        }

        @Override
        public Node remove(int shift, int h, Object key) {
            for (int i = 0; i < array.length; i += 2) {
                if (key.equals(array[i])) {
                    if (array.length == 2) {
                        return null;
                    }
                    Object[] a = new Object[array.length - 2];
                    System.arraycopy(array, 0, a, 0, i);
                    System.arraycopy(array, i + 2, a, i, array.length - i - 2);
                    return new CollisionNode(hash, a);
                }
            }
            return this;
        }

        @Override
        public void forEach(BiConsumer<Object, Object> action) {
            for (int i = 0; i < array.length; i += 2) {
                action.accept(array[i], array[i + 1]);
            }
        }
    }
}
