package io.lockstep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started by the harness for the process under test (Lockstep's runner or a Kafka Connect
 * worker), so that its memory is its own: peak RSS from the kernel, peak heap from its GC log.
 */
final class ChildJvm implements AutoCloseable {

  /** Flink reflects into these packages on JDK 17 (the same list as bin/lockstep). */
  static final List<String> FLINK_OPENS =
      List.of(
          "java.base/java.lang",
          "java.base/java.util",
          "java.base/java.lang.invoke",
          "java.base/java.net",
          "java.base/java.nio",
          "java.base/sun.nio.ch",
          "java.base/java.io",
          "java.base/java.time",
          "java.base/java.math",
          "java.base/java.util.concurrent",
          "java.base/java.util.concurrent.atomic",
          "java.base/java.text",
          "java.sql/java.sql");

  private static final Pattern HEAP_BEFORE_GC = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

  private final String label;
  private final Process process;
  private final Path gcLog;
  private final Path output;
  private final long startedNanos = System.nanoTime();
  private long peakRssBytes;

  private ChildJvm(String label, Process process, Path gcLog, Path output) {
    this.label = label;
    this.process = process;
    this.gcLog = gcLog;
    this.output = output;
  }

  static ChildJvm start(
      String label,
      String classpath,
      String mainClass,
      List<String> arguments,
      List<String> jvmOptions,
      Map<String, String> environment,
      Path directory)
      throws IOException {
    Files.createDirectories(directory);
    Path gcLog = directory.resolve(label + "-gc.log");
    Path output = directory.resolve(label + ".out");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx2g");
    command.add("-Xlog:gc:file=" + gcLog);
    FLINK_OPENS.forEach(p -> command.add("--add-opens=" + p + "=ALL-UNNAMED"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    return new ChildJvm(label, builder.start(), gcLog, output);
  }

  long pid() {
    return process.pid();
  }

  Duration uptime() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** Fails with the tail of the child's output if it has exited. */
  void checkAlive() throws IOException {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          label + " exited with " + process.exitValue() + "; its output ends with:\n" + tail());
    }
  }

  /** Peak resident set size so far (VmHWM), read while the process lives. */
  long peakRssBytes() {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          peakRssBytes = Math.max(peakRssBytes, kib * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // The process has exited: keep the last reading.
    }
    return peakRssBytes;
  }

  /** Peak heap in use: the largest heap occupancy before a collection in the GC log. */
  long peakHeapBytes() throws IOException {
    return Files.exists(gcLog) ? peakHeapBytes(Files.readAllLines(gcLog)) : 0;
  }

  static long peakHeapBytes(List<String> gcLogLines) {
    long peakMib = 0;
    for (String line : gcLogLines) {
      Matcher m = HEAP_BEFORE_GC.matcher(line);
      if (m.find()) {
        peakMib = Math.max(peakMib, Long.parseLong(m.group(1)));
      }
    }
    return peakMib * 1024 * 1024;
  }

  /** Every line the process has printed so far. */
  List<String> output() throws IOException {
    return Files.exists(output) ? Files.readAllLines(output) : List.of();
  }

  String tail() throws IOException {
    List<String> lines = Files.exists(output) ? Files.readAllLines(output) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** Stops the process as an operator would (SIGTERM), and kills it if it hangs. */
  @Override
  public void close() {
    peakRssBytes();
    long stopping = System.nanoTime();
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    // Start-up and shut-down are most of a quick run: say what they cost.
    ApplySuite.log(
        "  %s: ran %.1f s, stopped in %.1f s",
        label, uptime().toMillis() / 1e3, (System.nanoTime() - stopping) / 1e9);
  }

  @Override
  public String toString() {
    return label + " (pid " + process.pid() + ", output in " + output + ")";
  }
}
