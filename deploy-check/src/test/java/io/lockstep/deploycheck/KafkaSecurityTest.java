package io.lockstep.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The overlays keep Kafka's TLS, SCRAM-SHA-512, ACLs and size limit (KafkaSecurity), and each way
 * of losing one of them is caught.
 */
class KafkaSecurityTest {

  @ParameterizedTest
  @ValueSource(strings = {"four-routes", "six-pipelines"})
  void theOverlaysKeepTlsScramAclsAndTheSizeLimit(String overlay) {
    List<ObjectNode> objects = RenderedManifestsTest.render(overlay);

    assertThat(KafkaSecurity.problems(objects)).as("overlays/%s", overlay).isEmpty();
    assertThat(objects.stream().filter(o -> o.path("kind").asText().equals("KafkaUser")))
        .as("two Kafka users per pipeline")
        .hasSize(overlay.equals("six-pipelines") ? 12 : 8);
  }

  @Test
  void aPlaintextListenerFails() {
    assertThat(
            problemsAfter(
                o -> {
                  ArrayNode listeners = (ArrayNode) kafka(o).at("/spec/kafka/listeners");
                  listeners
                      .addObject()
                      .put("name", "plain")
                      .put("port", 9092)
                      .put("type", "internal")
                      .put("tls", false);
                }))
        .anySatisfy(p -> assertThat(p).contains("'plain'", "tls must be true"))
        .anySatisfy(p -> assertThat(p).contains("'plain'", "scram-sha-512"));
  }

  @Test
  void aListenerWithoutAuthenticationFails() {
    assertThat(
            problemsAfter(
                o ->
                    ((ObjectNode) kafka(o).at("/spec/kafka/listeners/0")).remove("authentication")))
        .anySatisfy(p -> assertThat(p).contains("authentication must be scram-sha-512"));
  }

  @Test
  void turningAuthorizationOffFails() {
    assertThat(
            problemsAfter(o -> ((ObjectNode) kafka(o).at("/spec/kafka")).remove("authorization")))
        .anySatisfy(p -> assertThat(p).contains("authorization must be 'simple'"));
  }

  @Test
  void losingTheSizeLimitFails() {
    assertThat(
            problemsAfter(
                o -> {
                  ObjectNode config = (ObjectNode) kafka(o).at("/spec/kafka/config");
                  config.remove("message.max.bytes");
                  config.put("replica.fetch.max.bytes", 1048576);
                }))
        .anySatisfy(p -> assertThat(p).contains("message.max.bytes must be 17825792"))
        .anySatisfy(p -> assertThat(p).contains("replica.fetch.max.bytes"));
  }

  @Test
  void anAclOnEveryTopicFails() {
    assertThat(
            problemsAfter(
                o ->
                    ((ObjectNode) user(o, "lockstep-jobs-orders").at("/spec/authorization/acls/0"))
                        .with("resource")
                        .put("name", "*")
                        .put("patternType", "literal")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "lockstep-jobs-orders must not be allowed Read on topic 'lockstep-shop."))
        .anySatisfy(p -> assertThat(p).contains("rule on topic '*'", "reaches beyond"));
  }

