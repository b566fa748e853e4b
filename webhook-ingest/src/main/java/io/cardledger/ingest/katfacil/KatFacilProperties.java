package io.cardledger.ingest.katfacil;

import io.cardledger.events.katfacil.KatFacilMapping;
import io.cardledger.events.katfacil.MappedField;

import io.cardledger.events.katfacil.KatFacilEventKind;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of {@code POST /webhooks/katfacil} (docs/katfacil.md).
 *
 * @param secret          the shared secret KatFacil sends as {@code Authorization: Bearer <secret>}
 * @param previousSecret  during a rotation, the secret being retired: both are accepted until it is unset
 * @param signatureHeader optional: a header carrying hex HMAC-SHA256 of the body (with or without a
 *                        {@code sha256=} prefix); empty = no signature is required
 * @param signatureSecret the HMAC key; required when {@code signatureHeader} is set
 * @param defaultCurrency the currency of an event that names none
 * @param scrubKeys       keys removed at any depth before anything is stored, besides the PayCaddy
 *                        list (OTPs, activation codes; case-insensitive)
 * @param fields          common field paths, by field key ({@code card-id: [data.card_id, card_id]})
 * @param events          per kind ({@code funded}, {@code new-card}, ...): the event names it answers
 *                        to and field paths overriding the common ones
 */
@ConfigurationProperties("cardledger.katfacil")
public record KatFacilProperties(String secret, String previousSecret, String signatureHeader, String signatureSecret,
                                 String defaultCurrency, List<String> scrubKeys, Map<String, List<String>> fields,
                                 Map<KatFacilEventKind, EventMapping> events) {

    public static final List<String> DEFAULT_SCRUB_KEYS = List.of("otp", "otp_code", "otpCode", "wallet_otp", "walletOtp",
            "code", "activation_code", "activationCode", "card_number", "cardNumber", "cvv", "cvc", "pin", "access_token",
            "accessToken");

    public record EventMapping(List<String> names, Map<String, List<String>> fields) {
    }

    public KatFacilProperties {
        secret = secret == null ? "" : secret;
        previousSecret = previousSecret == null ? "" : previousSecret;
        signatureHeader = signatureHeader == null ? "" : signatureHeader.strip();
        signatureSecret = signatureSecret == null ? "" : signatureSecret;
        defaultCurrency = defaultCurrency == null || defaultCurrency.isBlank() ? "USD" : defaultCurrency;
        scrubKeys = scrubKeys == null || scrubKeys.isEmpty() ? DEFAULT_SCRUB_KEYS : List.copyOf(scrubKeys);
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        events = events == null ? Map.of() : Map.copyOf(events);
    }

    public KatFacilMapping mapping() {
        Map<KatFacilEventKind, List<String>> names = new EnumMap<>(KatFacilEventKind.class);
        Map<KatFacilEventKind, Map<MappedField, List<String>>> overrides = new EnumMap<>(KatFacilEventKind.class);
        events.forEach((kind, mapping) -> {
            if (mapping.names() != null && !mapping.names().isEmpty()) {
                names.put(kind, mapping.names());
            }
            if (mapping.fields() != null) {
                overrides.put(kind, byField(mapping.fields()));
            }
        });
        return new KatFacilMapping(byField(fields), names, overrides, defaultCurrency);
    }

    private static Map<MappedField, List<String>> byField(Map<String, List<String>> byKey) {
        Map<MappedField, List<String>> out = new EnumMap<>(MappedField.class);
        byKey.forEach((key, paths) -> out.put(MappedField.ofKey(key), List.copyOf(paths)));
        return out;
    }

    /** A record prints its components; these are secrets and must never reach a log. */
    @Override
    public String toString() {
        return "KatFacilProperties[secret=" + (secret.isEmpty() ? "<unset>" : "<set>")
                + ", previousSecret=" + (previousSecret.isEmpty() ? "<unset>" : "<set>")
                + ", signatureHeader=" + signatureHeader + ", signatureSecret=" + (signatureSecret.isEmpty() ? "<unset>" : "<set>")
                + ", defaultCurrency=" + defaultCurrency + ", scrubKeys=" + scrubKeys + ", fields=" + fields + ", events=" + events + "]";
    }
}
