package io.cardledger.ledger.config;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.cardledger.events.json.FastIsoTimesModule;
import io.cardledger.ledger.application.VerbatimRawNotifications;
import io.cardledger.ledger.application.LedgerEventPublisher;
import io.cardledger.ledger.card.Card;
import io.cardledger.ledger.katfacil.KatFacilCard;
import io.cardledger.ledger.wallet.Wallet;
import org.axonframework.common.caching.Cache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.springframework.beans.factory.annotation.Qualifier;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

@Configuration
public class LedgerConfig {
    /**
     * Spring Boot adds every Module bean to its ObjectMapper (after JavaTimeModule), which Axon's
     * serializer, the consumer and the outbox all use: ISO times without DateTimeFormatter.
     */
    @Bean
    public Module fastIsoTimesModule() {
        return new FastIsoTimesModule();
    }

    /**
     * Jackson's bean serializers and deserializers call generated accessors instead of reflection
     * (every event is serialized once and read back by the outbox's envelope and by aggregate loads).
     */
    @Bean
    public Module blackbirdModule() {
        return new BlackbirdModule();
    }

    /** Card events copy the consumed notification's bytes instead of serializing it again; see the class. */
    @Bean
    public Module verbatimRawNotificationsModule() {
        return VerbatimRawNotifications.module();
    }

    /**
     * Unique-key conflicts on PostgreSQL (SQLSTATE 23505, also on a failed batch, whose
     * BatchUpdateException carries its first error's state) become Axon ConcurrencyExceptions -- another
     * writer appended to the aggregate first -- retried by LedgerOperations. Axon's default JDBC resolver
     * only recognises SQLIntegrityConstraintViolationException, which the PostgreSQL driver never throws.
     * Deadlocks (40P01) are not conflicts: the batch retry handles them.
     */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    /** Axon's default table and column names (its auto-configuration steps back when we build the engine). */
    @Bean
    public EventSchema eventSchema() {
        return new EventSchema();
    }

    /**
     * Axon's JDBC event store as its Spring Boot auto-configuration builds it, with ISO times via IsoTimes
     * and events appended with PostgreSQL's COPY ({@code cardledger.ledger.append-with-copy=false}: Axon's
     * batched INSERT; ADR 0001).
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 EventSchema eventSchema,
                                                 @Value("${cardledger.ledger.append-with-copy:true}") boolean appendWithCopy) {
        return new LedgerEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                // Events per query when the outbox reads the store (Axon's default is 100).
                .batchSize(500)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider), eventSchema, transactionManager, appendWithCopy);
    }

    /**
     * Axon's event store as its auto-configuration builds it, except that the outbox reads the store
     * itself instead of through the shared in-memory event cache ("optimized event consumption"). With
     * one tracking processor that cache shares nothing: it only added a producer thread (~12 us of CPU
     * per notification) and kept the last 10,000 events alive across young collections (GC threads
     * went from ~22 to ~10 us per notification without it).
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .optimizeEventConsumption(false)
                .build();
    }

    /**
     * The outbox's tracking processor. Without the event cache nothing wakes it when events are
     * committed, so it looks again every {@code availability-millis} when it has caught up (an
     * indexed query of an empty range): that bounds the delay it adds to a quiet stream.
     */
    @Autowired
    public void outboxProcessor(EventProcessingConfigurer processing,
                                @Value("${cardledger.ledger.outbox.batch-size:2000}") int batchSize,
                                @Value("${cardledger.ledger.outbox.availability-millis:50}") long availabilityMillis) {
        processing.registerTrackingEventProcessor(LedgerEventPublisher.PROCESSING_GROUP,
                org.axonframework.config.Configuration::eventStore,
                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        .andInitialSegmentsCount(1)
                        .andEventAvailabilityTimeout(availabilityMillis, TimeUnit.MILLISECONDS));
    }

    /**
     * Aggregates stay in memory between units of work, so a busy card is not re-read from the event store. Each cache
     * is bounded by count and by a share of the heap, weighed by each aggregate's estimated footprint: a card
     * remembers every notification it applied, so a count alone could fill the heap with long-lived cards (at
     * ~200 bytes per notification, 100,000 cards of 100 notifications each take ~2 GB). Shares: cards 30 %, KatFacil
     * cards 10 %, wallets 10 % of the maximum heap ({@code cardledger.ledger.cache.*-heap-share}).
     */
    @Bean
    public Cache cardCache(@Value("${cardledger.ledger.cache.cards:100000}") int capacity,
                           @Value("${cardledger.ledger.cache.cards-heap-share:0.30}") double heapShare,
                           MeterRegistry meters) {
        return aggregateCache(capacity, heapShare, "cards", meters);
    }

    /** KatFacil cards, as cards are: each holds every event key it applied (its idempotence set). */
    @Bean
    public Cache katFacilCache(@Value("${cardledger.ledger.cache.katfacil-cards:20000}") int capacity,
                               @Value("${cardledger.ledger.cache.katfacil-cards-heap-share:0.10}") double heapShare,
                               MeterRegistry meters) {
        return aggregateCache(capacity, heapShare, "katfacil-cards", meters);
    }

    @Bean
    public Cache walletCache(@Value("${cardledger.ledger.cache.wallets:100000}") int capacity,
                             @Value("${cardledger.ledger.cache.wallets-heap-share:0.10}") double heapShare,
                             MeterRegistry meters) {
        return aggregateCache(capacity, heapShare, "wallets", meters);
    }

