package io.cardledger.events.card;

/**
 * The state of one authorization after a notification was applied, so read models never have
 * to recompute the lifecycle.
 *
 * @param transactionId   c11; "" for notifications that match nothing
 * @param status          lifecycle state
 * @param authorizedMinor amount the authorization (or advice) approved
 * @param heldMinor       amount still withheld for it
 * @param settledMinor    amount settled so far (spent)
 * @param modifications   batch settlements applied to it (more than one is "modified twice")
 */
public record AuthorizationView(
        String transactionId,
        AuthorizationStatus status,
        long authorizedMinor,
        long heldMinor,
        long settledMinor,
        int modifications) {

    public static AuthorizationView none(String transactionId) {
        return new AuthorizationView(transactionId == null ? "" : transactionId, AuthorizationStatus.NONE, 0, 0, 0, 0);
    }
}
