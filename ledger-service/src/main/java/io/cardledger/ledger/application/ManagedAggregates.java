package io.cardledger.ledger.application;

import org.axonframework.config.AggregateConfiguration;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AbstractRepository;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Axon keeps the aggregates a unit of work loaded in a map per repository, a resource of the root unit
 * of work, and at commit asks that map, for every aggregate, whether it still holds it: {@code
 * HashMap.containsValue}, a walk of the whole map. A poll of 500 notifications loads ~1,000 cards and
 * wallets, so the commit walked ~1,000 × 1,000 entries. {@link #prepare} puts a map in those resources
 * before any command runs whose {@code containsValue} is a look-up ({@link Aggregates}); Axon then uses
 * it as its own ({@code AbstractRepository.managedAggregates} computes the resource only if absent).
 *
 * <p>The resource key is the repository's private {@code aggregatesKey}, read once by reflection;
 * {@code ManagedAggregatesIT} fails if a future Axon names or uses it differently.
 */
@Component
public class ManagedAggregates {
    private final Configuration axon;
    private volatile List<String> keys;

    public ManagedAggregates(@Lazy Configuration axon) {
        this.axon = axon;
    }

    /** Call right after starting a root unit of work, before it loads any aggregate. */
    public void prepare(UnitOfWork<?> root) {
        for (String key : keys()) {
            root.resources().put(key, new Aggregates<>());
        }
    }

    /** The resource keys of every aggregate type's repository. */
    public List<String> keys() {
        List<String> known = keys;
        if (known == null) {
            known = axon.findModules(AggregateConfiguration.class).stream()
                    .map(AggregateConfiguration::repository)
                    .map(ManagedAggregates::keyOf)
                    .toList();
            keys = known;
        }
        return known;
    }

    static String keyOf(Repository<?> repository) {
        if (!(repository instanceof AbstractRepository<?, ?>)) {
            throw new IllegalStateException("Not an AbstractRepository: " + repository.getClass());
        }
        try {
            Field field = AbstractRepository.class.getDeclaredField("aggregatesKey");
            field.setAccessible(true);
            return (String) field.get(repository);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Axon's AbstractRepository has no aggregatesKey any more", e);
        }
    }

    /**
     * A map of aggregate id to aggregate that also counts its values by identity, so that {@code
     * containsValue} needs no walk. Axon's aggregates do not override {@code equals}, so identity is the
     * equality Axon's own {@code HashMap} used. The views ({@code entrySet}, {@code values}) are read-only.
     */
    static final class Aggregates<A> extends AbstractMap<String, A> {
        private final Map<String, A> byId = new HashMap<>();
        private final Map<Object, Integer> values = new IdentityHashMap<>();

        @Override
        public A get(Object key) {
            return byId.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return byId.containsKey(key);
        }

        @Override
        public boolean containsValue(Object value) {
            return values.containsKey(value);
        }

        @Override
        public A put(String key, A value) {
            A old = byId.put(key, value);
            forget(old);
            if (value != null) {
                values.merge(value, 1, Integer::sum);
            }
            return old;
        }

        @Override
        public A putIfAbsent(String key, A value) {
            A old = byId.get(key);
            return old != null ? old : put(key, value);
        }

        @Override
        public A computeIfAbsent(String key, Function<? super String, ? extends A> compute) {
            A old = byId.get(key);
            if (old != null) {
                return old;
            }
            A value = compute.apply(key);
            if (value != null) {
                put(key, value);
            }
            return value;
        }

        @Override
        public A remove(Object key) {
            A old = byId.remove(key);
            forget(old);
            return old;
        }

        @Override
        public void clear() {
            byId.clear();
            values.clear();
        }

        @Override
        public int size() {
            return byId.size();
        }

        @Override
        public Set<Entry<String, A>> entrySet() {
            return Collections.unmodifiableMap(byId).entrySet();
        }

        private void forget(A value) {
            if (value != null) {
                values.computeIfPresent(value, (v, count) -> count == 1 ? null : count - 1);
            }
        }
    }
}
