package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * One run of one scenario: sends its steps under the run's {@link IdPrefix}, checks each answer
 * against what the step expects, and waits (bounded by the target's catch-up time) where the
 * system must catch up first: before a pay-out or transfer until the ledger has recorded every
 * notification sent so far, and at the end until the projection shows the expected balances.
 */
final class ScenarioExecution {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SystemClient system;
    private final IdPrefix ids;
    /** The distinct notifications this run has had accepted, per (namespaced) card. */
    private final Map<String, Set<JsonNode>> sentByCard = new LinkedHashMap<>();
    /** Whether the ledger may not yet have recorded all of them. */
    private boolean unconfirmed;
    private final KatFacilSteps katFacil;

    ScenarioExecution(SystemClient system, IdPrefix ids) {
        this.system = system;
        this.ids = ids;
        this.katFacil = new KatFacilSteps(system, ids);
    }

    /** One delivery of a webhook. */
    interface Sender {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    /** Sends one step; returns null when it got the answer the scenario expects, else what went wrong. */
    String run(Scenario.Step step) throws IOException, InterruptedException {
        if (step.needsAppliedNotifications() && unconfirmed) {
            String notYet = awaitNotificationsApplied();
            if (notYet != null) {
                return notYet;
            }
        }
        if (step.needsAppliedNotifications()) {
            String notYet = katFacil.awaitApplied();
            if (notYet != null) {
                return notYet;
            }
        }
        JsonNode body = step.body();
        ObjectNode notification = null;
        HttpResponse<String> response;
        switch (step.kind()) {
            case "registerWallet" -> response = system.ledger("PUT", "/api/v1/wallets/" + ids.id(body.path("walletId").asText()),
                    ids.namespaced(body));
            case "registerCard" -> response = system.ledger("PUT", "/api/v1/cards/" + ids.id(body.path("cardId").asText()),
                    ids.namespaced(body));
            case "payIn" -> response = system.ledger("POST", "/api/v1/pay-ins", ids.namespaced(body));
            case "payOut" -> response = system.ledger("POST", "/api/v1/pay-outs", ids.namespaced(body));
            case "transfer" -> response = system.ledger("POST", "/api/v1/transfers", ids.namespaced(body));
            case "notification" -> {
                notification = (ObjectNode) ids.namespaced(body);
                ObjectNode n = notification.deepCopy();
                n.put("password", step.password() != null ? step.password() : system.target().webhookPassword());
                String text = JSON.writeValueAsString(n);
                response = webhook(step, () -> system.notificationWebhook(text));
            }
            case "rawNotification" -> {
                String text = ids.namespacedText(body.asText());
                response = webhook(step, () -> system.notificationWebhook(text));
            }
            case KatFacilSteps.KIND -> response = katFacil.send(body, sender -> webhook(step, sender));
            default -> {
                if (!ParitySteps.handles(step.kind())) {
                    return "unknown step " + step.kind();
                }
                ParitySteps.Result result = new ParitySteps(system.target(), ids).run(step.kind(), body);
                response = result.response();
                if (result.mismatch() != null) {
                    return result.mismatch();
                }
            }
        }
        int status = response.statusCode();
        if (notification != null && status == 200 && notification.path("c2CardId").isTextual()) {
            sentByCard.computeIfAbsent(notification.get("c2CardId").asText(), c -> new HashSet<>()).add(notification);
            unconfirmed = true;
        }
        if (step.expectRejected() != null) {
            String title = SystemClient.problemTitle(response);
            if (status < 400 || !step.expectRejected().equals(title)) {
                return "expected refusal \"" + step.expectRejected() + "\", got " + status + " " + SystemClient.abbreviate(response.body());
            }
            return checkStatus(step, status, status);
        }
        return checkStatus(step, status, 200);
    }

    /**
     * Sends a webhook as the issuer does: a 503 means "not stored, send it again" (Kafka did not
     * acknowledge in time, e.g. while a freshly started service makes its first connection), so it
     * is sent again, within the catch-up time, unless the step expects the 503 itself.
     */
    private HttpResponse<String> webhook(Scenario.Step step, Sender sender) throws IOException, InterruptedException {
        HttpResponse<String> response = sender.send();
        if (response.statusCode() != 503 || Integer.valueOf(503).equals(step.expectStatus())) {
            return response;
        }
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>(response);
        try {
            waitUpTo(system.target().catchUp(), Duration.ofMillis(500)).until(() -> {
                last.set(sender.send());
                return last.get().statusCode() != 503;
            });
        } catch (ConditionTimeoutException e) {
            // Still 503 after the catch-up time: the step fails on it.
        }
        return last.get();
    }

    private static String checkStatus(Scenario.Step step, int status, int defaultExpected) {
        int expected = step.expectStatus() != null ? step.expectStatus() : defaultExpected;
        return status == expected ? null : "expected HTTP " + expected + ", got " + status;
    }

    /**
     * Polls the ledger's card streams until each card shows at least as many distinct notification ids
     * as distinct notifications were accepted for it (a redelivery records nothing new); null when it
     * does, else what was missing when the catch-up time ran out.
     */
    private String awaitNotificationsApplied() {
        Target target = system.target();
        if (target.analystToken() == null || target.analystToken().isBlank()) {
            return "a pay-out or transfer after notifications needs the analyst token (--analyst-token) to wait until the "
                    + "ledger has applied them";
        }
        for (Map.Entry<String, Set<JsonNode>> card : sentByCard.entrySet()) {
            AtomicInteger recorded = new AtomicInteger();
            try {
                waitUpTo(target.catchUp(), Duration.ofMillis(50)).until(() -> {
                    recorded.set(system.recordedNotifications(card.getKey()));
                    return recorded.get() >= card.getValue().size();
                });
            } catch (ConditionTimeoutException e) {
                return "the ledger had recorded " + recorded.get() + " of the " + card.getValue().size()
                        + " notifications sent for card " + card.getKey() + " after " + target.catchUp().toSeconds() + " s";
            }
        }
        unconfirmed = false;
        return null;
    }

    /**
     * Polls projection-service until every expected wallet matches or the catch-up time is over;
     * null when they match, else the last mismatch. {@code observed} ends with the last balances read.
     */
    String awaitBalances(Map<String, Outcome.Balance> expected, Map<String, Outcome.Balance> observed) {
        Duration catchUp = system.target().catchUp();
        AtomicReference<String> mismatch = new AtomicReference<>();
        try {
            waitUpTo(catchUp, Duration.ofMillis(100)).until(() -> {
                observed.clear();
                mismatch.set(compareBalances(expected, observed));
                return mismatch.get() == null;
            });
            return null;
        } catch (ConditionTimeoutException e) {
            return mismatch.get() + " (after waiting " + catchUp.toSeconds() + " s)";
        }
    }

    private String compareBalances(Map<String, Outcome.Balance> expected, Map<String, Outcome.Balance> observed)
            throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Outcome.Balance> e : expected.entrySet()) {
            SystemClient.WalletAnswer answer = system.walletBalance(ids.id(e.getKey()));
            Optional<Outcome.Balance> actual = answer.balance();
            if (actual.isEmpty()) {
                problems.add(e.getKey() + ": projection answered " + answer.status());
                continue;
            }
            Outcome.Balance want = e.getValue();
            Outcome.Balance got = actual.get();
            observed.put(e.getKey(), got);
            if (!want.equals(got)) {
                problems.add(String.format("%s: expected available %d withheld %d, got available %d withheld %d",
                        e.getKey(), want.available(), want.withheld(), got.available(), got.withheld()));
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /**
     * Checks at once, then every {@code interval} until {@code atMost}, on the caller's thread (the
     * scenario's own, possibly one of many running at once); an exception of the check ends the wait.
     */
    private static ConditionFactory waitUpTo(Duration atMost, Duration interval) {
        return await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(interval).pollInSameThread();
    }
}
