package io.cardledger.ledger.analyst;

import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.support.Notifications;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The what-if replay as a pure function of a card's stored events. */
class AnalystWhatIfReplayTest {
    private static final Instant T = Instant.parse("2026-04-29T05:29:01Z");

    private final List<StoredEvent> events = new ArrayList<>();

    private void store(Object payload) {
        events.add(new StoredEvent(events.size(), "card:c-1", events.size(), T, payload.getClass().getSimpleName(), payload));
    }

    @Test
    void correctionsAsFinalAmountsSettleANegativaAtItsAmount() {
        // given a card whose notifications waited for it (no live movements yet), one of them delivered twice
        RawNotification auth = Notifications.of("PeticionAutorizacion", "c-1").amount(5000).c11("000000010").raw();
        RawNotification negativa = Notifications.of("TransaccionCorregidaNegativa", "c-1").amount(300).c11("000000010").raw();
        store(new NotificationAwaitingCard("c-1", auth));
        store(new NotificationAwaitingCard("c-1", negativa));
        store(new NotificationAwaitingCard("c-1", negativa));
        store(new CardRegistered("c-1", "w-1", "u-1", "prepaid", false, T));

        // when
        WhatIfReplay.Report v1 = WhatIfReplay.replay("c-1", events, new WhatIfReplay.Options(false));
        WhatIfReplay.Report finalAmounts = WhatIfReplay.replay("c-1", events, new WhatIfReplay.Options(true));

        // then
        assertThat(v1.movements()).extracting(WhatIfReplay.Row::whatIf).containsExactly(
                new WhatIfReplay.Delta(-5000, 5000), new WhatIfReplay.Delta(-300, -5000));
        assertThat(finalAmounts.movements()).extracting(WhatIfReplay.Row::whatIf).containsExactly(
                new WhatIfReplay.Delta(-5000, 5000), new WhatIfReplay.Delta(4700, -5000));
        assertThat(finalAmounts.whatIfTotal()).isEqualTo(new WhatIfReplay.Delta(-300, 0));
        assertThat(finalAmounts.walletId()).isEqualTo("w-1");
    }

    @Test
    void aReversalThatArrivedFirstIsReleasedWhenItsAuthorizationArrives() {
        // given
        store(new CardRegistered("c-1", "w-1", "u-1", "prepaid", false, T));
        RawNotification reversal = Notifications.of("ComunicacionAnulacion", "c-1").amount(200).c11("000000011").raw();
        store(new NotificationAwaitingCard("c-1", reversal));
        store(new NotificationAwaitingCard("c-1", Notifications.of("PeticionAutorizacion", "c-1").amount(200).c11("000000011").raw()));

        // when
        WhatIfReplay.Report report = WhatIfReplay.replay("c-1", events, new WhatIfReplay.Options(false));

        // then
        assertThat(report.movements()).extracting(WhatIfReplay.Row::movementId)
                .containsExactly(reversal.notificationId(), report.movements().get(1).notificationId(),
                        reversal.notificationId() + "/released");
        assertThat(report.whatIfTotal()).isEqualTo(new WhatIfReplay.Delta(0, 0));
        assertThat(WhatIfReplay.replay("c-1", events, new WhatIfReplay.Options(false))).isEqualTo(report);
    }
}
