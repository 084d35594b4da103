package io.lockstep.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken objects fail: the validation in RenderedManifestsTest would catch each of these. */
class ManifestValidatorTest {

  private final ManifestValidator validator = new ManifestValidator();
  private final List<ObjectNode> rendered = RenderedManifestsTest.render("six-pipelines");

  @Test
  void theRenderedObjectsBeforeBreakingThemAreValid() {
    assertThat(validator.problems(object("FlinkSessionJob", "lockstep-apply-orders"))).isEmpty();
    assertThat(validator.problems(object("FlinkDeployment", "lockstep-session"))).isEmpty();
    assertThat(validator.problems(object("Deployment", "lockstep-recovery-orders"))).isEmpty();
    assertThat(validator.problems(object("Kafka", "lockstep"))).isEmpty();
    assertThat(validator.problems(object("KafkaUser", "lockstep-jobs-orders"))).isEmpty();
    assertThat(validator.problems(object("KafkaUser", "lockstep-recovery-orders"))).isEmpty();
  }

  @Test
  void aMisspelledSessionJobFieldFails() {
    ObjectNode job =
        broken(
            "FlinkSessionJob",
            "lockstep-apply-orders",
            o -> {
              ObjectNode spec = (ObjectNode) o.at("/spec/job");
              spec.set("jarUri", spec.remove("jarURI"));
            });

    assertThat(validator.problems(job)).singleElement().asString().contains("jarUri");
  }

  @Test
  void aWrongTypeInTheFlinkDeploymentFails() {
    ObjectNode flink =
        broken(
            "FlinkDeployment",
            "lockstep-session",
            o -> ((ObjectNode) o.at("/spec/jobManager")).put("replicas", "one"));

    assertThat(validator.problems(flink)).anySatisfy(p -> assertThat(p).contains("replicas"));
  }

  @Test
  void anUnknownFlinkVersionFails() {
    ObjectNode flink =
        broken(
            "FlinkDeployment",
            "lockstep-session",
            o -> ((ObjectNode) o.get("spec")).put("flinkVersion", "v9_9"));

    assertThat(validator.problems(flink)).anySatisfy(p -> assertThat(p).contains("flinkVersion"));
  }

  @Test
  void aMisspelledFieldInAPodTemplateInsideTheCustomResourceFails() {
    ObjectNode flink =
        broken(
            "FlinkDeployment",
            "lockstep-session",
            o -> ((ObjectNode) o.at("/spec/podTemplate/spec/containers/0")).put("envFromm", "x"));

    assertThat(validator.problems(flink)).anySatisfy(p -> assertThat(p).contains("envFromm"));
  }

  @Test
  void anUnknownFieldInADeploymentFails() {
    ObjectNode deployment =
        broken(
            "Deployment",
            "lockstep-recovery-orders",
            o -> ((ObjectNode) o.get("spec")).put("replica", 2));

    assertThat(validator.problems(deployment))
        .singleElement()
        .asString()
        .contains("Deployment/lockstep-recovery-orders", "replica");
  }

  @Test
  void anUnknownFieldInAStrimziKafkaFails() {
    ObjectNode kafka =
        broken(
            "Kafka",
            "lockstep",
            o -> {
              ObjectNode spec = (ObjectNode) o.at("/spec/kafka");
              spec.set("listenrs", spec.remove("listeners"));
            });

    assertThat(validator.problems(kafka)).anySatisfy(p -> assertThat(p).contains("listenrs"));
  }

  @Test
  void aMisspelledFieldInAKafkaUsersAclFails() {
    ObjectNode user =
        broken(
            "KafkaUser",
            "lockstep-jobs-orders",
            o -> {
              ObjectNode rule = (ObjectNode) o.at("/spec/authorization/acls/0");
              rule.set("operatons", rule.remove("operations"));
            });

    assertThat(validator.problems(user)).anySatisfy(p -> assertThat(p).contains("operatons"));
  }

  @Test
  void aNameThatIsNotADnsSubdomainFails() {
    ObjectNode job =
        broken(
            "FlinkSessionJob",
            "lockstep-apply-orders",
            o -> ((ObjectNode) o.get("metadata")).put("name", "lockstep_apply_orders"));

    assertThat(validator.problems(job)).anySatisfy(p -> assertThat(p).contains("DNS-1123"));
  }

  @Test
  void aKindWithoutSchemaFails() {
    ObjectNode ingress = Kustomize.YAML.createObjectNode();
    ingress.put("apiVersion", "networking.k8s.io/v1").put("kind", "Ingress");
    ingress.putObject("metadata").put("name", "admin");

    assertThat(validator.problems(ingress)).singleElement().asString().contains("no schema");
  }

  @Test
  void aKustomizationFieldTheRendererDoesNotImplementFails(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: x-\n");

    assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("namePrefix");
  }

  @Test
  void aComponentMergingIntoNothingFails(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("c"));
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncomponents: [c]\n");
    Files.writeString(
        dir.resolve("c/kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
            + "configMapGenerator:\n- name: lockstep-pipelines\n  behavior: merge\n"
            + "  literals: [a=b]\n");

    assertThatThrownBy(() -> Kustomize.render(dir))
        .hasMessageContaining("which no resource creates");
  }

  private ObjectNode object(String kind, String name) {
    ObjectNode o = Kustomize.find(rendered, kind, name);
    assertThat(o).as("%s/%s in the six-pipelines overlay", kind, name).isNotNull();
    return o.deepCopy();
  }

  private ObjectNode broken(String kind, String name, Consumer<ObjectNode> breakIt) {
    ObjectNode o = object(kind, name);
    breakIt.accept(o);
    return o;
  }
}
