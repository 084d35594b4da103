package io.lockstep.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.contract.PipelineTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the rendered manifests promise about Kafka (docs/security.md): a TLS listener with
 * SCRAM-SHA-512 and nothing else, Kafka's ACLs on, one Kafka user per pipeline for its jobs and one
 * for its recovery service, each allowed its own topics and groups only, the size limit on the
 * brokers, and clients that authenticate as that user with a password they read from a mounted
 * file. {@link #problems} lists every broken promise; empty when all hold.
 *
 * <p>The ACLs are checked by what they allow, evaluated the way Kafka's authorizer does (a deny
 * wins; Read, Write, Delete and Alter imply Describe; literal, wildcard and prefix patterns), for
 * the operations each Lockstep client needs and for those it must not have.
 */
final class KafkaSecurity {

  /** The change-record limit, kafka.max-record-bytes' default (common-model PipelineOptions). */
  static final long RECORD_LIMIT = 16L * 1024 * 1024;

  /**
   * What the brokers must accept: Lockstep's producers send up to the record limit plus 1 MiB (the
   * dead-letter record of a refused row at the limit). docs/operations.md, "Sizing".
   */
  static final long BROKER_LIMIT = RECORD_LIMIT + 1024 * 1024;

  static final String CREDENTIALS_DIR = "/opt/lockstep/credentials";
  static final String KAFKA_CA_DIR = "/opt/lockstep/kafka-ca";
  static final String PIPELINES_SECRET = "lockstep-pipeline-credentials";

  private static final Pattern FILE_REFERENCE =
      Pattern.compile("\\$\\{directory:([^:}]+):([^}]+)}");

  private static final Pattern JAAS =
      Pattern.compile(
          "org\\.apache\\.kafka\\.common\\.security\\.scram\\.ScramLoginModule required"
              + " username=\"([^\"]*)\" password=\"([^\"]*)\";");

  private final List<ObjectNode> objects;
  private final List<String> problems = new ArrayList<>();

  private KafkaSecurity(List<ObjectNode> objects) {
    this.objects = objects;
  }

  /** Every broken promise of {@code objects} (one rendered overlay), each saying where. */
  static List<String> problems(List<ObjectNode> objects) {
    KafkaSecurity check = new KafkaSecurity(objects);
    check.run();
    return check.problems;
  }

