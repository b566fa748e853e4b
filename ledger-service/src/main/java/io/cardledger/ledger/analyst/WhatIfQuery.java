package io.cardledger.ledger.analyst;

import io.cardledger.events.card.CardEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * A card's raw notifications replayed under other rulebook options ({@link WhatIfReplay}). The
 * replay needs the card's whole history at once, so a card longer than
 * {@code cardledger.analyst.what-if.max-events} is refused (422) instead of loaded.
 */
@Service
public class WhatIfQuery {
    private final EventStoreReader store;
    private final int maxEvents;

    public WhatIfQuery(EventStoreReader store, @Value("${cardledger.analyst.what-if.max-events:100000}") int maxEvents) {
        this.store = store;
        this.maxEvents = maxEvents;
    }

    public WhatIfReplay.Report whatIf(String cardId, WhatIfReplay.Options options) {
        List<StoredEvent> events = store.aggregate(StreamQueries.cardAggregate(cardId), maxEvents);
        if (events.stream().noneMatch(e -> e.payload() instanceof CardEvent)) {
            throw new AnalystProblem(HttpStatus.NOT_FOUND, "Card not found", "The event store has no events for card " + cardId);
        }
        return WhatIfReplay.replay(cardId, events, options);
    }
}
