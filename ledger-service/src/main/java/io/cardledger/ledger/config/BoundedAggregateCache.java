package io.cardledger.ledger.config;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * Least-recently-used aggregate cache holding at most {@code capacity} aggregates strongly, and at most
 * {@code maxBytes} of them by their estimated heap footprint. Axon's WeakReferenceCache loses its entries at every
 * garbage collection, which under load means a busy card is replayed from the event store again and again; this
 * one keeps the hot set and bounds the memory.
 *
 * <p>A count alone does not bound the memory: a card remembers every notification it applied, so its footprint
 * grows with its history (~170–210 bytes per notification, {@code CardMemoryBenchmark}). Each entry is weighed when
 * it is put (Axon puts an aggregate again after every unit of work that changed it) by {@code weigher}, applied to
 * the aggregate root of an Axon cache entry, or to the value itself otherwise. The least recently used entries are
 * evicted while the total exceeds {@code maxBytes}; the entry just put is always kept, however large. An evicted
 * aggregate is loaded again from its latest snapshot plus the events after it.
 */
public final class BoundedAggregateCache implements Cache {
    private static final Field AGGREGATE_ROOT = aggregateRootField();

    private final Map<Object, Object> entries;
    private final Map<Object, Long> weights = new HashMap<>();
    private final long maxBytes;
    private final ToLongFunction<Object> weigher;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private long bytes;
    private long evictedForCapacity;
    private long evictedForMemory;

    /** Bounded by count only. */
    public BoundedAggregateCache(int capacity) {
        this(capacity, Long.MAX_VALUE, value -> 0L);
    }

    public BoundedAggregateCache(int capacity, long maxBytes, ToLongFunction<Object> weigher) {
        this.maxBytes = maxBytes;
        this.weigher = weigher;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                boolean evict = size() > capacity;
                if (evict) {
                    evictedForCapacity++;
                    forget(eldest.getKey());
                    listeners.forEach(l -> l.onEntryExpired(eldest.getKey()));
                }
                return evict;
            }
        };
    }

    private void forget(Object key) {
        Long weight = weights.remove(key);
        if (weight != null) {
            bytes -= weight;
        }
    }

    private long weigh(Object value) {
        Object root = value;
        if (value instanceof AggregateCacheEntry<?> && AGGREGATE_ROOT != null) {
            try {
                root = AGGREGATE_ROOT.get(value);
            } catch (IllegalAccessException e) {
                return 0L;
            }
        }
        return root == null ? 0L : Math.max(0L, weigher.applyAsLong(root));
    }

    /** Evicts the least recently used entries, never {@code keep}, while the total is over the budget. */
    private void evictOverBudget(Object keep) {
        Iterator<Map.Entry<Object, Object>> eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Object key = eldest.next().getKey();
            if (key.equals(keep)) {
                continue;
            }
            eldest.remove();
            evictedForMemory++;
            forget(key);
            listeners.forEach(l -> l.onEntryExpired(key));
        }
    }

    private static Field aggregateRootField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("aggregateRoot");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Another Axon version: entries are then bounded by count only (the weigher sees no aggregate).
            return null;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        V value = (V) entries.get(key);
        if (value != null) {
            listeners.forEach(l -> l.onEntryRead(key, value));
        }
        return value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        if (value == null) {
            remove(key);
            return;
        }
        long weight = weigh(value);
        boolean existed = entries.put(key, value) != null;
        forget(key);
        if (entries.containsKey(key)) {
            weights.put(key, weight);
            bytes += weight;
            evictOverBudget(key);
        }
        listeners.forEach(l -> {
            if (existed) {
                l.onEntryUpdated(key, value);
            } else {
                l.onEntryCreated(key, value);
            }
        });
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (entries.containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public synchronized boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        forget(key);
        if (removed) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        List.copyOf(entries.keySet()).forEach(this::remove);
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        V current = (V) entries.get(key);
        if (current != null) {
            put(key, update.apply(current));
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** The entries' estimated heap footprint, as weighed when each was last put. */
    public synchronized long estimatedBytes() {
        return bytes;
    }

    public synchronized long evictedForCapacity() {
        return evictedForCapacity;
    }

    public synchronized long evictedForMemory() {
        return evictedForMemory;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
