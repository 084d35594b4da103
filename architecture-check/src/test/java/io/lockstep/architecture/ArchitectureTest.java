package io.lockstep.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lockstep.types.Engine;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure AGENTS.md describes, pinned: the modules form a DAG, no two packages depend on each
 * other, and engine behaviour lives only in its engine's home. A failure here names the class and
 * the dependency that breaks the rule; move the code to where the rule says, or change the rule
 * here and in AGENTS.md together.
 */
class ArchitectureTest {

  // The modules, by the packages they hold, lowest first.
  private static final String[] COMMON_MODEL = {
    "io.lockstep.config..",
    "io.lockstep.event..",
    "io.lockstep.types..",
    "io.lockstep.failure..",
    "io.lockstep.discrepancy..",
    "io.lockstep.signal..",
    "io.lockstep.flinkrest..",
    "io.lockstep.retry.."
  };
  private static final String[] ENGINES = {
    "io.lockstep.engine..", "io.lockstep.engines..", "io.lockstep.catalog.."
  };
  private static final String[] CONTRACT = {"io.lockstep.contract.."};
  private static final String[] JOB_RUNTIME = {"io.lockstep.runtime..", "io.lockstep.preflight.."};
  private static final String[] REPLICATOR = {"io.lockstep.capture..", "io.lockstep.apply.."};
  private static final String[] VERIFIER = {"io.lockstep.verify.."};
  private static final String[] RECOVERY_CORE = {
    "io.lockstep.recovery", "io.lockstep.recovery.reconcile..", "io.lockstep.recovery.sync.."
  };
  private static final String[] RECOVERY_SERVICE = {"io.lockstep.recovery.service.."};
  private static final String[] RUNNER = {"io.lockstep.runner.."};
  private static final String[] BENCHMARKS = {"io.lockstep.bench.."};

  /**
   * Where an engine may be named: the enum itself, the engines' homes, the registries that choose
   * one, and the few places whose job is the choice (which embedded server to start, which engine a
   * pipeline file names) or whose content is the per-engine wire contract (the two position forms).
   */
  private static final String[] ENGINE_HOMES_AND_CHOICES = {
    "io.lockstep.engine.postgres..",
    "io.lockstep.engine.mariadb..",
    "io.lockstep.engines..",
    "io.lockstep.capture.postgres..",
    "io.lockstep.capture.mariadb..",
    "io.lockstep.capture.engines..",
    // Each embedded server is of one engine; EmbeddedStack chooses which to start.
    "io.lockstep.runner.embedded..",
  };

  /** The classes whose one job is to choose an engine by name. */
  private static final Set<String> ENGINE_CHOICES =
      Set.of(
          // the engine a pipeline file names (source.type, target.type)
          "io.lockstep.config.PipelineConfig",
          // the quickstart's demo schema and workload per engine
          "io.lockstep.runner.quickstart.DemoDialect");

  /** One of {@link #ENGINE_CHOICES}, or a class nested in one (a switch's synthetic map). */
  private static final DescribedPredicate<JavaClass> AN_ENGINE_CHOICE =
      DescribedPredicate.describe(
          "an engine choice " + ENGINE_CHOICES,
          c -> ENGINE_CHOICES.contains(c.getName().replaceFirst("\\$.*", "")));

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lockstep");
  }

  @Test
  void modulesFormADag() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .ensureAllClassesAreContainedInArchitecture()
        .layer("common-model")
        .definedBy(COMMON_MODEL)
        .layer("engines")
        .definedBy(ENGINES)
        .layer("pipeline-contract")
        .definedBy(CONTRACT)
        .layer("job-runtime")
        .definedBy(JOB_RUNTIME)
        .layer("replicator-job")
        .definedBy(REPLICATOR)
        .layer("verifier-job")
        .definedBy(VERIFIER)
        .layer("recovery-core")
        .definedBy(RECOVERY_CORE)
        .layer("recovery-service")
        .definedBy(RECOVERY_SERVICE)
        .layer("local-runner")
        .definedBy(RUNNER)
        .layer("benchmarks")
        .definedBy(BENCHMARKS)
        .whereLayer("engines")
        .mayOnlyBeAccessedByLayers(
            "job-runtime",
            "replicator-job",
            "verifier-job",
            "recovery-core",
            "recovery-service",
            "local-runner",
            "benchmarks")
        .whereLayer("pipeline-contract")
        .mayOnlyBeAccessedByLayers(
            "job-runtime",
            "replicator-job",
            "verifier-job",
            "recovery-core",
            "recovery-service",
            "local-runner",
            "benchmarks")
        .whereLayer("job-runtime")
        .mayOnlyBeAccessedByLayers("replicator-job", "verifier-job", "local-runner", "benchmarks")
        .whereLayer("replicator-job")
        .mayOnlyBeAccessedByLayers("local-runner", "benchmarks")
        .whereLayer("verifier-job")
        .mayOnlyBeAccessedByLayers("local-runner", "benchmarks")
        .whereLayer("recovery-core")
        .mayOnlyBeAccessedByLayers("recovery-service", "local-runner", "benchmarks")
        .whereLayer("recovery-service")
        .mayOnlyBeAccessedByLayers("local-runner", "benchmarks")
        .whereLayer("local-runner")
        .mayOnlyBeAccessedByLayers("benchmarks")
        .whereLayer("benchmarks")
        .mayNotBeAccessedByAnyLayer()
        .check(classes);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.lockstep.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void enginesAreNamedOnlyInTheirHomesAndWhereOneIsChosen() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ENGINE_HOMES_AND_CHOICES)
        .and()
        .doNotBelongToAnyOf(Engine.class)
        .and(DescribedPredicate.not(AN_ENGINE_CHOICE))
        .should()
        .accessField(Engine.class, "POSTGRES")
        .orShould()
        .accessField(Engine.class, "MARIADB")
        .because(
            "engine behaviour lives in its engine's package (io.lockstep.engine.<name>), reached"
                + " through Engines.of(engine); see AGENTS.md, 'Add an engine'")
        .check(classes);
  }

  @Test
  void engineHomesDoNotDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage("io.lockstep.engine.postgres..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lockstep.engine.mariadb..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.lockstep.engine.mariadb..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lockstep.engine.postgres..")
        .check(classes);
  }

  @Test
  void theSharedModulesCarryNoFlinkAndNoDebezium() {
    noClasses()
        .that()
        .resideInAnyPackage(CONTRACT)
        .or()
        .resideInAnyPackage(ENGINES)
        .or()
        .resideInAnyPackage(COMMON_MODEL)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.flink..", "io.debezium..", "org.apache.kafka.connect..")
        .because("the recovery service and the runner's tools use them without a Flink job")
        .check(classes);
  }
}
