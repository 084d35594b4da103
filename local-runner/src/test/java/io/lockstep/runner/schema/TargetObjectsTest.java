package io.lockstep.runner.schema;

import static io.lockstep.types.Engine.MARIADB;
import static io.lockstep.types.Engine.POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.config.TableNaming;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.TableObjects;
import io.lockstep.engine.TableObjects.Check;
import io.lockstep.engine.TableObjects.ForeignKey;
import io.lockstep.engine.TableObjects.Generated;
import io.lockstep.engine.TableObjects.Index;
import io.lockstep.engine.TableObjects.IndexPart;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.types.Engine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A production-shaped table's indexes, constraints, generated column and comments, planned for the
 * target on each route: what translates in the target's syntax, the rest named.
 */
class TargetObjectsTest {

  private static final TableSchema ORDERS =
      new TableSchema(
          new TableId("shop", "shop", "orders"),
          List.of(
              new ColumnSchema("id", ColumnType.INT64, null, "int8", false),
              new ColumnSchema("k", ColumnType.INT32, null, "int4", false),
              new ColumnSchema("customer_id", ColumnType.INT64, null, "int8", true),
              new ColumnSchema("email", ColumnType.STRING, null, "varchar", true),
              new ColumnSchema("qty", ColumnType.INT32, null, "int4", false),
              new ColumnSchema("price", ColumnType.DECIMAL, null, "numeric", false),
              new ColumnSchema("total", ColumnType.DECIMAL, null, "numeric", true)),
          List.of("id"));

  private static TableObjects postgresObjects() {
    return new TableObjects(
        List.of(
            new Index("k_1", List.of(IndexPart.of("k")), false, false, "btree", null),
            new Index(
                "orders_email_key", List.of(IndexPart.of("email")), true, true, "btree", null),
            new Index(
                "orders_email_plain", List.of(IndexPart.of("email")), false, false, "btree", null),
            new Index(
                "orders_open", List.of(IndexPart.of("k")), false, false, "btree", "(qty > 0)"),
            new Index(
                "orders_lower_email",
                List.of(new IndexPart(null, "lower((email)::text)", null)),
                false,
                false,
                "btree",
                null),
            new Index("orders_gin", List.of(IndexPart.of("email")), false, false, "gin", null)),
        List.of(new Check("orders_k_check", "(k >= 0)"), new Check("orders_recent", "(k < now())")),
        List.of(
            new ForeignKey(
                "orders_customer_id_fkey",
                List.of("customer_id"),
                "shop",
                "customers",
                List.of("id"),
                "CASCADE",
                "NO ACTION"),
            new ForeignKey(
                "orders_region_fkey",
                List.of("k"),
                "other",
                "regions",
                List.of("id"),
                "NO ACTION",
                "NO ACTION")),
        Map.of("total", new Generated("((qty)::numeric * price)", true)),
        "customer orders",
        Map.of("qty", "how many"));
  }

  private static TargetObjects plan(Engine from, Engine to, TableObjects objects) {
    PipelineConfig config =
        new PipelineConfigLoader(Map.of("P", "")::get)
            .parse(
                """
                pipeline:
                  name: t
                source:
                  type: %s
                  host: localhost
                  database: shop
                  user: u
                  password-env: P
                  tables: ["shop\\\\..*"]
                target:
                  type: %s
                  host: localhost
                  database: shop
                  user: u
                  password-env: P
                kafka:
                  bootstrap-servers: localhost:9092
                """
                    .formatted(from.configName(), to.configName()),
                "(test)");
    TableNaming naming = TableNaming.of(config);
    return TargetObjects.plan(
        from,
        Engines.of(to),
        ORDERS,
        objects,
        naming.target("shop", "orders"),
        naming,
        TableSelection.of(config),
        Map.of("k", "DEFAULT 0"));
  }

  @Test
  void postgresToMariaDb() {
    TargetObjects plan = plan(POSTGRES, MARIADB, postgresObjects());
    assertThat(plan.indexes)
        .containsExactly(
            "CREATE INDEX IF NOT EXISTS `orders_k_1` ON `shop`.`orders` (`k`)",
            "CREATE UNIQUE INDEX IF NOT EXISTS `orders_email_key` ON `shop`.`orders` (`email`)",
            "CREATE INDEX IF NOT EXISTS `orders_email_plain` ON `shop`.`orders` (`email`(768))");
    assertThat(plan.tableElements)
        .containsExactly("CONSTRAINT `orders_k_check` CHECK ((`k` >= 0))");
    assertThat(plan.columnClauses)
        .containsEntry("total", "AS (((`qty`) * `price`)) STORED")
        .containsEntry("qty", "COMMENT 'how many'")
        .containsEntry("k", "DEFAULT 0");
    assertThat(plan.comments)
        .containsExactly("ALTER TABLE `shop`.`orders` COMMENT = 'customer orders'");
    assertThat(plan.foreignKeys)
        .singleElement()
        .extracting(TargetObjects.ForeignKeyDdl::sql)
        .isEqualTo(
            "ALTER TABLE `shop`.`orders` ADD CONSTRAINT `orders_customer_id_fkey` FOREIGN KEY"
                + " (`customer_id`) REFERENCES `shop`.`customers` (`id`) ON DELETE CASCADE ON"
                + " UPDATE NO ACTION");
    assertThat(String.join("\n", plan.notTranslated))
        .contains("index orders_open: partial index (WHERE (qty > 0))")
        .contains("index orders_lower_email: an index on expressions")
        .contains("index orders_gin: its method gin")
        .contains("check constraint orders_recent", "now()")
        .contains("foreign key orders_region_fkey", "other.regions");
  }

