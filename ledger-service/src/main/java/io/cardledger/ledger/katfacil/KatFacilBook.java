package io.cardledger.ledger.katfacil;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.cardledger.events.katfacil.KatFacilEffect;
import io.cardledger.events.katfacil.KatFacilEventRecorded;
import io.cardledger.events.katfacil.RawKatFacilEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a KatFacil card remembers to apply the rules: its wallet, the event keys already applied
 * (exactly-once effect per event id), the ids whose money already moved (a funding, transaction or
 * blockchain id moves money once even under another event id), the fundings still pending, whether
 * KatFacil reported it frozen, and the events waiting for its newcard. Changed only from recorded
 * events: no decisions here. Snapshots serialize its fields (snapshot revision: {@link KatFacilCard}'s).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class KatFacilBook {
    private String walletId;
    private String walletCurrency;
    private boolean frozen;
    private final Set<String> seen = new HashSet<>();
    private final Set<String> moneyIds = new HashSet<>();
    // its concrete type, so that a snapshot restores it in the same (arrival) order
    private final LinkedHashSet<String> pendingFundings = new LinkedHashSet<>();
    private final List<RawKatFacilEvent> awaitingCard = new ArrayList<>();

    public boolean registered() {
        return walletId != null;
    }

    public String walletId() {
        return walletId;
    }

    public String walletCurrency() {
        return walletCurrency;
    }

    public boolean frozen() {
        return frozen;
    }

    public boolean hasSeen(String eventKey) {
        return seen.contains(eventKey);
    }

    public boolean moneyMoved(String moneyId) {
        return moneyId != null && moneyIds.contains(moneyId);
    }

    public Set<String> pendingFundings() {
        return Set.copyOf(pendingFundings);
    }

    public List<RawKatFacilEvent> awaitingCard() {
        return List.copyOf(awaitingCard);
    }

    /**
     * Estimated heap this book takes, for the KatFacil card cache's memory budget: every event key it applied, every
     * money id and pending funding (~160 bytes each: a short string in a hash set), and the whole of each event still
     * waiting for the card's registration. {@code CardMemoryBenchmark} measured ~242 bytes per completed transaction
     * (an event key and a money id) in a book read from its snapshot, and ~14 KB for a card of 30 (its sets' fixed
     * cost): the estimate is 1.02–1.39× that.
     */
    public long estimatedHeapBytes() {
        return 4_000L + 160L * (seen.size() + moneyIds.size() + pendingFundings.size()) + 4_000L * awaitingCard.size();
    }

    void await(RawKatFacilEvent event) {
        seen.add(event.eventKey());
        awaitingCard.add(event);
    }

    void record(KatFacilEventRecorded e) {
        seen.add(e.event().eventKey());
        switch (e.effect()) {
            case CARD_REGISTERED -> {
                walletId = e.walletId();
                walletCurrency = e.walletCurrency();
                awaitingCard.clear();
            }
            case FUNDING_PENDING -> {
                String funding = e.event().event().fundingId();
                if (funding != null) {
                    pendingFundings.add(funding);
                }
            }
            case CREDIT, DEBIT -> {
                String moneyId = KatFacilRules.moneyId(e.event().event());
                if (moneyId != null) {
                    moneyIds.add(moneyId);
                }
                if (e.effect() == KatFacilEffect.CREDIT && e.event().event().fundingId() != null) {
                    pendingFundings.remove(e.event().event().fundingId());
                }
            }
            case FROZEN -> frozen = true;
            case UNFROZEN -> frozen = false;
            default -> {
                // DECLINED, RECORDED: remembered as seen only.
            }
        }
    }
}
