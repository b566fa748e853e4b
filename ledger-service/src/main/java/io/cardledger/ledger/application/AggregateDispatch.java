package io.cardledger.ledger.application;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.NoArgumentConstructorCreationPolicyAggregateFactory;
import org.axonframework.modelling.command.Repository;

import java.util.concurrent.Callable;

/**
 * Hands a command straight to an aggregate inside the caller's unit of work: what Axon's
 * {@code AggregateAnnotationCommandHandler} does at the end of a command bus dispatch (load from
 * the repository, or create an empty instance for a {@code CREATE_IF_MISSING} handler, then invoke
 * the annotated handler), without the bus's gateway future, interceptor chain and nested unit of
 * work per command. The repository still locks, caches, snapshots and appends the events when the
 * caller's unit of work commits.
 *
 * <p>Only for callers that already run in a unit of work bound to a transaction (the Kafka batch
 * path); commands from the HTTP API go through the command bus.
 */
final class AggregateDispatch<T> {
    private final Repository<T> repository;
    private final NoArgumentConstructorCreationPolicyAggregateFactory<T> factory;

    AggregateDispatch(Repository<T> repository, Class<T> type) {
        this.repository = repository;
        this.factory = new NoArgumentConstructorCreationPolicyAggregateFactory<>(type);
    }

    /** For handlers annotated {@code @CreationPolicy(CREATE_IF_MISSING)}. */
    <R> R createOrUpdate(String aggregateId, Object command) {
        return handle(command, () -> repository.loadOrCreate(aggregateId, () -> factory.create(aggregateId)));
    }

    /** For handlers of an existing aggregate: an unknown id fails with {@code AggregateNotFoundException}. */
    <R> R update(String aggregateId, Object command) {
        return handle(command, () -> repository.load(aggregateId));
    }

    @SuppressWarnings("unchecked")
    private <R> R handle(Object command, Callable<Aggregate<T>> load) {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("Direct aggregate dispatch needs a unit of work");
        }
        try {
            return (R) load.call().handle(GenericCommandMessage.asCommandMessage(command));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Command " + command.getClass().getSimpleName() + " failed", e);
        }
    }
}
