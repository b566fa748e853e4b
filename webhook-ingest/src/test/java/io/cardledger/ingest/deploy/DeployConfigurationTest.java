package io.cardledger.ingest.deploy;

import io.cardledger.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static checks of the production configuration in {@code deploy/}, {@code docker-compose.yml} and the
 * {@code Dockerfile} (issue 17 part 5): every pod hardened and limited, no secret in a manifest, a
 * default-deny NetworkPolicy, Kafka users whose ACLs match the topics and consumer groups the code
 * uses, the PostgreSQL callback that the projection's rebuild depends on in step with the rebuild's
 * table list, compose without development fallbacks. Reads files only; no cluster, no Docker.
 */
class DeployConfigurationTest {
    /** Environment variable names that carry a secret: only ever from a Secret. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY|JAAS).*");
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod");
    private static final Set<String> SERVICES = Set.of("webhook-ingest", "ledger-service", "projection-service");
    private static final String MONITORING_NAMESPACE = "monitoring";

    private static Path root;
    private static List<Manifest> manifests;

    record Manifest(Path file, Map<String, Object> doc) {
        String kind() {
            return String.valueOf(doc.get("kind"));
        }

        String name() {
            return String.valueOf(map(doc, "metadata").get("name"));
        }

        @Override
        public String toString() {
            return root.relativize(file) + " " + kind() + "/" + name();
        }
    }

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/base/kustomization.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (with deploy/base/kustomization.yaml) above the working directory").isNotNull();
        root = dir;
        manifests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("deploy"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    if (doc instanceof Map<?, ?> m && m.containsKey("kind")) {
                        manifests.add(new Manifest(file, cast(m)));
                    }
                }
            }
        }
        assertThat(manifests).as("manifests under deploy/").isNotEmpty();
    }

    @Test
    void everyServiceIsDeployedOnce() {
        assertThat(workloads().stream().map(Manifest::name).collect(Collectors.toSet())).containsAll(SERVICES);
    }

    @Test
    void everyPodIsHardenedAndLimited() {
        List<String> problems = new ArrayList<>();
        for (Manifest w : workloads()) {
            Map<String, Object> pod = podSpec(w);
            Map<String, Object> podSecurity = map(pod, "securityContext");
            if (!Boolean.TRUE.equals(podSecurity.get("runAsNonRoot"))) {
                problems.add(w + ": pod securityContext.runAsNonRoot is not true");
            }
            if (!"RuntimeDefault".equals(map(map(pod, "securityContext"), "seccompProfile").get("type"))) {
                problems.add(w + ": pod seccompProfile is not RuntimeDefault");
            }
            Map<String, Map<String, Object>> volumes = new HashMap<>();
            list(pod, "volumes").forEach(v -> volumes.put(String.valueOf(map(v).get("name")), map(v)));
            List<Object> containers = new ArrayList<>(list(pod, "containers"));
            containers.addAll(list(pod, "initContainers"));
            assertThat(containers).as(w + " containers").isNotEmpty();
            for (Object c : containers) {
                Map<String, Object> container = map(c);
                String where = w + " container " + container.get("name");
                Map<String, Object> security = map(container, "securityContext");
                if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
                    problems.add(where + ": readOnlyRootFilesystem is not true");
                }
                if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
                    problems.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (!list(map(security, "capabilities"), "drop").contains("ALL")) {
                    problems.add(where + ": capabilities do not drop ALL");
                }
                if (!list(map(security, "capabilities"), "add").isEmpty()) {
                    problems.add(where + ": adds capabilities");
                }
                Map<String, Object> resources = map(container, "resources");
                for (String bound : List.of("limits", "requests")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (map(resources, bound).get(resource) == null) {
                            problems.add(where + ": no " + bound + "." + resource);
                        }
                    }
                }
                if (String.valueOf(container.get("image")).startsWith("card-ledger/")) {
                    String javaOptions = envValue(container, "JAVA_TOOL_OPTIONS");
                    if (javaOptions == null || !javaOptions.contains("-XX:+ExitOnOutOfMemoryError") || !javaOptions.contains("-XX:MaxRAMPercentage=")) {
                        problems.add(where + ": JAVA_TOOL_OPTIONS lacks -XX:+ExitOnOutOfMemoryError or -XX:MaxRAMPercentage: " + javaOptions);
                    }
                    boolean tmp = list(container, "volumeMounts").stream().map(DeployConfigurationTest::map)
                            .anyMatch(m -> "/tmp".equals(m.get("mountPath"))
                                    && volumes.getOrDefault(String.valueOf(m.get("name")), Map.of()).containsKey("emptyDir"));
                    if (!tmp) {
                        problems.add(where + ": no emptyDir on /tmp (the root filesystem is read-only)");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void secretsComeOnlyFromSecrets() {
        List<String> problems = new ArrayList<>();
        for (Manifest w : workloads()) {
            Map<String, Object> pod = podSpec(w);
            List<Object> containers = new ArrayList<>(list(pod, "containers"));
            containers.addAll(list(pod, "initContainers"));
            for (Object c : containers) {
                for (Object e : list(map(c), "env")) {
                    Map<String, Object> env = map(e);
                    String name = String.valueOf(env.get("name"));
                    if (SECRET_NAME.matcher(name).matches()
                            && (env.containsKey("value") || !map(env, "valueFrom").containsKey("secretKeyRef"))) {
                        problems.add(w + ": env " + name + " is not a secretKeyRef");
                    }
                }
                for (Object from : list(map(c), "envFrom")) {
                    if (!map(from).containsKey("secretRef") && !map(from).containsKey("configMapRef")) {
                        problems.add(w + ": envFrom neither secretRef nor configMapRef: " + from);
                    }
                }
            }
        }
        for (Manifest k : kind("Kustomization")) {
            for (Object generator : list(k.doc(), "configMapGenerator")) {
                for (Object literal : list(map(generator), "literals")) {
                    String key = String.valueOf(literal).split("=", 2)[0];
                    if (SECRET_NAME.matcher(key.toUpperCase()).matches()) {
                        problems.add(k + ": ConfigMap literal " + key + " looks like a secret");
                    }
                }
            }
        }
        for (Manifest m : manifests) {
            if (m.kind().equals("ConfigMap")) {
                map(m.doc(), "data").keySet().stream().filter(key -> SECRET_NAME.matcher(key.toUpperCase()).matches())
                        .forEach(key -> problems.add(m + ": ConfigMap key " + key + " looks like a secret"));
            }
            if (m.file().startsWith(root.resolve("deploy/overlays/production"))) {
                if (m.kind().equals("Secret")) {
                    problems.add(m + ": production defines a Secret; ops create them");
                }
                if (m.kind().equals("Kustomization") && m.doc().containsKey("secretGenerator")) {
                    problems.add(m + ": production generates Secrets; ops create them");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everySecretTheProductionPodsNeedIsDocumented() throws IOException {
        String readme = Files.readString(root.resolve("deploy/README.md"));
        Set<String> referenced = new TreeSet<>();
        for (Manifest w : workloads()) {
            collectSecretNames(w.doc(), referenced);
        }
        for (Manifest user : kind("KafkaUser")) {
            collectSecretNames(user.doc(), referenced);
        }
        referenced.add("card-ledger-kafka-ca");
        referenced.add("card-ledger-pg-ca");
        assertThat(referenced).isNotEmpty();
        assertThat(referenced.stream().filter(s -> !readme.contains("`" + s + "`")).toList())
                .as("Secrets referenced by the manifests but not listed in deploy/README.md").isEmpty();
    }

    @Test
    void theNamespaceDeniesByDefaultAndOnlyTheIngestIsReachableFromOutside() {
        List<Manifest> policies = kind("NetworkPolicy").stream()
                .filter(p -> p.file().startsWith(root.resolve("deploy/base"))).toList();
        assertThat(policies).as("a default-deny NetworkPolicy in deploy/base").anyMatch(p -> {
            Map<String, Object> spec = map(p.doc(), "spec");
            return spec.containsKey("podSelector") && map(spec, "podSelector").isEmpty()
                    && list(spec, "policyTypes").containsAll(List.of("Ingress", "Egress"))
                    && !spec.containsKey("ingress") && !spec.containsKey("egress");
        });
        List<String> problems = new ArrayList<>();
        for (Manifest p : kind("NetworkPolicy")) {
            Map<String, Object> spec = map(p.doc(), "spec");
            boolean ingestOnly = "webhook-ingest".equals(map(map(spec, "podSelector"), "matchLabels").get("app.kubernetes.io/name"));
            for (Object rule : list(spec, "ingress")) {
                List<Object> from = list(map(rule), "from");
                if (from.isEmpty()) {
                    problems.add(p + ": an ingress rule without `from` admits every source");
                }
                for (Object peer : from) {
                    Map<String, Object> source = map(peer);
                    boolean outside = source.containsKey("namespaceSelector") || source.containsKey("ipBlock");
                    boolean monitoring = MONITORING_NAMESPACE.equals(
                            map(map(source, "namespaceSelector"), "matchLabels").get("kubernetes.io/metadata.name"));
                    if (outside && !ingestOnly && !monitoring) {
                        problems.add(p + ": admits traffic from outside the namespace to more than webhook-ingest: " + peer);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void kafkaTopicsAreTheOnesTheCodeUsesReplicatedAndKeptForEver() {
        List<Manifest> topics = kind("KafkaTopic");
        assertThat(topics.stream().map(t -> map(t.doc(), "spec").get("topicName")).collect(Collectors.toSet()))
                .isEqualTo(Set.of(Topics.RAW_NOTIFICATIONS, Topics.KATFACIL_EVENTS, Topics.KYC, Topics.LEDGER_EVENTS, Topics.CHARGEBACKS));
        for (Manifest t : topics) {
            Map<String, Object> spec = map(t.doc(), "spec");
            assertThat(((Number) spec.get("replicas")).intValue()).as(t + " replicas").isGreaterThanOrEqualTo(3);
            Map<String, Object> config = map(spec, "config");
            assertThat(String.valueOf(config.get("min.insync.replicas"))).as(t + " min.insync.replicas").isEqualTo("2");
            Topics.KEEP_FOREVER.forEach((key, value) -> assertThat(String.valueOf(config.get(key))).as(t + " " + key).isEqualTo(value));
        }
    }

    /**
     * Exactly these rights per user, group names derived from each service's configuration and
     * listeners: a listener with a new group, or an ACL someone widens, fails here.
     */
    @Test
    void kafkaUsersHoldExactlyTheirTopicsAndGroups() throws IOException {
        Map<String, Map<String, Set<String>>> expected = new LinkedHashMap<>();
        expected.put("webhook-ingest", Map.of(
                "topic:" + Topics.RAW_NOTIFICATIONS, Set.of("Write", "Describe", "DescribeConfigs"),
                "topic:" + Topics.KATFACIL_EVENTS, Set.of("Write", "Describe", "DescribeConfigs"),
                "topic:" + Topics.KYC, Set.of("Write", "Describe", "DescribeConfigs"),
                "topic:" + Topics.CHARGEBACKS, Set.of("Write", "Describe", "DescribeConfigs")));
        Map<String, Set<String>> ledger = new HashMap<>(Map.of(
                "topic:" + Topics.RAW_NOTIFICATIONS, Set.of("Read", "Describe", "DescribeConfigs"),
                "topic:" + Topics.KATFACIL_EVENTS, Set.of("Read", "Describe", "DescribeConfigs"),
                "topic:" + Topics.LEDGER_EVENTS, Set.of("Write", "Describe", "DescribeConfigs"),
                "topic:" + Topics.CHARGEBACKS, Set.of("Read", "Describe", "DescribeConfigs")));
        consumerGroups("ledger-service").forEach(g -> ledger.put("group:" + g, Set.of("Read")));
        expected.put("ledger-service", ledger);
        Map<String, Set<String>> projection = new HashMap<>(Map.of(
                "topic:" + Topics.LEDGER_EVENTS, Set.of("Read", "Describe", "DescribeConfigs"),
                "topic:" + Topics.KYC, Set.of("Read", "Describe", "DescribeConfigs")));
        consumerGroups("projection-service").forEach(g -> projection.put("group:" + g, Set.of("Read")));
        expected.put("projection-service", projection);
        // The groups as they are today (listener ids ledger-raw-notifications, ledger-katfacil-events,
        // ledger-chargebacks and ledger-events; the KYC listener's explicit group): a change in code shows here first.
        assertThat(ledger.keySet().stream().filter(k -> k.startsWith("group:")))
                .containsExactlyInAnyOrder("group:ledger-raw-notifications", "group:ledger-katfacil-events", "group:ledger-chargebacks");
        assertThat(projection.keySet().stream().filter(k -> k.startsWith("group:")))
                .containsExactlyInAnyOrder("group:ledger-events", "group:projection-service-kyc");

        Map<String, Manifest> users = kind("KafkaUser").stream().collect(Collectors.toMap(Manifest::name, u -> u));
        assertThat(users.keySet()).isEqualTo(SERVICES.stream().map(s -> "card-ledger-" + s).collect(Collectors.toSet()));
        for (Map.Entry<String, Map<String, Set<String>>> service : expected.entrySet()) {
            Manifest user = users.get("card-ledger-" + service.getKey());
            Map<String, Object> spec = map(user.doc(), "spec");
            assertThat(map(spec, "authentication").get("type")).as(user + " authentication").isEqualTo("scram-sha-512");
            Map<String, Set<String>> actual = new HashMap<>();
            for (Object a : list(map(spec, "authorization"), "acls")) {
                Map<String, Object> resource = map(map(a), "resource");
                assertThat(resource.get("patternType")).as(user + " " + resource).isEqualTo("literal");
                assertThat(String.valueOf(resource.get("name"))).as(user + " " + resource).doesNotContain("*");
                actual.computeIfAbsent(resource.get("type") + ":" + resource.get("name"), k -> new HashSet<>())
                        .addAll(list(map(a), "operations").stream().map(String::valueOf).toList());
            }
            assertThat(actual).as(user + " ACLs").isEqualTo(service.getValue());

            // The service logs in as this user, with the password the user is made from.
            Map<String, Object> container = map(list(podSpec(workload(service.getKey())), "containers").get(0));
            assertThat(envValue(container, "KAFKA_USERNAME")).as(service.getKey() + " KAFKA_USERNAME").isEqualTo(user.name());
            Map<String, Object> userSecret = map(map(map(map(spec, "authentication"), "password"), "valueFrom"), "secretKeyRef");
            assertThat(secretKeyRef(container, "KAFKA_PASSWORD")).as(service.getKey() + " KAFKA_PASSWORD").isEqualTo(userSecret);
        }
    }

