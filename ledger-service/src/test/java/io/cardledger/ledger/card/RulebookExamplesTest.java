package io.cardledger.ledger.card;

import io.cardledger.testing.model.LifeNote;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/rulebook.md, each in every arrival order, through the rulebook as the Card
 * aggregate runs it (amounts in units there, in minor units here: 100 = 10000).
 */
class RulebookExamplesTest {
    private static final String AUTH = "PeticionAutorizacion";
    private static final String ADVICE = "ComunicacionAutorizacion";
    private static final String REVERSAL = "ComunicacionAnulacion";
    private static final String CONFIRMADA = "TransaccionConfirmada";
    private static final String POSITIVA = "TransaccionCorregidaPositiva";
    private static final String NEGATIVA = "TransaccionCorregidaNegativa";

    private static LifeNote n(String type, long units, int seq) {
        return new LifeNote(type, units * 100, false, false, false, false, false, seq);
    }

    private static LifeNote ms(String type, long units, int seq) {
        return new LifeNote(type, units * 100, true, false, false, false, false, seq);
    }

    private static LifeNote part(String type, long units, int seq) {
        return new LifeNote(type, units * 100, false, true, false, false, false, seq);
    }

    private static LifeNote closing(long units, int seq) {
        return new LifeNote(CONFIRMADA, units * 100, false, true, true, false, false, seq);
    }

    /** Every arrival order ends at (available, withheld) in units, with the status given. */
    private static void ends(List<LifeNote> life, long available, long withheld, String status) {
        for (List<LifeNote> order : RulebookLifeProperties.permutations(life)) {
            assertThat(RulebookLifeProperties.run(order)).as("%s", order)
                    .isEqualTo(new RulebookLifeProperties.Outcome(available * 100, withheld * 100, status));
        }
    }

    @Test
    void theTable() {
        ends(List.of(n(AUTH, 100, 0)), -100, 100, "PENDING");
        ends(List.of(n(AUTH, 100, 0), n(ADVICE, 120, 1)), -120, 120, "PENDING");
        ends(List.of(ms(AUTH, 25, 0)), 25, 0, "CREDITED");
        ends(List.of(n(AUTH, 100, 0), n(REVERSAL, 40, 1)), -60, 0, "REVERSED");
        ends(List.of(ms(AUTH, 25, 0), ms(REVERSAL, 25, 1)), 0, 0, "CREDIT_REVERSED");
        ends(List.of(n("PeticionDevolucion", 0, 0), n(POSITIVA, 30, 1)), 30, 0, "SETTLED");
        ends(List.of(n(AUTH, 100, 0), n(CONFIRMADA, 90, 1)), -90, 0, "SETTLED");
        ends(List.of(n(AUTH, 100, 0), n(POSITIVA, 10, 1)), -90, 0, "SETTLED");
        ends(List.of(n(AUTH, 100, 0), n(NEGATIVA, 10, 1)), -110, 0, "SETTLED");
        ends(List.of(n(AUTH, 100, 0), part(CONFIRMADA, 30, 1)), -100, 70, "PARTLY_SETTLED");
        ends(List.of(n(AUTH, 100, 0), part(NEGATIVA, 5, 1)), -105, 100, "PARTLY_SETTLED");
        ends(List.of(n(AUTH, 100, 0), part(CONFIRMADA, 30, 1), closing(50, 2)), -80, 0, "SETTLED");
        ends(List.of(n(AUTH, 25, 0), new LifeNote(POSITIVA, 2500, false, false, false, true, false, 1)), 0, 0, "EXPIRED");
    }

    @Test
    void matchingAndOrdering() {
        ends(List.of(n(AUTH, 100, 0), n(NEGATIVA, 10, 1)), -110, 0, "SETTLED");
        ends(List.of(n(AUTH, 100, 0), n(REVERSAL, 40, 1), n(CONFIRMADA, 60, 2)), -60, 0, "SETTLED");
        ends(List.of(n(AUTH, 100, 0), n(REVERSAL, 40, 1), n(CONFIRMADA, 80, 2)), -80, 0, "SETTLED");
        ends(List.of(n(AUTH, 100, 0), n(NEGATIVA, 5, 1), n(REVERSAL, 40, 2)), -65, 0, "SETTLED");
        ends(List.of(n(AUTH, 100, 0), n(CONFIRMADA, 60, 1), n(REVERSAL, 40, 2)), -60, 0, "SETTLED");
        ends(List.of(n(AUTH, 100, 0), part(CONFIRMADA, 30, 1), part(CONFIRMADA, 20, 2), closing(50, 3)), -100, 0, "SETTLED");
        ends(List.of(n(AUTH, 100, 0), part(CONFIRMADA, 30, 1), part(CONFIRMADA, 20, 2)), -100, 50, "PARTLY_SETTLED");
        ends(List.of(n(AUTH, 100, 0), part(CONFIRMADA, 70, 1), part(CONFIRMADA, 60, 2)), -130, 0, "PARTLY_SETTLED");
        ends(List.of(n(AUTH, 40, 0), n(CONFIRMADA, 40, 1), n(NEGATIVA, 3, 2)), -43, 0, "SETTLED");
        ends(List.of(n(CONFIRMADA, 40, 1), n(CONFIRMADA, 40, 1)), -40, 0, "SETTLED_BEFORE_AUTHORIZATION");
        ends(List.of(n(AUTH, 100, 0), new LifeNote(CONFIRMADA, 0, false, false, false, false, true, 1)), -100, 100, "PENDING");
        ends(List.of(ms(AUTH, 25, 0), ms(REVERSAL, 25, 1), ms(CONFIRMADA, 25, 2)), 0, 0, "CREDIT_REVERSED");
    }
}
