package io.lockstep.deploycheck;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset deploy/k8s uses
 * (kustomize is not available to the build): {@code resources} (files and directories), {@code
 * components}, {@code configMapGenerator} and {@code secretGenerator} ({@code files}, {@code
 * literals}, behaviors {@code create}, {@code merge} and {@code replace}, no hash suffix), {@code
 * namespace} and {@code labels} without selectors. Any other field fails the render, so the tree
 * cannot silently use a feature this renderer would get wrong.
 */
final class Kustomize {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Set<String> SUPPORTED =
      Set.of(
          "apiVersion",
          "kind",
          "resources",
          "components",
          "configMapGenerator",
          "secretGenerator",
          "generatorOptions",
          "namespace",
          "labels");

  /** Namespace-less kinds among those deploy/k8s uses. */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");

  private Kustomize() {}

  /** The objects {@code kubectl kustomize dir} would print, in order. */
  static List<ObjectNode> render(Path dir) {
    return build(dir, false);
  }

  private static List<ObjectNode> build(Path dir, boolean component) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          dir
              + " has no kustomization.yaml: a resources or components entry must name a file or"
              + " a kustomization directory");
    }
    JsonNode k = readOne(file);
    String kind = k.path("kind").asText("Kustomization");
    if (component != kind.equals("Component")) {
      throw new IllegalArgumentException(
          file
              + " is a "
              + kind
              + " but is used as "
              + (component ? "a component" : "a resource")
              + ": list Components under components:, Kustomizations under resources:");
    }
    for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!SUPPORTED.contains(field)) {
        throw new IllegalArgumentException(
            file
                + " uses '"
                + field
                + "', which deploy-check's renderer does not implement (it renders "
                + SUPPORTED
                + "). Use those, or extend io.lockstep.deploycheck.Kustomize.");
      }
    }
    if (k.has("generatorOptions")
        && !k.path("generatorOptions").path("disableNameSuffixHash").asBoolean(false)) {
      throw new IllegalArgumentException(
          file
              + ": generatorOptions must set disableNameSuffixHash: true (hash suffixes are not"
              + " rendered, and custom resources would not follow the renamed objects)");
    }
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode entry : k.path("resources")) {
      Path path = dir.resolve(entry.asText()).normalize();
      if (Files.isDirectory(path)) {
        objects.addAll(build(path, false));
      } else {
        objects.addAll(readAll(path));
      }
    }
    generate(file, k.path("configMapGenerator"), "ConfigMap", objects);
    generate(file, k.path("secretGenerator"), "Secret", objects);
    for (JsonNode entry : k.path("components")) {
      Path path = dir.resolve(entry.asText()).normalize();
      apply(build(path, true), objects, path);
    }
    if (k.hasNonNull("namespace")) {
      for (ObjectNode o : objects) {
        if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) {
          meta(o).put("namespace", k.get("namespace").asText());
        }
      }
    }
    for (JsonNode label : k.path("labels")) {
      if (label.path("includeSelectors").asBoolean(false)
          || label.path("includeTemplates").asBoolean(false)) {
        throw new IllegalArgumentException(
            file + ": labels with includeSelectors or includeTemplates are not rendered");
      }
      for (ObjectNode o : objects) {
        ObjectNode labels = meta(o).with("labels");
        label.path("pairs").fields().forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
      }
    }
    return objects;
  }

  /** A component's objects: generated ones marked for merging are merged, the rest added. */
  private static void apply(List<ObjectNode> componentObjects, List<ObjectNode> into, Path from) {
    for (ObjectNode o : componentObjects) {
      String behavior = o.path("metadata").path("annotations").path(BEHAVIOR).asText("create");
      if (o.path("metadata").path("annotations").isObject()) {
        ((ObjectNode) o.get("metadata").get("annotations")).remove(BEHAVIOR);
        if (o.get("metadata").get("annotations").isEmpty()) {
          ((ObjectNode) o.get("metadata")).remove("annotations");
        }
      }
      ObjectNode existing = find(into, o.path("kind").asText(), name(o));
      switch (behavior) {
        case "create" -> {
          if (existing != null) {
            throw new IllegalArgumentException(
                from + " adds " + id(o) + ", which already exists: give it another name");
          }
          into.add(o);
        }
        case "merge", "replace" -> {
          if (existing == null) {
            throw new IllegalArgumentException(
                from + " merges into " + id(o) + ", which no resource creates");
          }
          for (String field : List.of("data", "stringData")) {
            if (behavior.equals("replace")) {
              existing.remove(field);
            }
            if (o.has(field)) {
              existing.with(field).setAll((ObjectNode) o.get(field));
            }
          }
        }
        default -> throw new IllegalArgumentException(from + ": unknown behavior " + behavior);
      }
    }
  }

  private static final String BEHAVIOR = "deploy-check/behavior";

  private static void generate(Path file, JsonNode generators, String kind, List<ObjectNode> out) {
    for (JsonNode g : generators) {
      String name = g.path("name").asText();
      ObjectNode o = YAML.createObjectNode();
      o.put("apiVersion", "v1").put("kind", kind);
      meta(o).put("name", name);
      if (kind.equals("Secret")) {
        o.put("type", g.path("type").asText("Opaque"));
      }
      ObjectNode data = o.putObject("data");
      for (JsonNode f : g.path("files")) {
        String spec = f.asText();
        String key = spec.contains("=") ? spec.substring(0, spec.indexOf('=')) : null;
        Path path = file.getParent().resolve(spec.substring(spec.indexOf('=') + 1)).normalize();
        if (!path.startsWith(file.getParent())) {
          throw new IllegalArgumentException(
              file
                  + ": generator file "
                  + spec
                  + " is outside the kustomization directory, which"
                  + " kubectl's default load restrictor refuses: copy it into the directory");
        }
        put(data, key == null ? path.getFileName().toString() : key, read(path), kind);
      }
      for (JsonNode l : g.path("literals")) {
        String literal = l.asText();
        int eq = literal.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException(file + ": literal '" + literal + "' is not KEY=VALUE");
        }
        put(data, literal.substring(0, eq), literal.substring(eq + 1), kind);
      }
      String behavior = g.path("behavior").asText("create");
      if (!behavior.equals("create")) {
        meta(o).with("annotations").put(BEHAVIOR, behavior);
        ObjectNode existing = find(out, kind, name);
        if (existing != null) {
          // merge within one kustomization: fold it in now
          apply(new ArrayList<>(List.of(o)), out, file);
          continue;
        }
      }
      out.add(o);
    }
  }

  private static void put(ObjectNode data, String key, String value, String kind) {
    data.put(
        key,
        kind.equals("Secret")
            ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
            : value);
  }

  static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind) && name(o).equals(name))
        .findFirst()
        .orElse(null);
  }

  static String name(JsonNode o) {
    return o.path("metadata").path("name").asText();
  }

  static String id(JsonNode o) {
    return o.path("kind").asText() + "/" + name(o);
  }

  private static ObjectNode meta(ObjectNode o) {
    return o.with("metadata");
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  static JsonNode readOne(Path path) {
    List<ObjectNode> all = readAll(path);
    if (all.size() != 1) {
      throw new IllegalArgumentException(path + " must hold one YAML document");
    }
    return all.get(0);
  }

  /** Every non-empty document of a multi-document YAML file. */
  static List<ObjectNode> readAll(Path path) {
    List<ObjectNode> docs = new ArrayList<>();
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(path.toFile())) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      for (Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc == null || doc.isMissingNode() || doc.isNull()) {
          continue;
        }
        if (!doc.isObject()) {
          throw new IllegalArgumentException(path + ": a document is not a mapping");
        }
        docs.add((ObjectNode) doc);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(path + " is not valid YAML: " + e.getMessage(), e);
    }
    return docs;
  }

  static Map<String, String> stringMap(JsonNode node) {
    return YAML.convertValue(
        node, YAML.getTypeFactory().constructMapType(Map.class, String.class, String.class));
  }
}