    @Test
    void theProductionProfileConnectsToKafkaWithScramOverTls() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("env", Map.of("KAFKA_USERNAME", "card-ledger-ledger-service", "KAFKA_PASSWORD", "p4ss")));
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("production",
                new FileSystemResource(root.resolve("deploy/overlays/production/application-production.yml")))) {
            sources.addLast(source);
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
        KafkaProperties kafka = binder.bindOrCreate("spring.kafka", KafkaProperties.class);
        for (Map<String, Object> client : List.of(kafka.buildConsumerProperties(null), kafka.buildProducerProperties(null), kafka.buildAdminProperties(null))) {
            assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.endpoint.identification.algorithm", "https")
                    .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                            + "username=\"card-ledger-ledger-service\" password=\"p4ss\";");
            assertThat(String.valueOf(client.get("ssl.truststore.location"))).endsWith("kafka-ca/ca.crt");
        }
        assertThat(kafka.getAdmin().isAutoCreate()).as("topics are a deploy step").isFalse();
        assertThat(kafka.getListener().getAuthExceptionRetryInterval()).as("a refused consumer retries instead of stopping").isNotNull();

        // The profile is activated, and its file mounted where the services look for it.
        Map<String, Object> config = kind("Kustomization").stream().filter(k -> k.file().startsWith(root.resolve("deploy/overlays/production")))
                .findFirst().orElseThrow().doc();
        List<String> literals = list(config, "configMapGenerator").stream().flatMap(g -> list(map(g), "literals").stream()).map(String::valueOf).toList();
        assertThat(literals).contains("SPRING_PROFILES_ACTIVE=production", "SPRING_CONFIG_ADDITIONAL_LOCATION=file:/etc/card-ledger/spring/");
        assertThat(String.valueOf(config.get("patches"))).contains("mountPath: /etc/card-ledger/spring").contains("mountPath: /etc/card-ledger/kafka-ca");
    }

    /** The rebuild swaps these tables with ALTER TABLE ... SET SCHEMA: its role must own every one. */
    @Test
    void theProjectionsRuntimeRoleOwnsExactlyTheTablesTheRebuildSwaps() throws IOException {
        Pattern tablesDeclaration = Pattern.compile("List<String>\\s+TABLES\\s*=\\s*List\\.of\\(([^)]*)\\)");
        Set<String> rebuilt = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(root.resolve("projection-service/src/main/java"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = tablesDeclaration.matcher(Files.readString(source));
                while (m.find()) {
                    Matcher name = Pattern.compile("\"([a-z_]+)\"").matcher(m.group(1));
                    while (name.find()) {
                        rebuilt.add(name.group(1));
                    }
                }
            }
        }
        assertThat(rebuilt).as("the rebuild's table list (List<String> TABLES = List.of(...), ShadowSchema) in projection-service").isNotEmpty();
        String callback = Files.readString(root.resolve("deploy/base/flyway/projection/afterMigrate.sql"));
        Set<String> handedOver = new TreeSet<>();
        Matcher m = Pattern.compile("ALTER TABLE IF EXISTS (\\w+) OWNER TO projection_app").matcher(callback);
        while (m.find()) {
            handedOver.add(m.group(1));
        }
        assertThat(handedOver).isEqualTo(rebuilt);
    }

    @Test
    void postgresRolesAreNeverSuperusers() throws IOException {
        String sql = Files.readString(root.resolve("deploy/postgres-init.sql"));
        List<String> alterRoles = sql.lines().filter(l -> l.startsWith("ALTER ROLE")).toList();
        assertThat(alterRoles.stream().filter(l -> l.contains(" WITH LOGIN "))).hasSize(5).allMatch(l -> l.contains(" NOSUPERUSER ") && l.contains(" NOCREATEROLE ")
                && l.contains(" NOCREATEDB ") && l.contains(" NOBYPASSRLS "));
        assertThat(sql).doesNotContainIgnoringCase("GRANT ALL").doesNotContainIgnoringCase("GRANT postgres")
                .doesNotContainPattern("\\b(SUPERUSER|CREATEROLE|CREATEDB|BYPASSRLS|REPLICATION)\\b");
        for (Manifest w : workloads()) {
            collectEnv(w).forEach((name, value) -> assertThat(value).as(w + " " + name).isNotEqualTo("postgres"));
        }
    }

    @Test
    void composeRequiresItsSecretsAndHardensTheServices() throws IOException {
        String text = Files.readString(root.resolve("docker-compose.yml"));
        assertThat(text).doesNotContain(":-local-").doesNotContain("local-service-token").doesNotContain("local-webhook-password");
        Map<String, Object> compose = cast(new Yaml().load(text));
        Pattern required = Pattern.compile("\\$\\{[A-Z_]+:\\?[^}]+}");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> service : map(compose, "services").entrySet()) {
            Map<String, Object> s = map(service.getValue());
            map(s, "environment").forEach((name, value) -> {
                if (SECRET_NAME.matcher(name).matches() && !required.matcher(String.valueOf(value)).matches()) {
                    problems.add(service.getKey() + ": " + name + " is not a required variable (${X:?message}): " + value);
                }
            });
            if (s.containsKey("build")) {
                if (!String.valueOf(map(s, "environment").get("JAVA_TOOL_OPTIONS")).contains("-XX:+ExitOnOutOfMemoryError")) {
                    problems.add(service.getKey() + ": JAVA_TOOL_OPTIONS lacks -XX:+ExitOnOutOfMemoryError");
                }
                if (!Boolean.TRUE.equals(s.get("read_only")) || !list(s, "cap_drop").contains("ALL")) {
                    problems.add(service.getKey() + ": not read_only with every capability dropped");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(Files.readAllLines(root.resolve(".gitignore"))).as(".env is never committed").contains(".env");
    }

    @Test
    void theImageRunsAsNonRootAndExitsOnOutOfMemory() throws IOException {
        List<String> dockerfile = Files.readAllLines(root.resolve("Dockerfile"));
        assertThat(dockerfile).anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("\"-XX:+ExitOnOutOfMemoryError\""));
        assertThat(dockerfile).anyMatch(l -> l.matches("USER [1-9][0-9]*(:[1-9][0-9]*)?"));
    }

    /**
     * Renders both overlays with kustomize (kubectl's built-in) when it is installed, and checks the
     * result: what the static checks above cannot see (patch paths, name references, merges).
     */
    @Test
    void bothOverlaysRenderWithKustomize() throws Exception {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl != null, "kubectl is not installed: the overlays were not rendered");
        for (String overlay : List.of("local", "production")) {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", root.resolve("deploy/overlays/" + overlay).toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("kubectl kustomize " + overlay + " finished").isTrue();
            assertThat(process.exitValue()).as("kubectl kustomize " + overlay + ":\n" + output).isZero();
            List<Map<String, Object>> objects = new ArrayList<>();
            new Yaml().loadAll(output).forEach(o -> objects.add(map(o)));
            Map<String, Long> kinds = objects.stream().collect(Collectors.groupingBy(o -> String.valueOf(o.get("kind")), Collectors.counting()));
            assertThat(kinds).as(overlay + " kinds").containsEntry("Deployment", 3L).containsKey("NetworkPolicy");
            assertThat(objects).as(overlay + ": default-deny-all").anyMatch(o -> "NetworkPolicy".equals(o.get("kind"))
                    && "default-deny-all".equals(map(o, "metadata").get("name")));
            for (Map<String, Object> deployment : objects.stream().filter(o -> "Deployment".equals(o.get("kind"))).toList()) {
                Map<String, Object> container = map(list(map(map(map(deployment, "spec"), "template"), "spec"), "containers").get(0));
                List<String> names = list(container, "env").stream().map(e -> String.valueOf(map(e).get("name"))).toList();
                assertThat(names).as(overlay + " " + map(deployment, "metadata").get("name") + " env names").doesNotHaveDuplicates();
                if (overlay.equals("production")) {
                    assertThat(list(container, "volumeMounts").stream().map(m -> map(m).get("mountPath")))
                            .contains("/tmp", "/etc/card-ledger/spring", "/etc/card-ledger/kafka-ca");
                }
            }
            if (overlay.equals("production")) {
                assertThat(kinds).containsEntry("KafkaUser", 3L).containsEntry("KafkaTopic", 5L).doesNotContainKey("Secret");
                // (RenderedOverlaysTest checks the namespaces: the services' and the platform's.)
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Consumer groups of a service's {@code @KafkaListener}s, by Spring Kafka's rule: the listener's
     * {@code groupId} if it names one, else its {@code id} (unless {@code idIsGroup = "false"}), else
     * spring.kafka.consumer.group-id. (The group-id property alone is not the group: a listener id wins.)
     */
    static Set<String> consumerGroups(String service) throws IOException {
        Map<String, Object> yml = cast(new Yaml().load(Files.readString(root.resolve(service + "/src/main/resources/application.yml"))));
        String defaultGroup = String.valueOf(map(map(map(yml, "spring"), "kafka"), "consumer").get("group-id"));
        Pattern listener = Pattern.compile("@KafkaListener\\(([^)]*)\\)");
        Pattern groupId = Pattern.compile("\\bgroupId\\s*=\\s*\"([^\"]+)\"");
        Pattern id = Pattern.compile("\\bid\\s*=\\s*\"([^\"]+)\"");
        Pattern idIsNotGroup = Pattern.compile("\\bidIsGroup\\s*=\\s*\"?false");
        Set<String> groups = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(root.resolve(service + "/src/main/java"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = listener.matcher(Files.readString(source));
                while (m.find()) {
                    String attributes = m.group(1);
                    Matcher g = groupId.matcher(attributes);
                    Matcher i = id.matcher(attributes);
                    String group = g.find() ? g.group(1)
                            : i.find() && !idIsNotGroup.matcher(attributes).find() ? i.group(1) : defaultGroup;
                    groups.add(group.replace("${spring.kafka.consumer.group-id}", defaultGroup));
                }
            }
        }
        groups.forEach(g -> assertThat(g).as(service + " group").doesNotContain("${").isNotEqualTo("null"));
        return groups;
    }

    private static List<Manifest> workloads() {
        return manifests.stream().filter(m -> WORKLOAD_KINDS.contains(m.kind())).toList();
    }

    private static Manifest workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name) && w.file().startsWith(root.resolve("deploy/base")))
                .findFirst().orElseThrow(() -> new AssertionError("no workload " + name + " in deploy/base"));
    }

    private static List<Manifest> kind(String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    private static Map<String, Object> podSpec(Manifest w) {
        Map<String, Object> spec = map(w.doc(), "spec");
        return switch (w.kind()) {
            case "Pod" -> spec;
            case "CronJob" -> map(map(map(map(spec, "jobTemplate"), "spec"), "template"), "spec");
            default -> map(map(spec, "template"), "spec");
        };
    }

    private static String envValue(Map<String, Object> container, String name) {
        return list(container, "env").stream().map(DeployConfigurationTest::map).filter(e -> name.equals(e.get("name")))
                .map(e -> (String) e.get("value")).findFirst().orElse(null);
    }

    private static Map<String, Object> secretKeyRef(Map<String, Object> container, String name) {
        return list(container, "env").stream().map(DeployConfigurationTest::map).filter(e -> name.equals(e.get("name")))
                .map(e -> map(map(e, "valueFrom"), "secretKeyRef")).findFirst().orElse(Map.of());
    }

    private static Map<String, String> collectEnv(Manifest w) {
        Map<String, String> env = new HashMap<>();
        for (Object c : list(podSpec(w), "containers")) {
            for (Object e : list(map(c), "env")) {
                if (map(e).containsKey("value")) {
                    env.put(String.valueOf(map(e).get("name")), String.valueOf(map(e).get("value")));
                }
            }
        }
        return env;
    }

    /** Names of Secrets referenced anywhere below {@code node} (secretKeyRef, secretRef, secret volumes). */
    static void collectSecretNames(Object node, Set<String> names) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (("secretKeyRef".equals(e.getKey()) || "secretRef".equals(e.getKey())) && e.getValue() instanceof Map<?, ?> ref) {
                    names.add(String.valueOf(ref.get("name")));
                } else if ("secret".equals(e.getKey()) && e.getValue() instanceof Map<?, ?> volume && volume.containsKey("secretName")) {
                    names.add(String.valueOf(volume.get("secretName")));
                } else {
                    collectSecretNames(e.getValue(), names);
                }
            }
        } else if (node instanceof List<?> l) {
            l.forEach(item -> collectSecretNames(item, names));
        }
    }

    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? cast(m) : Map.of();
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return map(parent.get(key));
    }

    private static List<Object> list(Object parent, String key) {
        Object value = map(parent).get(key);
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
