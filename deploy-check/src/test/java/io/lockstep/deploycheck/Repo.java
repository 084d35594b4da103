package io.lockstep.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, found from the lockstep.root property surefire sets. */
final class Repo {

  private Repo() {}

  static Path root() {
    Path root = Path.of(System.getProperty("lockstep.root", "..")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("deploy")) || !Files.isDirectory(root.resolve("config"))) {
      throw new IllegalStateException(
          root + " is not the repository root (no deploy/ and config/): run the tests with Maven");
    }
    return root;
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }
}
