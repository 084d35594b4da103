package io.lockstep.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The benchmark harness behind {@code benchmarks/run.sh}. */
@Command(
    name = "benchmarks/run.sh",
    mixinStandardHelpOptions = true,
    description =
        "Runs Lockstep against its baselines on this machine and writes docs/benchmarks.md.")
public final class Benchmarks implements Callable<Integer> {

  static final List<String> SUITES =
      List.of("apply", "catch-up", "full-load", "latency", "verify", "reconcile", "memory");

  @Option(names = "--quick", description = "Smaller workloads: every suite in under 5 minutes.")
  boolean quick;

  @Option(
      names = "--profile",
      description =
          "Record a JFR profile of every Lockstep process (benchmarks/target/runs/<run>/<process>/)")
  boolean profile;

  @Option(
      names = "--scale",
      defaultValue = "1",
      description = "Multiplies every workload size (for profiling a longer run).")
  double scale;

  @Option(
      names = "--render",
      description = "Only rewrite docs/benchmarks.md from the kept results; run nothing.")
  boolean render;

  @Option(names = "--root", defaultValue = ".", description = "The Lockstep checkout.")
  Path root;

  @Parameters(
      arity = "0..*",
      description =
          "Suites to run: apply, catch-up, full-load, latency, verify, reconcile, memory"
              + " (default: all).")
  List<String> suites = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new Benchmarks()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Set<String> selected = new LinkedHashSet<>(suites.isEmpty() ? SUITES : suites);
    for (String suite : selected) {
      if (!SUITES.contains(suite)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "unknown suite '" + suite + "'; the suites are " + SUITES);
      }
    }
    if (selected.contains("memory")) {
      // Memory is read from the processes of these two suites.
      selected.add("apply");
      selected.add("catch-up");
    }
    if (render) {
      new Report(root.toAbsolutePath().normalize().resolve("docs")).write(List.of(), "", List.of());
      System.out.println("[bench] rewrote docs/benchmarks.md from docs/benchmarks/results.json");
      return 0;
    }
    BenchSizes sizes = (quick ? BenchSizes.quick() : BenchSizes.full()).scaled(scale);
    root = root.toAbsolutePath().normalize();
    Path runs =
        root.resolve("benchmarks/target/runs")
            .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    String command =
        "benchmarks/run.sh"
            + (quick ? " --quick" : "")
            + (suites.isEmpty() ? "" : " " + String.join(" ", suites));
    List<SuiteResult> results = new ArrayList<>();
    List<MemoryReading> memory = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    System.out.println("[bench] " + Machine.describe() + "; " + sizes.mode() + " run in " + runs);
    try (Bench bench = new Bench(root, runs, sizes, profile)) {
      for (String suite : SUITES) {
        if (!selected.contains(suite) || suite.equals("memory")) {
          continue;
        }
        long started = System.nanoTime();
        try {
          SuiteResult result =
              switch (suite) {
                case "apply" -> new ApplySuite(bench, memory).run();
                case "catch-up" -> new CatchUpSuite(bench, memory).run();
                case "full-load" -> new FullLoadSuite(bench).run();
                case "latency" -> new LatencySuite(bench).run();
                case "verify" -> new VerifySuite(bench).run();
                case "reconcile" -> new ReconcileSuite(bench).run();
                default -> throw new IllegalStateException(suite);
              };
          results.add(result);
          System.out.println(result.summaryLine());
        } catch (Exception e) {
          failed.add(suite);
          System.out.println("suite=" + suite + " FAILED: " + e);
          e.printStackTrace(System.out);
        }
        System.out.printf("[bench] %s took %.0f s%n", suite, (System.nanoTime() - started) / 1e9);
      }
    }
    if (selected.contains("memory") && !memory.isEmpty()) {
      SuiteResult result = MemorySuite.summarize(sizes.mode(), memory);
      results.add(result);
      System.out.println(result.summaryLine());
    }
    new Report(root.resolve("docs")).write(results, command, memory);
    System.out.println("[bench] wrote " + root.resolve("docs/benchmarks.md"));
    System.out.println();
    results.forEach(r -> System.out.println(r.summaryLine()));
    failed.forEach(s -> System.out.println("suite=" + s + " FAILED (see above)"));
    return failed.isEmpty() ? 0 : 1;
  }
}
