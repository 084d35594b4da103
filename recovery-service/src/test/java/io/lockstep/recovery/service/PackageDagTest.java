package io.lockstep.recovery.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The service's packages depend on each other without a cycle (features above {@code pipeline},
 * {@code web} and {@code config}), and every controller sits in its feature's package.
 */
class PackageDagTest {

  private static final Path SOURCES = Path.of("src/main/java/io/lockstep/recovery/service");
  private static final Pattern REFERENCE =
      Pattern.compile("io\\.lockstep\\.recovery\\.service\\.([a-z]+)\\.[A-Z]");

  @Test
  void packagesFormADag() throws IOException {
    Map<String, Set<String>> uses = uses();
    List<String> cycles = new ArrayList<>();
    for (String from : uses.keySet()) {
      for (String to : uses.get(from)) {
        if (reaches(uses, to, from, new TreeSet<>())) {
          cycles.add(from + " -> " + to);
        }
      }
    }
    assertThat(cycles).as("package dependencies that are part of a cycle").isEmpty();
  }

  @Test
  void sharedPackagesUseNoFeature() throws IOException {
    Map<String, Set<String>> uses = uses();
    assertThat(uses.getOrDefault("config", Set.of())).isEmpty();
    assertThat(uses.getOrDefault("pipeline", Set.of())).isSubsetOf("config");
    assertThat(uses.getOrDefault("web", Set.of())).isSubsetOf("config", "pipeline");
  }

  @Test
  void controllersSitInTheirFeatures() throws IOException {
    Map<String, Set<String>> controllers = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith("Controller.java")).toList()) {
        controllers
            .computeIfAbsent(SOURCES.relativize(file.getParent()).toString(), k -> new TreeSet<>())
            .add(file.getFileName().toString().replace(".java", ""));
      }
    }
    assertThat(controllers)
        .isEqualTo(
            Map.of(
                "item", Set.of("ItemController"),
                "retry", Set.of("RetryController"),
                "reconcile", Set.of("ReconcileController", "ScheduleController"),
                "resnapshot", Set.of("ResnapshotController"),
                "cutover", Set.of("CutoverController"),
                "status", Set.of("StatusController")));
  }

  private static boolean reaches(
      Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
    if (from.equals(target)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (String next : uses.getOrDefault(from, Set.of())) {
      if (reaches(uses, next, target, seen)) {
        return true;
      }
    }
    return false;
  }

  /** Package to the packages its sources name (the root package is the application, above all). */
  private static Map<String, Set<String>> uses() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = SOURCES.relativize(file.getParent());
        String from = relative.toString().isEmpty() ? "" : relative.toString();
        if (from.isEmpty()) {
          continue;
        }
        Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            to.add(m.group(1));
          }
        }
      }
    }
    return uses;
  }
}