  private void run() {
    List<ObjectNode> clusters = ofKind("Kafka");
    if (clusters.size() != 1) {
      problems.add("expected one Strimzi Kafka, found " + clusters.size());
      return;
    }
    ObjectNode kafka = clusters.get(0);
    String cluster = Kustomize.name(kafka);
    Set<Integer> securePorts = checkCluster(kafka);
    checkUserSecretsCollideWithNothing(kafka);

    Map<String, JsonNode> pipelines = pipelines();
    Map<String, String> prefixes = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : pipelines.entrySet()) {
      String name = e.getValue().at("/pipeline/name").asText();
      Map<String, String> flat = RenderedManifestsTest.flatten(e.getValue());
      String prefix = flat.getOrDefault("kafka.topic-prefix", "lockstep");
      String other = prefixes.put(prefix, name);
      if (other != null) {
        problems.add(
            "pipelines "
                + other
                + " and "
                + name
                + " share kafka.topic-prefix '"
                + prefix
                + "': their jobs would read each other's topics, and their Kafka users' ACLs"
                + " could not keep them apart");
      }
      checkClient(e.getKey(), name, flat, cluster, securePorts);
    }
    for (Map.Entry<String, JsonNode> e : pipelines.entrySet()) {
      Map<String, String> flat = RenderedManifestsTest.flatten(e.getValue());
      String name = flat.get("pipeline.name");
      checkAcls(name, flat, pipelines);
    }
    for (ObjectNode user : ofKind("KafkaUser")) {
      if (!cluster.equals(user.at("/metadata/labels/strimzi.io~1cluster").asText())) {
        problems.add(
            "KafkaUser "
                + Kustomize.name(user)
                + ": label strimzi.io/cluster must be '"
                + cluster
                + "', or no User Operator manages it");
      }
    }
    checkNetworkPolicies(kafka, securePorts);
  }

  // --- the cluster ---

  /** The ports of the listeners clients may use; every listener must be TLS with SCRAM. */
  private Set<Integer> checkCluster(ObjectNode kafka) {
    Set<Integer> ports = new HashSet<>();
    JsonNode listeners = kafka.at("/spec/kafka/listeners");
    if (!listeners.isArray() || listeners.isEmpty()) {
      problems.add("Kafka " + Kustomize.name(kafka) + " has no listeners");
    }
    for (JsonNode listener : listeners) {
      String where = "Kafka listener '" + listener.path("name").asText() + "'";
      boolean ok = true;
      if (!listener.path("tls").asBoolean(false)) {
        problems.add(where + ": tls must be true (no plaintext listener)");
        ok = false;
      }
      String auth = listener.at("/authentication/type").asText("");
      if (!auth.equals("scram-sha-512")) {
        problems.add(
            where
                + ": authentication must be scram-sha-512 (Lockstep's clients authenticate with"
                + " SCRAM), but is '"
                + auth
                + "'");
        ok = false;
      }
      if (ok) {
        ports.add(listener.path("port").asInt());
      }
    }
    String authorization = kafka.at("/spec/kafka/authorization/type").asText("");
    if (!authorization.equals("simple")) {
      problems.add(
          "Kafka "
              + Kustomize.name(kafka)
              + ": authorization must be 'simple' (Kafka's ACLs), but is '"
              + authorization
              + "'");
    }
    if (kafka.at("/spec/kafka/authorization/superUsers").size() > 0) {
      problems.add("Kafka " + Kustomize.name(kafka) + ": no Lockstep principal is a super user");
    }
    JsonNode config = kafka.at("/spec/kafka/config");
    if (config.path("allow.everyone.if.no.acl.found").asText("false").equals("true")) {
      problems.add("Kafka config allow.everyone.if.no.acl.found must not be true");
    }
    long maxMessage = config.path("message.max.bytes").asLong(-1);
    if (maxMessage != BROKER_LIMIT) {
      problems.add(
          "Kafka config message.max.bytes must be "
              + BROKER_LIMIT
              + " (the 16 MiB record limit plus 1 MiB, docs/operations.md \"Sizing\"), but is "
              + (maxMessage < 0 ? "not set" : maxMessage));
    }
    long replicaFetch = config.path("replica.fetch.max.bytes").asLong(-1);
    if (replicaFetch < BROKER_LIMIT) {
      problems.add(
          "Kafka config replica.fetch.max.bytes must be at least message.max.bytes ("
              + BROKER_LIMIT
              + "), but is "
              + (replicaFetch < 0 ? "not set" : replicaFetch));
    }
    if (!kafka.at("/spec/entityOperator/userOperator").isObject()) {
      problems.add(
          "Kafka "
              + Kustomize.name(kafka)
              + ": entityOperator.userOperator manages the KafkaUsers");
    }
    return ports;
  }

  /**
   * The User Operator writes a Secret named after each user (with the configured prefix); one that
   * has the name of a Secret of ours would overwrite it.
   */
  private void checkUserSecretsCollideWithNothing(ObjectNode kafka) {
    String prefix = kafka.at("/spec/entityOperator/userOperator/secretPrefix").asText("");
    for (ObjectNode user : ofKind("KafkaUser")) {
      String secret = prefix + Kustomize.name(user);
      if (Kustomize.find(objects, "Secret", secret) != null) {
        problems.add(
            "KafkaUser "
                + Kustomize.name(user)
                + ": the User Operator would write its credentials to Secret "
                + secret
                + ", which is one of ours (set entityOperator.userOperator.secretPrefix)");
      }
    }
  }

  // --- the clients ---

  private void checkClient(
      String file, String name, Map<String, String> flat, String cluster, Set<Integer> ports) {
    String where = "pipeline file " + file;
    for (String server : flat.getOrDefault("kafka.bootstrap-servers", "").split(",")) {
      String[] hostPort = server.trim().split(":");
      boolean ok =
          hostPort.length == 2
              && hostPort[0].equals(cluster + "-kafka-bootstrap")
              && ports.contains(Integer.parseInt(hostPort[1]));
      if (!ok) {
        problems.add(
            where
                + ": kafka.bootstrap-servers '"
                + server.trim()
                + "' must be "
                + cluster
                + "-kafka-bootstrap:<port> of a TLS listener with SCRAM "
                + ports);
      }
    }
    Map<String, String> expected = new TreeMap<>();
    expected.put("kafka.properties.security.protocol", "SASL_SSL");
    expected.put("kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
    expected.put("kafka.properties.ssl.truststore.type", "PEM");
    expected.put("kafka.properties.ssl.truststore.location", KAFKA_CA_DIR + "/ca.crt");
    expected.put("kafka.properties.config.providers", "directory");
    expected.put(
        "kafka.properties.config.providers.directory.class",
        "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    expected.put(
        "kafka.properties.config.providers.directory.param.allowed.paths", CREDENTIALS_DIR);
    expected.forEach(
        (key, value) -> {
          if (!value.equals(flat.get(key))) {
            problems.add(where + ": " + key + " must be " + value + ", but is " + flat.get(key));
          }
        });
    String jaas = flat.getOrDefault("kafka.properties.sasl.jaas.config", "");
    Matcher m = JAAS.matcher(jaas);
    if (!m.matches()) {
      problems.add(
          where
              + ": kafka.properties.sasl.jaas.config must be the ScramLoginModule with username and"
              + " password, but is '"
              + jaas
              + "'");
      return;
    }
    String userKey = fileKey(where, "username", m.group(1));
    String passwordKey = fileKey(where, "password", m.group(2));
    if (userKey == null || passwordKey == null) {
      return;
    }
    // The Flink pods run every pipeline's jobs as the pipeline's jobs user.
    ObjectNode flink =
        ofKind("FlinkDeployment").isEmpty() ? null : ofKind("FlinkDeployment").get(0);
    if (flink == null) {
      problems.add("no FlinkDeployment");
    } else {
      checkPod(
          where + ", in the Flink pods",
          flink.at("/spec/podTemplate/spec"),
          "flink-main-container",
          userKey,
          passwordKey,
          "lockstep-jobs-" + name);
    }
    ObjectNode recovery = Kustomize.find(objects, "Deployment", "lockstep-recovery-" + name);
    if (recovery == null) {
      problems.add("no Deployment lockstep-recovery-" + name);
    } else {
      checkPod(
          where + ", in Deployment lockstep-recovery-" + name,
          recovery.at("/spec/template/spec"),
          "recovery",
          userKey,
          passwordKey,
          "lockstep-recovery-" + name);
    }
  }

  /** The file a {@code ${directory:DIR:KEY}} reference reads; null (and a problem) if another. */
  private String fileKey(String where, String what, String value) {
    Matcher m = FILE_REFERENCE.matcher(value);
    if (!m.matches()) {
      problems.add(
          where
              + ": the SCRAM "
              + what
              + " must be read from a mounted file, ${directory:"
              + CREDENTIALS_DIR
              + ":<KEY>}, not written in the file");
      return null;
    }
    if (!m.group(1).equals(CREDENTIALS_DIR)) {
      problems.add(where + ": the SCRAM " + what + " must be read from " + CREDENTIALS_DIR);
      return null;
    }
    return m.group(2);
  }

  /**
   * A pod reads the user name and password files from a Secret whose user name is {@code user}, and
   * whose password key is the one Strimzi sets the user's password from; and it trusts the Kafka
   * cluster CA.
   */
  private void checkPod(
      String where,
      JsonNode podSpec,
      String containerName,
      String userKey,
      String passwordKey,
      String user) {
    JsonNode container = null;
    for (JsonNode c : podSpec.path("containers")) {
      if (c.path("name").asText().equals(containerName)) {
        container = c;
      }
    }
    if (container == null) {
      problems.add(where + ": no container " + containerName);
      return;
    }
    Map<String, SecretKey> credentials = filesAt(where, podSpec, container, CREDENTIALS_DIR);
    SecretKey username = credentials.get(userKey);
    SecretKey password = credentials.get(passwordKey);
    if (username == null || password == null) {
      problems.add(
          where
              + ": "
              + CREDENTIALS_DIR
              + " must hold the files "
              + userKey
              + " and "
              + passwordKey
              + ", but holds "
              + credentials.keySet());
    } else {
      String value = secretValue(username);
      if (!user.equals(value)) {
        problems.add(
            where
                + ": "
                + userKey
                + " ("
                + username
                + ") must be the Kafka user "
                + user
                + ", but is '"
                + value
                + "'");
      }
      ObjectNode kafkaUser = Kustomize.find(objects, "KafkaUser", user);
      if (kafkaUser == null) {
        problems.add(where + ": no KafkaUser " + user);
      } else {
        JsonNode ref = kafkaUser.at("/spec/authentication/password/valueFrom/secretKeyRef");
        SecretKey strimzi = new SecretKey(ref.path("name").asText(), ref.path("key").asText());
        if (!strimzi.equals(password)) {
          problems.add(
              where
                  + ": the password file "
                  + passwordKey
                  + " is "
                  + password
                  + ", but KafkaUser "
                  + user
                  + " takes its password from "
                  + strimzi);
        }
        if (!kafkaUser.at("/spec/authentication/type").asText().equals("scram-sha-512")) {
          problems.add("KafkaUser " + user + ": authentication must be scram-sha-512");
        }
      }
    }
    String cluster = Kustomize.name(ofKind("Kafka").get(0));
    SecretKey ca = filesAt(where, podSpec, container, KAFKA_CA_DIR).get("ca.crt");
    SecretKey expectedCa = new SecretKey(cluster + "-cluster-ca-cert", "ca.crt");
    if (!expectedCa.equals(ca)) {
      problems.add(
          where + ": " + KAFKA_CA_DIR + "/ca.crt must be " + expectedCa + ", but is " + ca);
    }
  }

  /** The files a container sees in {@code dir}: file name to the Secret key it holds. */
  private Map<String, SecretKey> filesAt(
      String where, JsonNode podSpec, JsonNode container, String dir) {
    String volumeName = null;
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("mountPath").asText().equals(dir) && !mount.has("subPath")) {
        volumeName = mount.path("name").asText();
      }
    }
    Map<String, SecretKey> files = new TreeMap<>();
    if (volumeName == null) {
      problems.add(where + ": nothing is mounted at " + dir);
      return files;
    }
    for (JsonNode volume : podSpec.path("volumes")) {
      if (!volume.path("name").asText().equals(volumeName)) {
        continue;
      }
      if (volume.has("secret")) {
        addSecretFiles(
            volume.get("secret").path("secretName").asText(), volume.get("secret"), files);
      }
      for (JsonNode source : volume.at("/projected/sources")) {
        if (source.has("secret")) {
          addSecretFiles(source.get("secret").path("name").asText(), source.get("secret"), files);
        }
      }
    }
    return files;
  }

  private void addSecretFiles(String secret, JsonNode source, Map<String, SecretKey> files) {
    if (source.path("items").isArray() && !source.path("items").isEmpty()) {
      for (JsonNode item : source.path("items")) {
        files.put(item.path("path").asText(), new SecretKey(secret, item.path("key").asText()));
      }
    } else {
      ObjectNode s = Kustomize.find(objects, "Secret", secret);
      if (s != null) {
        for (String key : secretKeys(s)) {
          files.put(key, new SecretKey(secret, key));
        }
      }
    }
  }

  // --- ACLs ---

  private void checkAcls(String name, Map<String, String> flat, Map<String, JsonNode> all) {
    String prefix = flat.getOrDefault("kafka.topic-prefix", "lockstep");
    String applyGroup = flat.getOrDefault("apply.consumer-group", "lockstep-apply-" + name);
    String verifyGroup = flat.getOrDefault("verify.consumer-group", "lockstep-verify-" + name);
    String recoveryGroup = "lockstep-recovery-" + name;
    String changeTopic = prefix + ".db.schema.table";
    String failedRows = PipelineTopics.failedRows(prefix);
    String discrepancies = PipelineTopics.discrepancies(prefix);
    String epochs = PipelineTopics.epochs(prefix);

    Acls jobs = acls("lockstep-jobs-" + name);
    Acls recovery = acls("lockstep-recovery-" + name);
    if (jobs == null || recovery == null) {
      return;
    }
    // What the clients do (docs/security.md): the capture writes and creates change topics and
    // the epochs topic; apply and the verifier read them with their groups (apply reads the epochs
    // topic without one) and write the dead-letter and discrepancies topics; the verifier reads
    // apply's committed offsets.
    jobs.mustAllow("topic", changeTopic, "Write", "Create", "Read", "Describe");
    jobs.mustAllow("topic", failedRows, "Write", "Create", "Describe");
    jobs.mustAllow("topic", discrepancies, "Write", "Create", "Describe");
    jobs.mustAllow("topic", epochs, "Write", "Create", "Read", "Describe");
    jobs.mustAllow("group", applyGroup, "Read", "Describe");
    jobs.mustAllow("group", verifyGroup, "Read", "Describe");
    // The recovery service ingests the two topics in its group, publishes force-sync images to
    // change topics, and reads apply's offsets for the cutover lag.
    recovery.mustAllow("topic", failedRows, "Read", "Describe");
    recovery.mustAllow("topic", discrepancies, "Read", "Describe");
    recovery.mustAllow("group", recoveryGroup, "Read", "Describe");
    recovery.mustAllow("topic", changeTopic, "Write", "Describe");
    recovery.mustAllow("group", applyGroup, "Describe");

    // Not beyond what it needs.
    recovery.mustDeny("topic", failedRows, "Write");
    recovery.mustDeny("topic", discrepancies, "Write");
    // The capture's epoch announcements: whoever writes them can make a change raise the target's
    // epoch, which sweeps the rows older epochs wrote.
    recovery.mustDeny("topic", epochs, "Write");
    recovery.mustDeny("topic", changeTopic, "Read", "Create", "Delete", "Alter");
    recovery.mustDeny("group", applyGroup, "Read");
    recovery.mustDeny("group", verifyGroup, "Read", "Describe");
    jobs.mustDeny("group", recoveryGroup, "Read", "Describe");
    for (Acls user : List.of(jobs, recovery)) {
      user.mustDeny("topic", changeTopic, "Delete", "Alter", "AlterConfigs");
      user.mustDeny("topic", prefix + "x.db.schema.table", "Read", "Write", "Describe");
      user.mustDeny("topic", "__consumer_offsets", "Read", "Write", "Describe");
      user.mustDeny("cluster", "kafka-cluster", "Create", "Alter", "AlterConfigs", "ClusterAction");
      user.mustDeny("transactionalId", "lockstep", "Write", "Describe");
      user.mustDeny("group", "another-group", "Read", "Describe");
      for (JsonNode other : all.values()) {
        Map<String, String> o = RenderedManifestsTest.flatten(other);
        String otherName = o.get("pipeline.name");
        if (otherName.equals(name)) {
          continue;
        }
        String otherPrefix = o.getOrDefault("kafka.topic-prefix", "lockstep");
        user.mustDeny("topic", otherPrefix + ".db.schema.table", "Read", "Write", "Describe");
        user.mustDeny("topic", PipelineTopics.failedRows(otherPrefix), "Read", "Write");
        user.mustDeny("topic", PipelineTopics.discrepancies(otherPrefix), "Read", "Write");
        user.mustDeny("group", "lockstep-apply-" + otherName, "Read", "Describe");
        user.mustDeny("group", "lockstep-verify-" + otherName, "Read");
        user.mustDeny("group", "lockstep-recovery-" + otherName, "Read");
      }
      // And structurally: every rule names this pipeline's topics or groups.
      for (JsonNode rule : user.rules) {
        String type = rule.at("/resource/type").asText();
        String resource = rule.at("/resource/name").asText();
        String pattern = rule.at("/resource/patternType").asText("literal");
        boolean ours =
            switch (type) {
              case "topic" -> resource.startsWith(prefix + ".") && !resource.equals("*");
              case "group" ->
                  pattern.equals("literal")
                      && Set.of(applyGroup, verifyGroup, recoveryGroup).contains(resource);
              default -> false;
            };
        if (!ours && !rule.path("type").asText("allow").equals("deny")) {
          problems.add(
              "KafkaUser "
                  + user.user
                  + ": rule on "
                  + type
                  + " '"
                  + resource
                  + "' ("
                  + pattern
                  + ") reaches beyond pipeline "
                  + name
                  + " (topics "
                  + prefix
                  + ".*, its consumer groups)");
        }
      }
    }
  }

  private Acls acls(String user) {
    ObjectNode kafkaUser = Kustomize.find(objects, "KafkaUser", user);
    if (kafkaUser == null) {
      problems.add("no KafkaUser " + user);
      return null;
    }
    if (!kafkaUser.at("/spec/authorization/type").asText().equals("simple")) {
      problems.add("KafkaUser " + user + ": authorization must be simple (ACLs)");
      return null;
    }
    List<JsonNode> rules = new ArrayList<>();
    kafkaUser.at("/spec/authorization/acls").forEach(rules::add);
    return new Acls(user, rules);
  }

  /** One user's ACLs, evaluated as Kafka's StandardAuthorizer does. */
  private final class Acls {
    final String user;
    final List<JsonNode> rules;

    Acls(String user, List<JsonNode> rules) {
      this.user = user;
      this.rules = rules;
    }

    void mustAllow(String type, String resource, String... operations) {
      for (String operation : operations) {
        if (!allowed(type, resource, operation)) {
          problems.add(
              "KafkaUser "
                  + user
                  + " must be allowed "
                  + operation
                  + " on "
                  + type
                  + " '"
                  + resource
                  + "'");
        }
      }
    }

    void mustDeny(String type, String resource, String... operations) {
      for (String operation : operations) {
        if (allowed(type, resource, operation)) {
          problems.add(
              "KafkaUser "
                  + user
                  + " must not be allowed "
                  + operation
                  + " on "
                  + type
                  + " '"
                  + resource
                  + "'");
        }
      }
    }

    boolean allowed(String type, String resource, String operation) {
      boolean allow = false;
      for (JsonNode rule : rules) {
        if (!matches(rule.path("resource"), type, resource)) {
          continue;
        }
        boolean deny = rule.path("type").asText("allow").equalsIgnoreCase("deny");
        for (String op : operations(rule)) {
          if (deny && (op.equals("all") || op.equals(lower(operation)))) {
            return false;
          }
          if (!deny && implies(op, lower(operation))) {
            allow = true;
          }
        }
      }
      return allow;
    }
  }

  private static boolean matches(JsonNode resource, String type, String name) {
    if (!resource.path("type").asText().equalsIgnoreCase(type)) {
      return false;
    }
    if (type.equals("cluster")) {
      return true;
    }
    String pattern = resource.path("patternType").asText("literal");
    String ruleName = resource.path("name").asText();
    return pattern.equalsIgnoreCase("prefix")
        ? name.startsWith(ruleName)
        : ruleName.equals("*") || ruleName.equals(name);
  }

  private static List<String> operations(JsonNode rule) {
    List<String> ops = new ArrayList<>();
    rule.path("operations").forEach(o -> ops.add(lower(o.asText())));
    if (rule.has("operation")) {
      ops.add(lower(rule.path("operation").asText()));
    }
    return ops;
  }

  /** Whether an allowed operation grants the requested one (Kafka's implied operations). */
  private static boolean implies(String granted, String requested) {
    if (granted.equals("all") || granted.equals(requested)) {
      return true;
    }
    if (requested.equals("describe")) {
      return Set.of("read", "write", "delete", "alter").contains(granted);
    }
    return requested.equals("describeconfigs") && granted.equals("alterconfigs");
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  // --- network ---

  private void checkNetworkPolicies(ObjectNode kafka, Set<Integer> ports) {
    for (JsonNode listener : kafka.at("/spec/kafka/listeners")) {
      Set<String> peers = new HashSet<>();
      for (JsonNode peer : listener.path("networkPolicyPeers")) {
        peer.at("/podSelector/matchLabels")
            .fields()
            .forEachRemaining(e -> peers.add(e.getKey() + "=" + e.getValue().asText()));
      }
      for (String needed :
          List.of("app=lockstep-session", "app.kubernetes.io/name=lockstep-recovery")) {
        if (!peers.contains(needed)) {
          problems.add(
              "Kafka listener '"
                  + listener.path("name").asText()
                  + "': networkPolicyPeers must admit the pods labelled "
                  + needed);
        }
      }
    }
    ObjectNode egress = Kustomize.find(objects, "NetworkPolicy", "recovery-egress");
    if (egress == null) {
      return;
    }
    boolean reachesKafka = false;
    for (JsonNode rule : egress.at("/spec/egress")) {
      boolean toKafka = false;
      for (JsonNode to : rule.path("to")) {
        toKafka |= to.at("/podSelector/matchLabels/strimzi.io~1kind").asText().equals("Kafka");
      }
      for (JsonNode port : rule.path("ports")) {
        reachesKafka |= toKafka && ports.contains(port.path("port").asInt());
      }
    }
    if (!reachesKafka) {
      problems.add(
          "NetworkPolicy recovery-egress must let the recovery services reach the Kafka pods on the"
              + " TLS listener's port "
              + ports);
    }
  }

  // --- helpers ---

  /** Pipeline files by ConfigMap key. */
  private Map<String, JsonNode> pipelines() {
    Map<String, JsonNode> out = new TreeMap<>();
    ObjectNode cm = Kustomize.find(objects, "ConfigMap", "lockstep-pipelines");
    if (cm == null) {
      problems.add("no ConfigMap lockstep-pipelines");
      return out;
    }
    Kustomize.stringMap(cm.path("data"))
        .forEach(
            (key, text) -> {
              try {
                out.put(key, Kustomize.YAML.readTree(text));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return out;
  }

  private List<ObjectNode> ofKind(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  private String secretValue(SecretKey key) {
    ObjectNode secret = Kustomize.find(objects, "Secret", key.secret());
    if (secret == null) {
      return null;
    }
    if (secret.at("/data").has(key.key())) {
      return new String(
          Base64.getDecoder().decode(secret.at("/data").get(key.key()).asText()),
          StandardCharsets.UTF_8);
    }
    JsonNode plain = secret.at("/stringData").get(key.key());
    return plain == null ? null : plain.asText();
  }

  static Set<String> secretKeys(JsonNode secret) {
    Set<String> keys = new HashSet<>();
    secret.path("data").fieldNames().forEachRemaining(keys::add);
    secret.path("stringData").fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** A key of a Secret. */
  record SecretKey(String secret, String key) {
    @Override
    public String toString() {
      return "Secret " + secret + " key " + key;
    }
  }
}
