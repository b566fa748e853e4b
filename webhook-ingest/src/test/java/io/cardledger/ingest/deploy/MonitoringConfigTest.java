package io.cardledger.ingest.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.cardledger.ingest.deploy.Yamls.list;
import static io.cardledger.ingest.deploy.Yamls.map;
import static io.cardledger.ingest.deploy.Yamls.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/monitoring: the Grafana dashboard and the Prometheus alert rules use only series the services
 * export (exported-metrics.txt, captured from a running stack), that list still matches the meters in
 * the code, and the rules are valid Prometheus (promtool, where installed: Debian's package
 * {@code prometheus}, also runs alerts-test.yml).
 */
class MonitoringConfigTest {
    private static final Path ROOT = RenderedOverlaysTest.root();
    private static final Path MONITORING = ROOT.resolve("deploy/monitoring");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "inf", "nan", "le");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @Test
    void theDashboardHasAPanelForEveryConcernAndOnlyExportedSeries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana/dashboards/card-ledger.json").toFile());
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(panels::add);

        assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
        String titles = panels.stream().map(p -> p.get("title").asText().toLowerCase()).collect(Collectors.joining("\n"));
        assertThat(titles).contains("ingest: notifications accepted", "latency", "rejections", "ledger: batches", "consumer lag",
                "outbox lag", "freshness", "balance reads", "anomalies", "parked", "jvm heap", "gc pause");
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : panels) {
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                for (String metric : metricNames(target.get("expr").asText())) {
                    if (!exported().contains(metric)) {
                        problems.add(panel.get("title").asText() + ": " + metric);
                    }
                }
            }
        }
        assertThat(problems).as("series not exported by any service").isEmpty();
    }

    @Test
    void theAlertRulesCoverTheIssuesConcernsWithExportedSeries() throws IOException {
        Map<String, Object> rules = map(new Yaml().load(Files.readString(MONITORING.resolve("alerts.yml"))));
        List<Object> all = list(map(rules), "groups").stream().flatMap(g -> list(g, "rules").stream()).toList();
        Map<String, String> byName = all.stream().collect(Collectors.toMap(r -> string(r, "alert"), r -> string(r, "expr")));

        assertThat(byName).containsKeys("ConsumerLagHigh", "ProjectionFreshnessOver1s", "RecordsParked", "Http5xxRate",
                "WebhookUnauthorizedBurst");
        assertThat(byName.get("ProjectionFreshnessOver1s")).contains("projection_lag_seconds_bucket").endsWith("> 1");
        assertThat(byName.get("RecordsParked")).contains("cardledger_parked_records_total").contains("> 0");
        assertThat(byName.get("WebhookUnauthorizedBurst")).contains("status=\"401\"");
        assertThat(byName.get("Http5xxRate")).contains("status=~\"5..\"");
        for (Object rule : all) {
            assertThat(string(rule, "annotations", "summary")).as(string(rule, "alert") + " summary").isNotBlank();
            assertThat(metricNames(string(rule, "expr"))).as(string(rule, "alert")).isNotEmpty().allMatch(exported()::contains);
        }
    }

    /** A meter renamed or removed in code leaves its line in exported-metrics.txt without a source: regenerate the list. */
    @Test
    void theExportedListStillMatchesTheMetersInTheCode() throws IOException {
        Set<String> meters = new TreeSet<>();
        Pattern builder = Pattern.compile("(?:Counter|Timer|Gauge|DistributionSummary)\\.builder\\(\\s*\"([a-z0-9.]+)\"");
        Pattern constant = Pattern.compile("static final String [A-Z_]+ = \"((?:cardledger|projection)\\.[a-z0-9.]+)\"");
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")).toList()) {
                String text = Files.readString(file);
                for (Pattern p : List.of(builder, constant)) {
                    Matcher m = p.matcher(text);
                    while (m.find()) {
                        meters.add(m.group(1).replace('.', '_'));
                    }
                }
            }
        }
        List<String> orphans = exported().stream().filter(s -> s.startsWith("cardledger_") || s.startsWith("projection_"))
                .filter(series -> meters.stream().noneMatch(series::startsWith)).toList();
        assertThat(orphans).as("series in exported-metrics.txt that no meter in the code exports").isEmpty();
    }

    @Test
    void composeRunsPrometheusAndGrafanaProvisionedWithTheRulesAndTheDashboard() throws IOException {
        Map<String, Object> services = map(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))), "services");
        List<String> prometheus = list(services.get("prometheus"), "volumes").stream().map(String::valueOf).toList();
        List<String> grafana = list(services.get("grafana"), "volumes").stream().map(String::valueOf).toList();
        assertThat(prometheus).anyMatch(v -> v.startsWith("./deploy/monitoring/alerts.yml:"))
                .anyMatch(v -> v.startsWith("./deploy/monitoring/prometheus.yml:"));
        assertThat(grafana).anyMatch(v -> v.startsWith("./deploy/monitoring/grafana/dashboards:"))
                .anyMatch(v -> v.contains("provisioning/datasources")).anyMatch(v -> v.contains("provisioning/dashboards"));
        for (String volume : Stream.concat(prometheus.stream(), grafana.stream()).filter(v -> v.startsWith("./")).toList()) {
            assertThat(ROOT.resolve(volume.substring(2, volume.indexOf(':')))).as(volume).exists();
        }
        assertThat(Files.readString(MONITORING.resolve("prometheus.yml"))).contains("/etc/prometheus/alerts.yml");
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        Path promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(promtool != null, "promtool is not installed (apt-get install prometheus): rules not checked by it");
        for (List<String> command : List.of(List.of("check", "rules", "alerts.yml"), List.of("test", "rules", "alerts-test.yml"))) {
            List<String> full = new ArrayList<>(List.of(promtool.toString()));
            full.addAll(command);
            Process process = new ProcessBuilder(full).directory(MONITORING.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("promtool " + String.join(" ", command) + ":\n" + output).isZero();
        }
    }

    @Test
    void metricNamesAreFoundInsideFunctionsAndAggregationsButNotLabelsOrDurations() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, application) (rate(http_server_requests_seconds_bucket"
                + "{application=\"x\", uri=~\"/a.*\"}[5m]))) / on (application) max(up offset 1h) > 1e3"))
                .containsExactlyInAnyOrder("http_server_requests_seconds_bucket", "up");
    }

    /** Metric names in a PromQL expression: identifiers that are not functions, keywords, labels or durations. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            int next = m.end();
            while (next < bare.length() && bare.charAt(next) == ' ') {
                next++;
            }
            boolean function = next < bare.length() && bare.charAt(next) == '(';
            boolean inNumber = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!function && !inNumber && !PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    private static Set<String> exported() throws IOException {
        return Files.readAllLines(MONITORING.resolve("exported-metrics.txt")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
    }
}