    /** What an aggregate of the ledger takes on the heap, by its own estimate. */
    static long estimatedHeapBytes(Object aggregate) {
        if (aggregate instanceof Card card) {
            return card.estimatedHeapBytes();
        } else if (aggregate instanceof KatFacilCard card) {
            return card.estimatedHeapBytes();
        } else if (aggregate instanceof Wallet wallet) {
            return wallet.estimatedHeapBytes();
        }
        return 0L;
    }


    static long heapBudget(double heapShare) {
        if (!(heapShare > 0 && heapShare <= 1)) {
            throw new IllegalArgumentException("a cache's heap share must be in (0, 1], not " + heapShare);
        }
        return (long) (Runtime.getRuntime().maxMemory() * heapShare);
    }

    /** A cache of aggregates within {@code capacity} and {@code heapShare} of the heap, with its meters. */
    private static Cache aggregateCache(int capacity, double heapShare, String name, MeterRegistry meters) {
        BoundedAggregateCache cache = new BoundedAggregateCache(capacity, heapBudget(heapShare), LedgerConfig::estimatedHeapBytes);
        Gauge.builder("cardledger.ledger.cache.entries", cache, BoundedAggregateCache::size)
                .description("Aggregates held in the cache").tag("cache", name).register(meters);
        Gauge.builder("cardledger.ledger.cache.estimated", cache, BoundedAggregateCache::estimatedBytes)
                .description("Estimated heap the cached aggregates take").baseUnit("bytes").tag("cache", name).register(meters);
        Gauge.builder("cardledger.ledger.cache.budget", cache, BoundedAggregateCache::maxBytes)
                .description("Heap the cache may take by its estimate").baseUnit("bytes").tag("cache", name).register(meters);
        FunctionCounter.builder("cardledger.ledger.cache.evictions", cache, BoundedAggregateCache::evictedForMemory)
                .description("Aggregates evicted to stay within the heap budget").tag("cache", name).tag("reason", "memory")
                .register(meters);
        FunctionCounter.builder("cardledger.ledger.cache.evictions", cache, BoundedAggregateCache::evictedForCapacity)
                .description("Aggregates evicted to stay within the count").tag("cache", name).tag("reason", "count")
                .register(meters);
        return cache;
    }

    /**
     * A card or wallet is snapshotted every {@code threshold} events, from its state in memory and in
     * the transaction of the unit of work that crossed the threshold ({@link InlineSnapshotter}; a
     * failed snapshot is logged and changes nothing else). A long-lived aggregate that fell out of the
     * cache is then loaded from its latest snapshot plus the events after it, not from its whole history.
     */
    @Bean
    public SnapshotTriggerDefinition ledgerSnapshotTrigger(Snapshotter snapshotter,
                                                           @Value("${cardledger.ledger.snapshot-threshold:500}") int threshold) {
        return new EventCountSnapshotTrigger(snapshotter, threshold);
    }

    /**
     * Replaces Axon's snapshotter bean; Axon's own (as its auto-configuration builds it, replaying the
     * events after the commit) stays as the fallback for an aggregate that becomes due outside a unit
     * of work, or is not in its cache when the unit of work commits.
     */
    @Bean
    public Snapshotter ledgerSnapshotter(org.axonframework.config.Configuration configuration,
                                         HandlerDefinition handlerDefinition,
                                         ParameterResolverFactory parameterResolverFactory,
                                         EventStore eventStore, TransactionManager transactionManager,
                                         SnapshotterSpanFactory spanFactory, PlatformTransactionManager transactions,
                                         ApplicationContext context,
                                         @Qualifier("cardCache") Cache cardCache,
                                         @Qualifier("walletCache") Cache walletCache,
                                         @Qualifier("katFacilCache") Cache katFacilCache) {
        SpringAggregateSnapshotter replaying = SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .build();
        replaying.setApplicationContext(context);
        TransactionTemplate savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return new InlineSnapshotter(Map.of(Card.class, cardCache, Wallet.class, walletCache, KatFacilCard.class, katFacilCache),
                type -> AnnotatedAggregateMetaModelFactory.inspectAggregate(type, parameterResolverFactory, handlerDefinition),
                eventStore, savepoint, replaying);
    }

    /** Routes commands to aggregates by their {@code @TargetAggregateIdentifier}, looked up once per command class. */
    @Bean
    public CommandTargetResolver ledgerCommandTargetResolver() {
        return new CachedCommandTargetResolver();
    }

    /** Replaces Axon's default MessageOriginProvider bean; see {@link CommandOriginProvider}. */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new CommandOriginProvider();
    }

    /**
     * The token store with an owner name unique to this instance: Axon's default owner is
     * "pid@host", which two instances can share (containers, or two contexts in one JVM), and
     * then both would believe they hold the outbox's claim and publish every event twice.
     *
     * <p>{@code cardledger.ledger.token-owner} names the instance instead, for deployments that restart
     * an instance under a stable name (a StatefulSet's ordinal; {@code ./ledger} passes the service's
     * name, as it does for Kafka's {@code group.instance.id}): a restart after a crash then takes the
     * outbox's claim back at once instead of waiting until the dead process's claim times out
     * (docs/reliability.md). The name must be unique among running instances.
     */
    @Bean
    public TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, TokenSchema schema,
                                 @Value("${cardledger.ledger.token-owner:}") String configuredOwner) {
        String owner = !configuredOwner.isBlank() ? configuredOwner
                : ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        return JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer).schema(schema)
                .nodeId(owner).build();
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder().build();
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * A failed batch (database down, a deadlock lost to another writer) is retried, with growing
     * pauses, for as long as it takes: an issuer notification is a fact we may never drop.
     */
    @Bean
    public DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
