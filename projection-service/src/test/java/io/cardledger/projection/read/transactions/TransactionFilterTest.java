package io.cardledger.projection.read.transactions;

import io.cardledger.projection.api.InvalidQueryException;
import io.cardledger.projection.api.Paging;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionFilterTest {

    @Test
    void datesAreWholeUtcDaysWithToIncluded() {
        TransactionFilter f = TransactionFilter.of("2026-07-02", "2026-07-03", null, false);

        assertThat(f.fromInclusive()).isEqualTo(Instant.parse("2026-07-02T00:00:00Z"));
        assertThat(f.toExclusive()).isEqualTo(Instant.parse("2026-07-04T00:00:00Z"));
    }

    @Test
    void dateTimesWithOrWithoutOffsetAndAnInclusiveTo() {
        TransactionFilter f = TransactionFilter.of("2026-07-02T12:00:00+02:00", "2026-07-02T18:30:00", null, false);

        assertThat(f.fromInclusive()).isEqualTo(Instant.parse("2026-07-02T10:00:00Z"));
        assertThat(f.toExclusive()).isEqualTo(Instant.parse("2026-07-02T18:30:00.000001Z"));
    }

    @Test
    void openEndsAreNull() {
        TransactionFilter f = TransactionFilter.of(null, " ", null, true);

        assertThat(f.fromInclusive()).isNull();
        assertThat(f.toExclusive()).isNull();
        assertThat(f.merchantLikePattern()).isNull();
        assertThat(f.includeDeclined()).isTrue();
    }

    @Test
    void theMerchantIsMatchedLiterally() {
        assertThat(TransactionFilter.of(null, null, " 50%_off\\ ", false).merchantLikePattern()).isEqualTo("%50\\%\\_off\\\\%");
    }

    @Test
    void badValuesNameTheirParameter() {
        assertThatThrownBy(() -> TransactionFilter.of("yesterday", null, null, false))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("from"));
        assertThatThrownBy(() -> TransactionFilter.of(null, "2026-02-30", null, false))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("to"));
        assertThatThrownBy(() -> TransactionFilter.of("2026-07-05", "2026-07-01", null, false))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.getMessage()).contains("must be before"));
        assertThatThrownBy(() -> TransactionFilter.of(null, null, "x".repeat(101), false))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("merchant"));
    }

    @Test
    void pagingIsBoundedAndCountsPages() {
        assertThat(Paging.of(null, null)).isEqualTo(new Paging(0, Paging.DEFAULT_SIZE));
        assertThat(Paging.of(2, 3).offset()).isEqualTo(6);
        assertThat(Paging.of(0, 3).totalPages(7)).isEqualTo(3);
        assertThat(Paging.of(0, 3).totalPages(0)).isZero();
        assertThatThrownBy(() -> Paging.of(-1, 10)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> Paging.of(0, 0)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> Paging.of(0, Paging.MAX_SIZE + 1)).isInstanceOf(InvalidQueryException.class);
    }
}
