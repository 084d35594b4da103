package io.lockstep.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders the overlays of deploy/k8s and checks what they hold. */
class RenderedManifestsTest {

  private static final String PIPELINES_MOUNT = "/opt/lockstep/pipelines/";

  /**
   * Keys that may differ between a file in config/ and its in-cluster variant: where things are,
   * what the secrets are called, and how the clients reach this deployment's Kafka (its own topic
   * prefix, and the TLS and SCRAM settings under {@link #DEPLOYMENT_KEY_PREFIXES}, which
   * KafkaSecurityTest pins); never what is replicated or how.
   */
  private static final Set<String> DEPLOYMENT_KEYS =
      Set.of(
          "pipeline.name",
          "source.host",
          "source.port",
          "source.password-env",
          "source.password-file",
          "target.host",
          "target.port",
          "target.password-env",
          "target.password-file",
          "kafka.bootstrap-servers",
          "kafka.topic-prefix",
          "checkpoint.directory");

  private static final List<String> DEPLOYMENT_KEY_PREFIXES = List.of("kafka.properties.");

  /**
   * Secrets the Strimzi operators create at run time, which pods may mount: the cluster CA
   * certificate (the Kafka clients' truststore).
   */
  private static final Map<String, Set<String>> OPERATOR_SECRETS =
      Map.of("lockstep-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));

  private final ManifestValidator validator = new ManifestValidator();

  @ParameterizedTest
  @ValueSource(strings = {"four-routes", "six-pipelines"})
  void everyRenderedObjectValidates(String overlay) throws IOException {
    List<ObjectNode> objects = render(overlay);

    List<String> problems = new ArrayList<>();
    objects.forEach(o -> problems.addAll(validator.problems(o)));

    // What kubectl apply -k would send, for reading: target/rendered/<overlay>.yaml.
    writeRendered(overlay, objects);
    assertThat(problems).as("problems in overlays/%s", overlay).isEmpty();
    assertThat(objects).allSatisfy(o -> assertThat(namespaceOf(o)).isIn("lockstep", ""));
  }

  @Test
  void sixPipelinesRunEighteenSessionJobsBehindOneFlinkDeployment() {
    List<ObjectNode> objects = render("six-pipelines");

    List<ObjectNode> deployments = ofKind(objects, "FlinkDeployment");
    List<ObjectNode> jobs = ofKind(objects, "FlinkSessionJob");
    assertThat(deployments).hasSize(1);
    assertThat(jobs).hasSize(18);
    String session = Kustomize.name(deployments.get(0));
    assertThat(jobs)
        .allSatisfy(j -> assertThat(j.at("/spec/deploymentName").asText()).isEqualTo(session));
    assertThat(deployments.get(0).path("spec").has("job")).as("session mode: no job").isFalse();
    assertThat(ofKind(objects, "Deployment")).hasSize(6);
  }

  @Test
  void flinkSessionClusterHasHaCheckpointStorageAndPrometheus() {
    JsonNode conf = ofKind(render("six-pipelines"), "FlinkDeployment").get(0).at("/spec");

    assertThat(conf.at("/flinkConfiguration/high-availability.type").asText())
        .isEqualTo("kubernetes");
    assertThat(conf.at("/flinkConfiguration/high-availability.storageDir").asText()).isNotBlank();
    assertThat(conf.at("/flinkConfiguration/execution.checkpointing.dir").asText()).isNotBlank();
    assertThat(conf.at("/flinkConfiguration/execution.checkpointing.savepoint-dir").asText())
        .isNotBlank();
    assertThat(conf.at("/flinkConfiguration/metrics.reporter.prom.factory.class").asText())
        .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
  }

  @Test
  void everyPipelineFileInConfigHasItsComponentConfigMapAndJobs() throws IOException {
    List<ObjectNode> objects = render("four-routes");
    Map<String, String> pipelineFiles = pipelineFiles(objects);

    List<Path> configs = configFiles();
    assertThat(configs).isNotEmpty();
    for (Path config : configs) {
      String route = config.getFileName().toString().replace(".yaml", "");
      Path component = Repo.path("deploy/k8s/pipelines/" + route);
      assertThat(component.resolve("kustomization.yaml"))
          .as("config/%s needs the component deploy/k8s/pipelines/%s", route + ".yaml", route)
          .isRegularFile();
      ObjectNode variant = onlyPipelineFileOf(component);
      String name = variant.at("/pipeline/name").asText();

      assertThat(pipelineFiles).as("ConfigMap lockstep-pipelines").containsKey(name + ".yaml");
      assertThat(flatten(Kustomize.YAML.readTree(pipelineFiles.get(name + ".yaml"))))
          .isEqualTo(flatten(variant));
      assertSameRoute(config, variant);
      for (String kind : List.of("capture", "apply", "verify")) {
        assertThat(Kustomize.find(objects, "FlinkSessionJob", "lockstep-" + kind + "-" + name))
            .as("FlinkSessionJob lockstep-%s-%s for config/%s.yaml", kind, name, route)
            .isNotNull();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"four-routes", "six-pipelines"})
  void sessionJobsAndRecoveryServicesReferToWhatExists(String overlay) throws IOException {
    List<ObjectNode> objects = render(overlay);
    Map<String, String> pipelineFiles = pipelineFiles(objects);
    Set<String> credentials =
        Kustomize.find(objects, "Secret", "lockstep-pipeline-credentials").path("data").isObject()
            ? fieldNames(
                Kustomize.find(objects, "Secret", "lockstep-pipeline-credentials").get("data"))
            : Set.of();
    Map<String, String> entryClasses =
        Map.of(
            "capture", "io.lockstep.capture.CaptureJob",
            "apply", "io.lockstep.apply.ApplyJob",
            "verify", "io.lockstep.verify.VerifierJob");

    for (ObjectNode job : ofKind(objects, "FlinkSessionJob")) {
      String name = Kustomize.name(job);
      String kind = name.split("-")[1];
      JsonNode args = job.at("/spec/job/args");
      assertThat(job.at("/spec/job/entryClass").asText())
          .as(name)
          .isEqualTo(entryClasses.get(kind));
      assertThat(args.get(0).asText()).as(name).isEqualTo("--config");
      String file = args.get(1).asText().substring(PIPELINES_MOUNT.length());
      assertThat(pipelineFiles).as("%s reads %s", name, args.get(1).asText()).containsKey(file);
      JsonNode pipeline = Kustomize.YAML.readTree(pipelineFiles.get(file));
      assertThat(name).isEqualTo("lockstep-" + kind + "-" + pipeline.at("/pipeline/name").asText());
      for (String env : passwordEnvs(pipeline)) {
        assertThat(credentials)
            .as("%s needs %s in lockstep-pipeline-credentials", name, env)
            .contains(env);
      }
      // A *-file key names a file the Flink pods mount: a key of the credentials Secret.
      flatten(pipeline)
          .forEach(
              (key, value) -> {
                if (key.endsWith("-file")) {
                  assertThat(value)
                      .as("%s: %s", name, key)
                      .startsWith(KafkaSecurity.CREDENTIALS_DIR + "/");
                  assertThat(credentials)
                      .as("%s: %s names a file of lockstep-pipeline-credentials", name, key)
                      .contains(value.substring(KafkaSecurity.CREDENTIALS_DIR.length() + 1));
                }
              });
    }
    for (ObjectNode deployment : ofKind(objects, "Deployment")) {
      JsonNode pod = deployment.at("/spec/template");
      assertThat(fieldsOf(pod.at("/metadata/labels")))
          .as("%s: the selector matches the pod", Kustomize.name(deployment))
          .containsAllEntriesOf(fieldsOf(deployment.at("/spec/selector/matchLabels")));
      for (JsonNode container : pod.at("/spec/containers")) {
        assertThat(container.has("livenessProbe") && container.has("readinessProbe")).isTrue();
        assertThat(container.at("/resources/requests").isObject()).isTrue();
        for (JsonNode env : container.path("env")) {
          JsonNode ref = env.at("/valueFrom/secretKeyRef");
          if (!ref.isMissingNode()) {
            ObjectNode secret = Kustomize.find(objects, "Secret", ref.path("name").asText());
            assertThat(secret).as("Secret %s", ref.path("name").asText()).isNotNull();
            assertThat(
                    fieldNames(
                        secret.path("data").isObject()
                            ? secret.get("data")
                            : secret.path("stringData")))
                .contains(ref.path("key").asText());
          }
        }
        for (JsonNode from : container.path("envFrom")) {
          if (from.has("secretRef")) {
            assertThat(Kustomize.find(objects, "Secret", from.at("/secretRef/name").asText()))
                .isNotNull();
          }
        }
      }
      for (JsonNode volume : pod.at("/spec/volumes")) {
        for (JsonNode item : volume.at("/configMap/items")) {
          assertThat(pipelineFiles).containsKey(item.path("key").asText());
        }
        assertSecretItemsExist(
            objects,
            Kustomize.name(deployment),
            volume.at("/secret/secretName").asText(null),
            volume.at("/secret/items"));
        for (JsonNode source : volume.at("/projected/sources")) {
          assertSecretItemsExist(
              objects,
              Kustomize.name(deployment),
              source.at("/secret/name").asText(null),
              source.at("/secret/items"));
        }
      }
    }
    JsonNode flinkPod =
        ofKind(objects, "FlinkDeployment").get(0).at("/spec/podTemplate/spec/volumes");
    for (JsonNode volume : flinkPod) {
      assertSecretItemsExist(
          objects,
          "FlinkDeployment",
          volume.at("/secret/secretName").asText(null),
          volume.at("/secret/items"));
    }
    for (ObjectNode user : ofKind(objects, "KafkaUser")) {
      JsonNode ref = user.at("/spec/authentication/password/valueFrom/secretKeyRef");
      ObjectNode secret = Kustomize.find(objects, "Secret", ref.path("name").asText());
      assertThat(secret)
          .as("KafkaUser %s: its password's Secret %s", Kustomize.name(user), ref.path("name"))
          .isNotNull();
      assertThat(KafkaSecurity.secretKeys(secret))
          .as("KafkaUser %s: its password's key", Kustomize.name(user))
          .contains(ref.path("key").asText());
    }
    for (ObjectNode service : ofKind(objects, "Service")) {
      Map<String, String> selector = fieldsOf(service.at("/spec/selector"));
      assertThat(ofKind(objects, "Deployment"))
          .as("Service %s selects a pod", Kustomize.name(service))
          .anySatisfy(
              d ->
                  assertThat(fieldsOf(d.at("/spec/template/metadata/labels")))
                      .containsAllEntriesOf(selector));
    }
  }

  // --- helpers ---

  /** A secret volume's (or projected source's) Secret exists and has the keys it names. */
  private static void assertSecretItemsExist(
      List<ObjectNode> objects, String where, String secretName, JsonNode items) {
    if (secretName == null) {
      return;
    }
    ObjectNode secret = Kustomize.find(objects, "Secret", secretName);
    Set<String> keys =
        secret != null ? KafkaSecurity.secretKeys(secret) : OPERATOR_SECRETS.get(secretName);
    assertThat(keys)
        .as("%s mounts Secret %s, which no object creates", where, secretName)
        .isNotNull();
    for (JsonNode item : items) {
      assertThat(keys)
          .as("%s mounts key %s of Secret %s", where, item.path("key").asText(), secretName)
          .contains(item.path("key").asText());
    }
  }

  private static void writeRendered(String overlay, List<ObjectNode> objects) throws IOException {
    Path out = Path.of("target", "rendered", overlay + ".yaml");
    Files.createDirectories(out.getParent());
    StringBuilder yaml = new StringBuilder();
    for (ObjectNode o : objects) {
      yaml.append(Kustomize.YAML.writeValueAsString(o));
    }
    Files.writeString(out, yaml.toString());
  }

  static List<ObjectNode> render(String overlay) {
    return Kustomize.render(Repo.path("deploy/k8s/overlays/" + overlay));
  }

  private static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  private static String namespaceOf(JsonNode o) {
    return o.path("kind").asText().equals("Namespace")
        ? ""
        : o.path("metadata").path("namespace").asText();
  }

  private static Map<String, String> pipelineFiles(List<ObjectNode> objects) {
    ObjectNode cm = Kustomize.find(objects, "ConfigMap", "lockstep-pipelines");
    assertThat(cm).as("ConfigMap lockstep-pipelines").isNotNull();
    return Kustomize.stringMap(cm.path("data"));
  }

  private static List<Path> configFiles() throws IOException {
    try (Stream<Path> files = Files.list(Repo.path("config"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static ObjectNode onlyPipelineFileOf(Path component) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(component)) {
      files =
          s.filter(p -> p.toString().endsWith(".yaml"))
              .filter(
                  p ->
                      !Set.of(
                              "kustomization.yaml",
                              "session-jobs.yaml",
                              "recovery.yaml",
                              "kafka-users.yaml")
                          .contains(p.getFileName().toString()))
              .toList();
    }
    assertThat(files).as("one pipeline file in %s", component).hasSize(1);
    return (ObjectNode) Kustomize.readOne(files.get(0));
  }

  private static void assertSameRoute(Path config, JsonNode variant) {
    Map<String, String> original = flatten(Kustomize.readOne(config));
    Map<String, String> deployed = flatten(variant);
    Set<String> keys = new HashSet<>(original.keySet());
    keys.addAll(deployed.keySet());
    keys.removeAll(DEPLOYMENT_KEYS);
    keys.removeIf(k -> DEPLOYMENT_KEY_PREFIXES.stream().anyMatch(k::startsWith));
    for (String key : keys) {
      assertThat(deployed.get(key))
          .as(
              "%s in the in-cluster variant of %s (only %s and %s* may differ)",
              key, config.getFileName(), DEPLOYMENT_KEYS, DEPLOYMENT_KEY_PREFIXES)
          .isEqualTo(original.get(key));
    }
  }

  private static Set<String> passwordEnvs(JsonNode pipeline) {
    Set<String> envs = new HashSet<>();
    flatten(pipeline)
        .forEach(
            (k, v) -> {
              if (k.endsWith("-env")) {
                envs.add(v);
              }
            });
    return envs;
  }

  static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new java.util.TreeMap<>();
    flatten("", node, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e ->
                  flatten(
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      e.getValue(),
                      out));
    } else {
      out.put(prefix, node.isTextual() ? node.asText() : node.toString());
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Map<String, String> fieldsOf(JsonNode node) {
    return node.isObject() ? Kustomize.stringMap(node) : Map.of();
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
