package io.cardledger.analyst.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line against a fake ledger-service that records what it was asked and answers canned JSON. */
class AnalystCliTest {
    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private int status = 200;
    private String contentType = "application/json";
    private String answer = "[]";
    /** Answers for the next requests, in turn, each with its X-Next-From header (null for none); then {@link #answer}. */
    private final java.util.Deque<String[]> pages = new java.util.ArrayDeque<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " auth=" + exchange.getRequestHeaders().getFirst("Authorization")
                    + " accept=" + exchange.getRequestHeaders().getFirst("Accept")
                    + " type=" + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " body=" + body);
            String[] page = pages.poll();
            if (page != null && page[1] != null) {
                exchange.getResponseHeaders().add("X-Next-From", page[1]);
            }
            CliTestSupport.reply(exchange, status, contentType, page == null ? answer : page[0]);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int run(String... args) {
        return CliTestSupport.execute(out, err, args, "--url=http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Nested
    class Stream {
        @Test
        void printsATableAndSendsTheAnalystToken() {
            // given
            answer = """
                    [{"sequence":2,"timestamp":"2026-11-23T12:00:00Z","type":"CardMovementPosted","c1Tipo":"PeticionAutorizacion",
                      "c4":1617,"c11":"000004339","availableDelta":-1617,"withheldDelta":1617,"availableAfter":8383,
                      "withheldAfter":1617,"flags":["NEGATIVE_AVAILABLE"],"movementId":"n-1"}]""";

            // when
            int exit = run("stream", "wallet", "w 1", "--from", "2", "--token", "secret");

            // then
            assertThat(exit).isZero();
            assertThat(requests).singleElement().asString()
                    .startsWith("GET /api/v1/analyst/wallets/w%201/stream?from=2&limit=1000 auth=Bearer secret accept=application/json");
            String[] lines = out.toString().split("\n");
            assertThat(lines[0]).startsWith("SEQ  TIMESTAMP").contains("ΔAVAILABLE");
            assertThat(lines[1]).contains("PeticionAutorizacion", "-1617", "8383", "NEGATIVE_AVAILABLE");
            assertThat(lines[2]).isEqualTo("1 event(s)");
        }

        @Test
        void withJsonAsksForJsonLinesAndPrintsThemAsTheyCame() {
            contentType = "application/x-ndjson";
            answer = "{\"sequence\":0}\n{\"sequence\":1}\n";

            assertThat(run("--json", "stream", "card", "c-1")).isZero();

            assertThat(requests.get(0)).startsWith("GET /api/v1/analyst/cards/c-1/stream?limit=1000 auth=Bearer local-analyst-token")
                    .contains("accept=application/x-ndjson");
            assertThat(out.toString()).isEqualTo(answer);
        }

        @Test
        void followsThePagesTheServiceAnnouncesAndPrintsCsvWithOneHeader() {
            pages.add(new String[]{"[{\"sequence\":0,\"type\":\"WalletRegistered\"},{\"sequence\":1,\"type\":\"PayInRecorded\"}]", "2"});
            pages.add(new String[]{"[{\"sequence\":2,\"type\":\"PayInRecorded\",\"movementId\":\"pi, 2\"}]", null});

            assertThat(run("--format", "csv", "stream", "wallet", "w-1", "--page-size", "2")).isZero();

            assertThat(requests).hasSize(2);
            assertThat(requests.get(0)).startsWith("GET /api/v1/analyst/wallets/w-1/stream?limit=2 ");
            assertThat(requests.get(1)).startsWith("GET /api/v1/analyst/wallets/w-1/stream?from=2&limit=2 ");
            String[] lines = out.toString().split("\n");
            assertThat(lines).hasSize(4);
            assertThat(lines[0]).startsWith("SEQ,TIMESTAMP,TYPE");
            assertThat(lines[3]).startsWith("2,,PayInRecorded,").endsWith(",\"pi, 2\"");
        }

        @Test
        void aKatFacilCardStreamIsAskedForByIssuerAndShowsIssuerAndEffect() {
            pages.add(new String[]{"[{\"sequence\":0,\"type\":\"KatFacilEventRecorded\",\"c1Tipo\":\"digitalcard.funded\","
                    + "\"issuer\":\"katfacil\",\"effect\":\"CREDIT\",\"movementId\":\"kf-1\"}]", null});

            assertThat(run("--format", "csv", "stream", "card", "kc-1", "--issuer", "katfacil")).isZero();

            assertThat(requests.get(0)).startsWith("GET /api/v1/analyst/cards/kc-1/stream?limit=1000&issuer=katfacil ");
            String[] lines = out.toString().split("\n");
            assertThat(lines[0]).endsWith(",FLAGS,ISSUER,EFFECT,MOVEMENT");
            assertThat(lines[1]).endsWith(",katfacil,CREDIT,kf-1");
        }
    }

    @Nested
    class Arguments {
        @Test
        void balanceNeedsAnIsoInstant() {
            assertThat(run("balance", "w-1", "--as-of", "yesterday")).isEqualTo(2);
            assertThat(err.toString()).contains("not an ISO-8601 instant");
            assertThat(requests).isEmpty();
        }

        @Test
        void balanceAsksForTheInstantGiven() {
            answer = "{\"walletId\":\"w-1\",\"available\":10000,\"withheld\":0,\"total\":10000,\"currency\":\"USD\",\"sequence\":1}";
            assertThat(run("balance", "w-1", "--as-of", "2026-04-29T23:59:59Z")).isZero();
            assertThat(requests.get(0)).startsWith("GET /api/v1/analyst/wallets/w-1/balance?asOf=2026-04-29T23%3A59%3A59Z ");
            assertThat(out.toString()).contains("10000", "USD");
        }

        @Test
        void whatIfDefaultsToCorrectionsAsFinalAmountsAndCanBeTurnedOff() {
            answer = "{\"cardId\":\"c-1\",\"movements\":[],\"liveTotal\":{},\"whatIfTotal\":{},\"difference\":{}}";
            run("what-if", "c-1");
            run("what-if", "c-1", "--no-corrections-are-final-amounts");
            assertThat(requests.get(0)).contains("body={\"cardId\":\"c-1\",\"correctionsAreFinalAmounts\":true}");
            assertThat(requests.get(1)).contains("body={\"cardId\":\"c-1\",\"correctionsAreFinalAmounts\":false}");
        }

        @Test
        void anomaliesPassTheOpenHoldDays() {
            answer = "{\"openHoldDays\":3,\"counts\":{\"OPEN_HOLD\":1,\"AWAITING_CARD\":100000},\"countsAtLeast\":[\"AWAITING_CARD\"],"
                    + "\"anomalies\":[{\"kind\":\"OPEN_HOLD\",\"cardId\":\"c-1\"}]}";
            assertThat(run("anomalies", "--open-hold-days", "3")).isZero();
            assertThat(requests.get(0)).startsWith("GET /api/v1/analyst/anomalies?openHoldDays=3&limit=100 ");
            assertThat(out.toString()).contains("OPEN_HOLD  c-1").contains("1 anomaly(ies): OPEN_HOLD=1, AWAITING_CARD=100000+");
        }

        @Test
        void anomaliesPassTheFiltersAndFollowEveryPageWithAll() {
            pages.add(new String[]{"{\"counts\":{\"AWAITING_CARD\":2},\"anomalies\":[{\"kind\":\"AWAITING_CARD\",\"cardId\":\"c-1\","
                    + "\"detail\":\"Waiting, for card c-1\"}],\"next\":\"CUR1\"}", null});
            pages.add(new String[]{"{\"counts\":{\"AWAITING_CARD\":2},\"anomalies\":[{\"kind\":\"AWAITING_CARD\",\"cardId\":\"c-2\"}]}", null});

            assertThat(run("--format", "csv", "anomalies", "--kind", "AWAITING_CARD,OPEN_HOLD", "--wallet", "w-1", "--from",
                    "2026-01-01T00:00:00Z", "--limit", "1", "--all")).isZero();

            assertThat(requests).hasSize(2);
            assertThat(requests.get(0)).startsWith("GET /api/v1/analyst/anomalies?openHoldDays=7&kind=AWAITING_CARD%2COPEN_HOLD"
                    + "&walletId=w-1&from=2026-01-01T00%3A00%3A00Z&limit=1 ");
            assertThat(requests.get(1)).contains("&after=CUR1 ");
            String[] lines = out.toString().split("\n");
            assertThat(lines).hasSize(3);
            assertThat(lines[0]).startsWith("KIND,CARD,WALLET");
            assertThat(lines[1]).startsWith("AWAITING_CARD,c-1,").endsWith(",\"Waiting, for card c-1\"");
            assertThat(lines[2]).startsWith("AWAITING_CARD,c-2,");
        }

        @Test
        void anUnknownFormatIsAnArgumentError() {
            assertThat(run("--format", "xml", "anomalies")).isEqualTo(2);
            assertThat(requests).isEmpty();
        }
    }

    @Nested
    class Reconcile {
        @Test
        void sendsTheCsvAndExitsWithThreeWhenWalletsDiffer(@TempDir Path dir) throws IOException {
            // given
            Path csv = Files.writeString(dir.resolve("issuer.csv"), "walletId,balance,amountWithheld\nw-1,10000,0\n");
            answer = """
                    {"checked":1,"matched":0,"mismatched":1,"mismatches":[{"walletId":"w-1",
                     "issuer":{"available":10000,"withheld":0},"ours":{"available":12500,"withheld":0},
                     "difference":{"available":2500,"withheld":0},"reason":"Balances diverged after sequence 1",
                     "movementsSince":[{"sequence":2,"type":"PayInRecorded","availableDelta":2500,"movementId":"pi-2"}]}]}""";

            // when
            int exit = run("reconcile", csv.toString());

            // then
            assertThat(exit).isEqualTo(AnalystCli.MISMATCHES_FOUND);
            assertThat(requests.get(0)).startsWith("POST /api/v1/analyst/reconcile?issuerBalanceMeans=total ").contains("type=text/csv");
            assertThat(out.toString()).contains("1 wallet(s) checked, 0 match, 1 differ", "+2500", "pi-2",
                    "Balances diverged after sequence 1");
        }

        @Test
        void aJsonFileIsSentAsJson(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("issuer.json"), "[]");
            answer = "{\"checked\":0,\"matched\":0,\"mismatched\":0,\"mismatches\":[]}";
            assertThat(run("reconcile", file.toString(), "--json")).isZero();
            assertThat(requests.get(0)).contains("type=application/json");
            assertThat(out.toString()).isEmpty();
        }

        @Test
        void theIssuersBalanceCanBeReadAsAvailableAndAWalletGetObjectIsJson(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("wallet-get.txt"), "{\"id\":\"w-1\",\"balance\":100,\"amountWithheld\":0}");
            answer = "{\"checked\":1,\"matched\":1,\"mismatched\":0,\"mismatches\":[]}";
            assertThat(run("reconcile", file.toString(), "--issuer-balance-means", "available", "--format", "csv")).isZero();
            assertThat(requests.get(0)).startsWith("POST /api/v1/analyst/reconcile?issuerBalanceMeans=available ")
                    .contains("type=application/json");
            assertThat(out.toString()).startsWith("walletId,issuerAvailable");
            assertThat(run("reconcile", file.toString(), "--issuer-balance-means", "net")).isEqualTo(2);
        }

        @Test
        void transactionsListTheUnmatchedLinesOfBothSidesAndExitWithThree(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("list.json"), "{\"transactionListJson\":\"[]\"}");
            answer = """
                    {"cardId":"c-1","issuerLines":2,"ledgerLines":2,"matched":1,"notCompared":0,
                     "onlyInIssuerExport":[{"cardId":"c-1","c11":"000000002","c1Tipo":"PeticionAutorizacion","amount":600,
                       "exportLine":2,"reason":"Amount differs: the ledger has PeticionAutorizacion for c11 000000002 at 500"}],
                     "onlyInLedger":[{"cardId":"c-1","c11":"000000002","c1Tipo":"PeticionAutorizacion","amount":500,
                       "movementId":"n-2","reason":"Amount differs: the issuer's export has PeticionAutorizacion for c11 000000002 at 600"}]}""";

            assertThat(run("reconcile-transactions", file.toString(), "--card", "c-1")).isEqualTo(AnalystCli.MISMATCHES_FOUND);
            assertThat(requests.get(0)).startsWith("POST /api/v1/analyst/reconcile/transactions?cardId=c-1 ");
            assertThat(out.toString()).contains("2 issuer line(s), 2 ledger line(s), 1 matched", "issuer only", "ledger only",
                    "at 500", "1 only in the issuer's export, 1 only in the ledger");

            out.getBuffer().setLength(0);
            assertThat(run("--json", "reconcile-transactions", file.toString(), "--card", "c-1")).isEqualTo(AnalystCli.MISMATCHES_FOUND);
            assertThat(out.toString().split("\n")).hasSize(2).allMatch(l -> l.contains("\"side\":"));
            assertThat(run("reconcile-transactions", file.toString())).isEqualTo(2);
        }
    }

    @Test
    void aProblemFromTheServicePrintsItsTitleAndExitsWithOne() {
        status = 403;
        answer = "{\"title\":\"Analyst role required\",\"status\":403,\"detail\":\"Replay needs the analyst token.\"}";
        assertThat(run("anomalies")).isEqualTo(AnalystCli.SERVICE_ERROR);
        assertThat(err.toString()).contains("error: Analyst role required (HTTP 403): Replay needs the analyst token.");
    }

    @Nested
    class Notifications {
        private static final String STATUS = "{\"notificationId\":\"n-1\",\"cardId\":\"c-1\",\"transactionId\":\"000004339\","
                + "\"notificationType\":\"PeticionAutorizacion\",\"state\":\"APPLIED\",\"movements\":[{\"movementId\":\"n-1\","
                + "\"availableDelta\":-1617,\"withheldDelta\":1617,\"authorizationStatus\":\"PENDING\",\"flags\":[\"CARD_BLOCKED\"],"
                + "\"recordedAt\":\"2026-12-06T08:00:00Z\"}]}";

        @Test
        void aNotificationIdAloneAsksTheAnalystLookupAndPrintsItsMovements() {
            answer = STATUS;

            assertThat(run("notification", "n-1")).isZero();

            assertThat(requests).singleElement().asString().startsWith("GET /api/v1/analyst/notifications/n-1 ");
            assertThat(out.toString()).contains("NOTIFICATION").contains("n-1").contains("c-1").contains("APPLIED")
                    .contains("-1617").contains("CARD_BLOCKED").contains("1 notification(s)");
        }

        @Test
        void aC11AloneListsEveryCardsNotificationsInJsonOrCsv() {
            answer = "[" + STATUS + ",{\"notificationId\":\"n-2\",\"cardId\":\"c-2\",\"transactionId\":\"000004339\","
                    + "\"state\":\"PARKED\",\"movements\":[],\"parkedRecord\":{\"id\":7,\"status\":\"PARKED\",\"reason\":\"bad\"}}]";

            assertThat(run("--json", "notification", "--c11", "000004339")).isZero();
            assertThat(requests.get(0)).startsWith("GET /api/v1/analyst/notifications?c11=000004339 ");
            assertThat(out.toString().split("\n")).hasSize(2).allMatch(l -> l.startsWith("{\"notificationId\""));

            out.getBuffer().setLength(0);
            assertThat(run("--format", "csv", "notification", "--c11", "000004339")).isZero();
            String[] lines = out.toString().split("\n");
            assertThat(lines).hasSize(3);
            assertThat(lines[0]).startsWith("NOTIFICATION,CARD,C11");
            assertThat(lines[2]).startsWith("n-2,c-2,000004339,,PARKED,").endsWith(",\"PARKED #7: bad\"");
        }

        @Test
        void neitherOrBothOfIdAndC11IsAnArgumentErrorAndAnUnknownIdExitsWithOne() {
            assertThat(run("notification")).isEqualTo(2);
            assertThat(run("notification", "n-1", "--c11", "1")).isEqualTo(2);
            assertThat(requests).isEmpty();

            status = 404;
            answer = "{\"title\":\"Notification not found\",\"status\":404,\"detail\":\"No card has notification n-9\"}";
            assertThat(run("notification", "n-9")).isEqualTo(AnalystCli.SERVICE_ERROR);
            assertThat(err.toString()).contains("Notification not found");
        }
    }

    @Test
    void anomaliesShowTheNotificationOfEachRowAKatFacilEventKeyToo() {
        answer = "{\"counts\":{\"DUPLICATE_MONEY_ID\":1},\"anomalies\":[{\"kind\":\"DUPLICATE_MONEY_ID\",\"cardId\":\"kc-1\","
                + "\"c1Tipo\":\"digitalcard.funded\",\"notificationId\":\"kf-abc\",\"detail\":\"KatFacil digitalcard.funded\"}]}";

        assertThat(run("--format", "csv", "anomalies", "--kind", "duplicate_money_id")).isZero();

        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).endsWith(",NOTIFICATION,DETAIL");
        assertThat(lines[1]).startsWith("DUPLICATE_MONEY_ID,kc-1,").endsWith(",kf-abc,\"KatFacil digitalcard.funded\"");
    }
}
