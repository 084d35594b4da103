package io.lockstep.deploycheck;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates rendered objects. Flink operator resources: against the openAPIV3Schema of the CRDs
 * bundled in flink-kubernetes-operator-api, made strict the way the API server's strict field
 * validation is (an unknown field fails). Built-in kinds and Strimzi resources: strict
 * deserialisation into fabric8's and Strimzi's typed models, with Jackson's any-setters turned off
 * so that an unknown field fails instead of landing in additionalProperties. A kind with neither
 * fails: nothing passes unchecked.
 */
final class ManifestValidator {

  /** Flink 2 versions the operator releases for Flink 2 accept; the 1.10 CRD predates them. */
  private static final List<String> FLINK_2_VERSIONS = List.of("v2_0", "v2_1", "v2_2");

  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static final Map<String, Class<?>> TYPED =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/Secret", Secret.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Service", Service.class,
          "apps/v1/Deployment", Deployment.class,
          "rbac.authorization.k8s.io/v1/Role", Role.class,
          "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
          "kafka.strimzi.io/v1beta2/Kafka", Kafka.class);

  private static final Map<String, Class<?>> TYPED_MORE =
      Map.of(
          "kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class,
          "kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class);

  private static final Map<String, String> CRDS =
      Map.of(
          "flink.apache.org/v1beta1/FlinkDeployment",
              "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml",
          "flink.apache.org/v1beta1/FlinkSessionJob",
              "META-INF/fabric8/flinksessionjobs.flink.apache.org-v1.yml");

  private final ObjectMapper strict =
      JsonMapper.builder()
          .annotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                  return Boolean.FALSE;
                }
              })
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private final Map<String, JsonSchema> schemas = new java.util.HashMap<>();

  /** Every problem of {@code o}, each naming the object and the field; empty when it is valid. */
  List<String> problems(ObjectNode o) {
    String type = o.path("apiVersion").asText() + "/" + o.path("kind").asText();
    String where = Kustomize.id(o) + " (" + o.path("apiVersion").asText() + ")";
    List<String> problems = new ArrayList<>();
    String name = Kustomize.name(o);
    if (!DNS_1123_SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
      problems.add(where + ": metadata.name '" + name + "' is not a DNS-1123 subdomain");
    }
    Class<?> typed = TYPED.containsKey(type) ? TYPED.get(type) : TYPED_MORE.get(type);
    if (typed != null) {
      strictRead(o, typed, where, problems);
    } else if (CRDS.containsKey(type)) {
      strictRead(o.path("metadata"), ObjectMeta.class, where + " metadata", problems);
      for (ValidationMessage m : schema(type).validate(o)) {
        problems.add(where + ": " + m.getMessage());
      }
    } else {
      problems.add(
          where
              + ": no schema or typed model for "
              + type
              + " in deploy-check; add one to ManifestValidator before using this kind");
    }
    return problems;
  }

  private void strictRead(JsonNode node, Class<?> type, String where, List<String> problems) {
    try {
      strict.treeToValue(node, type);
    } catch (IOException | IllegalArgumentException e) {
      problems.add(where + ": does not match " + type.getName() + ": " + firstLine(e));
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private JsonSchema schema(String type) {
    return schemas.computeIfAbsent(type, t -> loadSchema(CRDS.get(t), t.split("/")[1]));
  }

  private static JsonSchema loadSchema(String resource, String version) {
    JsonNode crd;
    try (InputStream in = ManifestValidator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is not on the test classpath: flink-kubernetes-operator-api is missing");
      }
      crd = Kustomize.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        ObjectNode schema = (ObjectNode) v.path("schema").path("openAPIV3Schema").deepCopy();
        makeStrict(schema);
        widenFlinkVersion(schema);
        schema.set("properties", withTopLevel((ObjectNode) schema.get("properties")));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
      }
    }
    throw new IllegalStateException(resource + " has no version " + version);
  }

  private static ObjectNode withTopLevel(ObjectNode properties) {
    ObjectNode p = properties.deepCopy();
    p.putObject("apiVersion").put("type", "string");
    p.putObject("kind").put("type", "string");
    p.putObject("metadata").put("type", "object");
    return p;
  }

  /**
   * The API server drops or (with strict field validation, kubectl's default) rejects fields a
   * structural schema does not declare; JSON Schema allows them unless told. Every object schema
   * with declared properties and no x-kubernetes-preserve-unknown-fields gets additionalProperties:
   * false.
   */
  private static void makeStrict(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      if (o.has("properties")
          && !o.has("additionalProperties")
          && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        o.put("additionalProperties", false);
      }
      for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
        makeStrict(it.next());
      }
    } else if (node.isArray()) {
      node.forEach(ManifestValidator::makeStrict);
    }
  }

  private static void widenFlinkVersion(ObjectNode schema) {
    JsonNode version =
        schema.path("properties").path("spec").path("properties").path("flinkVersion");
    if (version.path("enum").isArray()) {
      ArrayNode values = (ArrayNode) version.get("enum");
      FLINK_2_VERSIONS.forEach(values::add);
    }
  }
}
