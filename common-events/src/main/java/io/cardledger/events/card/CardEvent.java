package io.cardledger.events.card;

/** Facts recorded by the Card aggregate (one per issued card, keyed by cardId). */
public sealed interface CardEvent permits CardRegistered, NotificationAwaitingCard, CardNotificationRecorded,
        CardBlocked, CardUnblocked, CardCancelled, CardMonthlyLimitSet, ChargebackRequested, ChargebackStatusReported {
    String cardId();
}