  @Test
  void aRecoveryUserThatMayWriteDeadLettersFails() {
    assertThat(
            problemsAfter(
                o -> {
                  ArrayNode acls =
                      (ArrayNode)
                          user(o, "lockstep-recovery-orders").at("/spec/authorization/acls");
                  for (int i = acls.size() - 1; i >= 0; i--) {
                    if (acls.get(i).path("type").asText().equals("deny")) {
                      acls.remove(i);
                    }
                  }
                }))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "lockstep-recovery-orders must not be allowed Write on topic"
                            + " 'lockstep-orders.failed-rows'"));
  }

  @Test
  void aRecoveryUserThatMayCommitApplyOffsetsFails() {
    assertThat(
            problemsAfter(
                o -> {
                  for (var rule :
                      user(o, "lockstep-recovery-orders").at("/spec/authorization/acls")) {
                    if (rule.at("/resource/name").asText().equals("lockstep-apply-orders")) {
                      ((ArrayNode) rule.get("operations")).add("Read");
                    }
                  }
                }))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "lockstep-recovery-orders must not be allowed Read on group"
                            + " 'lockstep-apply-orders'"));
  }

  @Test
  void aPasswordWrittenInThePipelineFileFails() {
    assertThat(
            problemsAfter(
                o ->
                    editPipelineFile(
                        o,
                        "orders.yaml",
                        "${directory:/opt/lockstep/credentials:ORDERS_KAFKA_PASSWORD}",
                        "hunter2")))
        .anySatisfy(
            p ->
                assertThat(p).contains("orders.yaml", "password must be read from a mounted file"));
  }

  @Test
  void aPipelineWithoutTlsFails() {
    assertThat(
            problemsAfter(
                o -> editPipelineFile(o, "orders.yaml", "security.protocol: SASL_SSL", "")))
        .anySatisfy(
            p -> assertThat(p).contains("orders.yaml", "security.protocol must be SASL_SSL"));
  }

  @Test
  void twoPipelinesSharingATopicPrefixFail() {
    assertThat(
            problemsAfter(
                o ->
                    editPipelineFile(
                        o,
                        "orders.yaml",
                        "topic-prefix: lockstep-orders",
                        "topic-prefix: lockstep-shop")))
        .anySatisfy(p -> assertThat(p).contains("share kafka.topic-prefix 'lockstep-shop'"));
  }

  @Test
  void aUserSecretThatWouldOverwriteTheRecoveryServicesSecretFails() {
    assertThat(
            problemsAfter(
                o ->
                    ((ObjectNode) kafka(o).at("/spec/entityOperator/userOperator"))
                        .remove("secretPrefix")))
        .anySatisfy(
            p -> assertThat(p).contains("Secret lockstep-recovery-orders, which is one of ours"));
  }

  @Test
  void aKafkaUserWhosePasswordIsNotTheOneThePodsReadFails() {
    assertThat(
            problemsAfter(
                o ->
                    ((ObjectNode)
                            user(o, "lockstep-jobs-orders")
                                .at("/spec/authentication/password/valueFrom/secretKeyRef"))
                        .put("key", "ORDERS_SOURCE_PASSWORD")))
        .anySatisfy(
            p -> assertThat(p).contains("KafkaUser lockstep-jobs-orders takes its password from"));
  }

  @Test
  void aRecoveryEgressToThePlaintextPortFails() {
    assertThat(
            problemsAfter(
                o -> {
                  for (var rule : find(o, "NetworkPolicy", "recovery-egress").at("/spec/egress")) {
                    for (var port : rule.path("ports")) {
                      if (port.path("port").asInt() == 9093) {
                        ((ObjectNode) port).put("port", 9092);
                      }
                    }
                  }
                }))
        .anySatisfy(p -> assertThat(p).contains("recovery-egress"));
  }

  // --- helpers ---

  private static List<String> problemsAfter(Consumer<List<ObjectNode>> breakIt) {
    List<ObjectNode> objects = RenderedManifestsTest.render("six-pipelines");
    assertThat(KafkaSecurity.problems(objects)).as("before breaking it").isEmpty();
    breakIt.accept(objects);
    return KafkaSecurity.problems(objects);
  }

  private static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
    ObjectNode o = Kustomize.find(objects, kind, name);
    assertThat(o).as("%s/%s", kind, name).isNotNull();
    return o;
  }

  private static ObjectNode kafka(List<ObjectNode> objects) {
    return find(objects, "Kafka", "lockstep");
  }

  private static ObjectNode user(List<ObjectNode> objects, String name) {
    return find(objects, "KafkaUser", name);
  }

  private static void editPipelineFile(
      List<ObjectNode> objects, String file, String from, String to) {
    ObjectNode data = (ObjectNode) find(objects, "ConfigMap", "lockstep-pipelines").get("data");
    String text = data.path(file).asText();
    assertThat(text).contains(from);
    data.put(file, text.replace(from, to));
  }
}
