package io.cardledger.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.json.FastIsoTimesModule;
import io.cardledger.events.katfacil.KatFacilEventAwaitingCard;
import io.cardledger.events.katfacil.KatFacilEventRecorded;
import io.cardledger.events.wallet.CardMovementPosted;
import io.cardledger.events.wallet.PayInRecorded;
import io.cardledger.events.wallet.PayOutRecorded;
import io.cardledger.events.wallet.TransferReceived;
import io.cardledger.events.wallet.TransferSent;
import io.cardledger.events.wallet.WalletRegistered;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The published event types, by the name that travels in {@link LedgerEventEnvelope#type()}. */
public final class LedgerEventTypes {
    private static final Map<String, Class<?>> BY_NAME = Stream.of(
                    CardRegistered.class, NotificationAwaitingCard.class, CardNotificationRecorded.class,
                    WalletRegistered.class, CardMovementPosted.class, PayInRecorded.class, PayOutRecorded.class,
                    TransferSent.class, TransferReceived.class, KatFacilEventRecorded.class, KatFacilEventAwaitingCard.class,
                    // issue 21 (PayCaddy parity): card state and limits, credit lines, chargebacks
                    io.cardledger.events.card.CardBlocked.class, io.cardledger.events.card.CardUnblocked.class,
                    io.cardledger.events.card.CardCancelled.class, io.cardledger.events.card.CardMonthlyLimitSet.class,
                    io.cardledger.events.card.ChargebackRequested.class, io.cardledger.events.card.ChargebackStatusReported.class,
                    io.cardledger.events.wallet.CreditLineOpened.class, io.cardledger.events.wallet.CreditPaymentReported.class,
                    io.cardledger.events.wallet.CreditLimitChanged.class, io.cardledger.events.wallet.CreditLineBlocked.class,
                    io.cardledger.events.wallet.ChargebackCredited.class)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private LedgerEventTypes() {
    }

    public static Optional<Class<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every published type (docs/asyncapi.yaml has a message and a schema for each). */
    public static java.util.Collection<Class<?>> all() {
        return BY_NAME.values();
    }

    /**
     * The JSON settings every service uses for these contracts: ISO-8601 times (written and read by
     * {@link FastIsoTimesModule}, same text as JavaTimeModule's), unknown fields ignored.
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return io.cardledger.events.json.JsonLimits.service(mapper).registerModule(new JavaTimeModule())
                .registerModule(new FastIsoTimesModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
