import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Checks deploy/'s Kafka security against a real broker (SASL_SSL, SCRAM-SHA-512, StandardAuthorizer):
 * creates the topics, users and ACLs exactly as deploy/overlays/production/kafka-{topics,users}.yaml
 * declare them, then connects as each service with the client settings Spring builds from the
 * service's application.yml overlaid by the production profile, and checks what each may and may not
 * do. Run by deploy/verify/kafka-acl-check.sh; exits non-zero on any unexpected result.
 *
 * Arguments: repository root, bootstrap servers, CA certificate (PEM), admin password, and optionally
 * {@code --set-up-only} (create topics, users and ACLs, print each user's password, check nothing).
 */
public class KafkaAclCheck {
    static final String RAW = "cardledger.raw-notifications.v1";
    static final String KYC = "cardledger.kyc.v1";
    static final String LEDGER = "cardledger.ledger-events.v1";

    static Path repo;
    static String bootstrap;
    static String ca;
    static int failures;

    public static void main(String[] args) throws Exception {
        repo = Path.of(args[0]);
        bootstrap = args[1];
        ca = args[2];
        Map<String, Object> adminProps = new HashMap<>(Map.of("bootstrap.servers", bootstrap, "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "ssl.truststore.type", "PEM", "ssl.truststore.location", ca,
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"" + args[3] + "\";"));
        Map<String, String> passwords = new HashMap<>();
        try (Admin admin = Admin.create(adminProps)) {
            setUp(admin, passwords);
        }
        if (args.length > 4 && args[4].equals("--set-up-only")) {
            // For running the services themselves against this broker: each user's generated password.
            passwords.forEach((user, password) -> System.out.println(user + "=" + password));
            return;
        }

        KafkaProperties ingest = clientSettings("webhook-ingest", passwords);
        KafkaProperties ledger = clientSettings("ledger-service", passwords);
        KafkaProperties projection = clientSettings("projection-service", passwords);

        System.out.println("webhook-ingest (card-ledger-webhook-ingest)");
        allowed("produce to " + RAW, () -> produce(ingest, RAW));
        allowed("produce to " + KYC, () -> produce(ingest, KYC));
        denied("produce to " + LEDGER, () -> produce(ingest, LEDGER));
        denied("consume " + RAW + " in group webhook-ingest", () -> consume(ingest, RAW, "webhook-ingest"));
        denied("create a topic", () -> createTopic(ingest));
        allowed("describe the configuration of " + RAW, () -> describeConfigs(ingest, RAW));

        System.out.println("ledger-service (card-ledger-ledger-service)");
        allowed("consume " + RAW + " in group ledger-raw-notifications, commit offsets", () -> consume(ledger, RAW, "ledger-raw-notifications"));
        denied("consume " + RAW + " in another group (ledger-service)", () -> consume(ledger, RAW, "ledger-service"));
        allowed("produce to " + LEDGER + " (idempotent, acks=all)", () -> produce(ledger, LEDGER));
        denied("produce to " + RAW, () -> produce(ledger, RAW));
        denied("read " + LEDGER + " without a group", () -> readWithoutGroup(ledger, LEDGER));
        denied("read " + KYC + " without a group", () -> readWithoutGroup(ledger, KYC));
        denied("create a topic", () -> createTopic(ledger));
        denied("alter the configuration of " + LEDGER, () -> alterConfigs(ledger, LEDGER));

        System.out.println("projection-service (card-ledger-projection-service)");
        allowed("consume " + LEDGER + " in group ledger-events", () -> consume(projection, LEDGER, "ledger-events"));
        allowed("consume " + KYC + " in group projection-service-kyc", () -> consume(projection, KYC, "projection-service-kyc"));
        allowed("rebuild: read " + LEDGER + " from the start, partitions assigned, no group", () -> readWithoutGroup(projection, LEDGER));
        denied("consume " + LEDGER + " in another group (projection-service)", () -> consume(projection, LEDGER, "projection-service"));
        denied("read " + RAW + " without a group", () -> readWithoutGroup(projection, RAW));
        denied("produce to " + LEDGER, () -> produce(projection, LEDGER));
        denied("create a topic", () -> createTopic(projection));

        System.out.println("credentials");
        passwords.put("card-ledger-ledger-service", "not-the-password");
        KafkaProperties wrong = clientSettings("ledger-service", passwords);
        expect("a wrong password is refused", () -> describeConfigs(wrong, RAW), SaslAuthenticationException.class);

        System.out.println(failures == 0 ? "ALL CHECKS PASSED" : failures + " CHECK(S) FAILED");
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Topics, SCRAM users and ACLs exactly as the production overlay declares them. */
    @SuppressWarnings("unchecked")
    static void setUp(Admin admin, Map<String, String> passwords) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(repo.resolve("deploy/overlays/production/kafka-topics.yaml")))) {
            Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) doc).get("spec");
            Map<String, String> config = new HashMap<>();
            ((Map<String, Object>) spec.get("config")).forEach((k, v) -> config.put(k, String.valueOf(v)));
            config.put("min.insync.replicas", "1"); // one broker here; 2 of 3 in production
            topics.add(new NewTopic((String) spec.get("topicName"), 3, (short) 1).configs(config));
        }
        try {
            admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
        }
        List<AclBinding> acls = new ArrayList<>();
        List<UserScramCredentialUpsertion> users = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(repo.resolve("deploy/overlays/production/kafka-users.yaml")))) {
            Map<String, Object> user = (Map<String, Object>) doc;
            String name = (String) ((Map<String, Object>) user.get("metadata")).get("name");
            String password = UUID.randomUUID().toString().replace("-", "");
            passwords.put(name, password);
            users.add(new UserScramCredentialUpsertion(name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
            Map<String, Object> authorization = (Map<String, Object>) ((Map<String, Object>) user.get("spec")).get("authorization");
            for (Object a : (List<Object>) authorization.get("acls")) {
                Map<String, Object> resource = (Map<String, Object>) ((Map<String, Object>) a).get("resource");
                ResourcePattern pattern = new ResourcePattern(ResourceType.fromString(((String) resource.get("type")).toUpperCase(java.util.Locale.ROOT)),
                        (String) resource.get("name"), PatternType.fromString(((String) resource.get("patternType")).toUpperCase(java.util.Locale.ROOT)));
                for (Object op : (List<Object>) ((Map<String, Object>) a).get("operations")) {
                    AclOperation operation = AclOperation.fromString(((String) op).replaceAll("([a-z])([A-Z])", "$1_$2"));
                    if (operation == AclOperation.UNKNOWN) {
                        throw new IllegalArgumentException("Unknown ACL operation " + op);
                    }
                    acls.add(new AclBinding(pattern, new AccessControlEntry("User:" + name, "*", operation, AclPermissionType.ALLOW)));
                }
            }
        }
        admin.alterUserScramCredentials(new ArrayList<>(users)).all().get();
        admin.createAcls(acls).all().get();
        System.out.println("set up: " + topics.size() + " topics, " + users.size() + " users, " + acls.size() + " ACL entries");
        Thread.sleep(1500); // SCRAM credentials and ACLs reach the broker through the metadata log
    }

    /** What Spring Boot builds for the service: its application.yml, then the production profile on top. */
    static KafkaProperties clientSettings(String service, Map<String, String> passwords) throws Exception {
        String user = "card-ledger-" + service;
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("overrides", Map.of(
                "spring.kafka.bootstrap-servers", bootstrap,
                "spring.kafka.ssl.trust-store-location", "file:" + ca)));
        sources.addLast(new MapPropertySource("env", Map.of("KAFKA_USERNAME", user, "KAFKA_PASSWORD", passwords.get(user))));
        for (String file : List.of("deploy/overlays/production/application-production.yml", service + "/src/main/resources/application.yml")) {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(file, new FileSystemResource(repo.resolve(file)))) {
                sources.addLast(source);
            }
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
        return binder.bindOrCreate("spring.kafka", KafkaProperties.class);
    }

    static Object produce(KafkaProperties settings, String topic) throws Exception {
        Map<String, Object> props = new HashMap<>(settings.buildProducerProperties(null));
        props.put("max.block.ms", 10_000);
        props.put("delivery.timeout.ms", 10_000);
        props.put("request.timeout.ms", 5_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, "key", "{}".getBytes())).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    /** Subscribes in {@code group}, waits for a record and commits its offset. */
    static Object consume(KafkaProperties settings, String topic, String group) {
        Map<String, Object> props = new HashMap<>(settings.buildConsumerProperties(null));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    consumer.commitSync();
                    return records.count() + " record(s)";
                }
            }
            throw new IllegalStateException("no record within 30 s");
        }
    }

    /** As the rebuild (TopicReplay): no group id, every partition assigned, from the beginning to the end offsets. */
    static Object readWithoutGroup(KafkaProperties settings, String topic) {
        Map<String, Object> props = new HashMap<>(settings.buildConsumerProperties(null));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put("default.api.timeout.ms", 10_000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("end offsets not reached within 30 s");
                }
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            if (read == 0) {
                throw new IllegalStateException("nothing to read");
            }
            return read + " record(s)";
        }
    }

    static Object createTopic(KafkaProperties settings) throws Exception {
        try (Admin admin = Admin.create(settings.buildAdminProperties(null))) {
            return admin.createTopics(List.of(new NewTopic("cardledger.intruder.v1", 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    static Object describeConfigs(KafkaProperties settings, String topic) throws Exception {
        Map<String, Object> props = new HashMap<>(settings.buildAdminProperties(null));
        props.put("default.api.timeout.ms", 15_000);
        props.put("request.timeout.ms", 5_000);
        try (Admin admin = Admin.create(props)) {
            return admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic))).all().get()
                    .values().iterator().next().get("retention.ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    static Object alterConfigs(KafkaProperties settings, String topic) throws Exception {
        try (Admin admin = Admin.create(settings.buildAdminProperties(null))) {
            return admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))).all().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    static void allowed(String what, Callable<Object> action) {
        try {
            Object result = action.call();
            System.out.println("  OK    may " + what + (result == null ? "" : " (" + result + ")"));
        } catch (Exception e) {
            failures++;
            System.out.println("  FAIL  should " + what + ", but: " + e);
        }
    }

    static void denied(String what, Callable<Object> action) {
        expect("may not " + what, action, AuthorizationException.class);
    }

    static void expect(String what, Callable<Object> action, Class<? extends Exception> refusal) {
        try {
            action.call();
            failures++;
            System.out.println("  FAIL  " + what + ": it succeeded");
        } catch (Exception e) {
            if (refusal.isInstance(e)) {
                System.out.println("  OK    " + what + " (" + e.getClass().getSimpleName() + ")");
            } else {
                failures++;
                System.out.println("  FAIL  " + what + ": refused for another reason: " + e);
            }
        }
    }
}