  @Test
  void postgresToPostgresKeepsNamesPartialExpressionAndGinIndexes() {
    TargetObjects plan = plan(POSTGRES, POSTGRES, postgresObjects());
    assertThat(plan.indexes)
        .contains(
            "CREATE INDEX IF NOT EXISTS \"k_1\" ON \"shop\".\"orders\" USING btree (\"k\")",
            "CREATE INDEX IF NOT EXISTS \"orders_open\" ON \"shop\".\"orders\" USING btree"
                + " (\"k\") WHERE (qty > 0)",
            "CREATE INDEX IF NOT EXISTS \"orders_lower_email\" ON \"shop\".\"orders\" USING btree"
                + " (lower((email)::text))",
            "CREATE INDEX IF NOT EXISTS \"orders_gin\" ON \"shop\".\"orders\" USING gin"
                + " (\"email\")")
        .hasSize(6);
    assertThat(plan.tableElements)
        .containsExactly(
            "CONSTRAINT \"orders_k_check\" CHECK ((k >= 0))",
            "CONSTRAINT \"orders_recent\" CHECK ((k < now()))");
    assertThat(plan.columnClauses)
        .containsEntry("total", "GENERATED ALWAYS AS (((qty)::numeric * price)) STORED");
    assertThat(plan.comments)
        .containsExactly(
            "COMMENT ON TABLE \"shop\".\"orders\" IS 'customer orders'",
            "COMMENT ON COLUMN \"shop\".\"orders\".\"qty\" IS 'how many'");
    assertThat(plan.foreignKeys.get(0).sql()).endsWith("ON UPDATE NO ACTION NOT VALID");
    assertThat(plan.notTranslated).singleElement().asString().contains("orders_region_fkey");
  }

  @Test
  void mariaDbToPostgres() {
    TableObjects mariadb =
        new TableObjects(
            List.of(
                new Index("k_1", List.of(IndexPart.of("k")), false, false, "btree", null),
                new Index(
                    "email_prefix",
                    List.of(new IndexPart("email", null, 10)),
                    false,
                    false,
                    "btree",
                    null),
                new Index("ft", List.of(IndexPart.of("email")), false, false, "fulltext", null)),
            List.of(new Check("k_positive", "`k` >= 0"), new Check("odd", "`k` div 2 = 1")),
            List.of(),
            Map.of("total", new Generated("`qty` * `price`", false)),
            null,
            Map.of());
    TargetObjects plan = plan(MARIADB, POSTGRES, mariadb);
    assertThat(plan.indexes)
        .containsExactly(
            "CREATE INDEX IF NOT EXISTS \"orders_k_1\" ON \"shop\".\"orders\" USING btree (\"k\")",
            "CREATE INDEX IF NOT EXISTS \"orders_email_prefix\" ON \"shop\".\"orders\" USING btree"
                + " (\"email\")");
    assertThat(plan.tableElements)
        .containsExactly("CONSTRAINT \"orders_k_positive\" CHECK (\"k\" >= 0)");
    // A virtual column is stored on PostgreSQL (before 18, the only kind it has).
    assertThat(plan.columnClauses)
        .containsEntry("total", "GENERATED ALWAYS AS (\"qty\" * \"price\") STORED");
    assertThat(String.join("\n", plan.notTranslated))
        .contains("index ft: its method fulltext")
        .contains("check constraint odd", "the word div");
  }

  @Test
  void aGeneratedColumnWhoseExpressionDoesNotTranslateIsAPlainColumnWithANote() {
    TableObjects objects =
        new TableObjects(
            List.of(),
            List.of(),
            List.of(),
            Map.of("total", new Generated("`qty` / `price`", true)),
            null,
            Map.of());
    TargetObjects plan = plan(MARIADB, POSTGRES, objects);
    assertThat(plan.columnClauses).doesNotContainKey("total");
    assertThat(plan.notTranslated)
        .singleElement()
        .asString()
        .contains("column total is generated", "plain column");
  }
}
