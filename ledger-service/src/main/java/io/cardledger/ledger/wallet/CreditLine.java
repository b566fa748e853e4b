package io.cardledger.ledger.wallet;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.wallet.Balance;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A wallet's credit line (PayCaddy {@code walletCredits}): available is limit - used, so the wallet's
 * available balance starts at the limit and what is used is limit - available (holds included: they
 * draw on the line). Immutable; the wallet replaces it on each event. Snapshots serialize its fields.
 *
 * @param openingLimitMinor the limit the line was opened with (a repeated registration must match it)
 * @param termStart         when the current term began: the opening, then each payment that restored the line
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public record CreditLine(long openingLimitMinor, long limitMinor, int termDays, Instant termStart, boolean lineBlocked,
                         long interestRecordedMinor) {

    static CreditLine opened(long limitMinor, int termDays, Instant at) {
        return new CreditLine(limitMinor, limitMinor, termDays, at, false, 0);
    }

    CreditLine paid(long interestMinor, boolean restore, Instant at) {
        long interest = Math.addExact(interestRecordedMinor, interestMinor);
        return restore ? new CreditLine(openingLimitMinor, limitMinor, termDays, at, false, interest)
                : new CreditLine(openingLimitMinor, limitMinor, termDays, termStart, lineBlocked, interest);
    }

    CreditLine withLimit(long newLimitMinor) {
        return new CreditLine(openingLimitMinor, newLimitMinor, termDays, termStart, lineBlocked, interestRecordedMinor);
    }

    CreditLine blocked() {
        return new CreditLine(openingLimitMinor, limitMinor, termDays, termStart, true, interestRecordedMinor);
    }

    /** Null when the line has no term (the seed's {@code time} 0). */
    Instant termEndsAt() {
        return termDays <= 0 || termStart == null ? null : termStart.plus(Duration.ofDays(termDays));
    }

    boolean pastTerm(Instant at) {
        Instant end = termEndsAt();
        return end != null && at.isAfter(end);
    }

    /**
     * Adds the credit flags of one card movement (O(1): no history is read) and answers whether the
     * line must now be blocked: the first use past its term.
     */
    boolean flag(Set<MovementFlag> flags, Balance after, long availableDeltaMinor, Instant at) {
        if (availableDeltaMinor >= 0) {
            return false;
        }
        if (after.availableMinor() < 0) {
            flags.add(MovementFlag.OVER_CREDIT_LIMIT);
        }
        if (lineBlocked) {
            flags.add(MovementFlag.CREDIT_LINE_BLOCKED);
            return false;
        }
        if (pastTerm(at)) {
            flags.add(MovementFlag.CREDIT_PAST_TERM);
            return true;
        }
        return false;
    }

    CreditState state(String walletId, String userId, String currency, Balance balance, Instant at) {
        long used = Math.subtractExact(limitMinor, balance.availableMinor());
        return new CreditState(walletId, userId, currency, lineBlocked ? "BLOCKED" : "ACTIVE", !lineBlocked, limitMinor,
                used, balance.availableMinor(), balance.withheldMinor(), termDays, termStart, termEndsAt(), pastTerm(at),
                balance.availableMinor() < 0, interestRecordedMinor);
    }
}
