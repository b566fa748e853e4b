package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * The {@code katfacilEvent} step (scenarios/README.md): the step's value is a KatFacil webhook body,
 * sent to {@code POST /webhooks/katfacil} with the target's bearer secret. Its {@code card_id},
 * {@code user_id} and {@code wallet_id} (at any depth) get the run's prefix, so a wallet created for
 * a card (its id is the card's) is named in {@code expect} by the card's scenario id.
 */
final class KatFacilSteps {
    static final String KIND = "katfacilEvent";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ID_FIELDS = Set.of("card_id", "user_id", "wallet_id");

    /** How ScenarioExecution sends a webhook: with the issuer's retries on 503. */
    interface Delivery {
        HttpResponse<String> deliver(ScenarioExecution.Sender sender) throws IOException, InterruptedException;
    }

    private final SystemClient system;
    private final IdPrefix ids;
    /** Distinct events accepted per (namespaced) card: by event id, or by body when there is none. */
    private final Map<String, Set<String>> sentByCard = new LinkedHashMap<>();
    private boolean unconfirmed;

    KatFacilSteps(SystemClient system, IdPrefix ids) {
        this.system = system;
        this.ids = ids;
    }

    HttpResponse<String> send(JsonNode body, Delivery delivery) throws IOException, InterruptedException {
        JsonNode namespaced = namespaced(body);
        String text = JSON.writeValueAsString(namespaced);
        HttpResponse<String> response = delivery.deliver(() -> system.katFacilWebhook(text));
        String cardId = namespaced.path("data").path("card_id").asText(null);
        if (response.statusCode() == 200 && cardId != null) {
            JsonNode eventId = namespaced.get("event_id");
            sentByCard.computeIfAbsent(cardId, c -> new HashSet<>()).add(eventId != null && eventId.isTextual()
                    ? "id:" + eventId.asText() : "body:" + text);
            unconfirmed = true;
        }
        return response;
    }

    /** Null once the ledger shows every KatFacil event accepted so far on its card's stream, else what is missing. */
    String awaitApplied() {
        if (!unconfirmed) {
            return null;
        }
        for (Map.Entry<String, Set<String>> card : sentByCard.entrySet()) {
            AtomicInteger recorded = new AtomicInteger();
            try {
                await().atMost(system.target().catchUp()).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                        .pollInSameThread().until(() -> {
                            recorded.set(system.recordedKatFacilEvents(card.getKey()));
                            return recorded.get() >= card.getValue().size();
                        });
            } catch (ConditionTimeoutException e) {
                return "the ledger had recorded " + recorded.get() + " of the " + card.getValue().size()
                        + " KatFacil events sent for card " + card.getKey();
            }
        }
        unconfirmed = false;
        return null;
    }

    private JsonNode namespaced(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JSON.createObjectNode();
            object.properties().forEach(field -> {
                JsonNode v = field.getValue();
                copy.set(field.getKey(), ID_FIELDS.contains(field.getKey()) && v.isTextual() && !v.asText().isEmpty()
                        ? TextNode.valueOf(ids.id(v.asText())) : namespaced(v));
            });
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(v -> copy.add(namespaced(v)));
            return copy;
        }
        return node;
    }
}
