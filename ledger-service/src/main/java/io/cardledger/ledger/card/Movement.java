package io.cardledger.ledger.card;

import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.MovementFlag;

import java.util.Set;

/**
 * What the rulebook decided for one notification: the change to the wallet's available and
 * withheld balances and the authorization's state afterwards.
 */
public record Movement(
        long availableDeltaMinor,
        long withheldDeltaMinor,
        AuthorizationView authorization,
        Set<MovementFlag> flags) {
}
