package io.cardledger.ledger.config;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCountSnapshotTriggerTest {
    private final List<String> scheduled = new ArrayList<>();
    private final EventCountSnapshotTrigger definition =
            new EventCountSnapshotTrigger((type, id) -> scheduled.add(type.getSimpleName() + " " + id), 3);

    @Test
    void everyThirdDomainEventMakesTheAggregateDueAtOnceLoadedOrNew() {
        SnapshotTrigger trigger = definition.prepareTrigger(String.class);
        for (long sequence = 0; sequence < 7; sequence++) {
            trigger.eventHandled(new GenericDomainEventMessage<>("Card", "card:1", sequence, "event"));
            if (sequence == 1) {
                trigger.initializationFinished();
            }
        }
        // events that are not an aggregate's do not count
        trigger.eventHandled(GenericEventMessage.asEventMessage("not a domain event"));

        assertThat(scheduled).containsExactly("String card:1", "String card:1");
    }

    @Test
    void aTriggerReadBackFromACacheKeepsItsCountAndGetsTheSnapshotterAgain() {
        SnapshotTrigger trigger = definition.prepareTrigger(String.class);
        trigger.eventHandled(new GenericDomainEventMessage<>("Card", "card:1", 0, "event"));
        trigger.eventHandled(new GenericDomainEventMessage<>("Card", "card:1", 1, "event"));
        SnapshotTrigger again = definition.reconfigure(String.class, trigger);
        again.eventHandled(new GenericDomainEventMessage<>("Card", "card:1", 2, "event"));

        assertThat(again).isSameAs(trigger);
        assertThat(scheduled).containsExactly("String card:1");
        assertThatThrownBy(() -> new EventCountSnapshotTrigger((type, id) -> { }, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
