package io.lockstep.engine;

import static io.lockstep.types.Engine.MARIADB;
import static io.lockstep.types.Engine.POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.engine.ColumnDefaults.SourceDefault;
import io.lockstep.engine.ColumnDefaults.Translation;
import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.types.Engine;
import org.junit.jupiter.api.Test;

/** Defaults as each catalog spells them, on the other engine (and on the same one). */
class ColumnDefaultsTest {

  private static ColumnSchema column(ColumnType type, String nativeType, Integer length) {
    return new ColumnSchema("c", type, null, nativeType, true, length, null);
  }

  private static String clause(Engine from, Engine to, ColumnSchema column, String expression) {
    Translation translation =
        ColumnDefaults.translate(
            from, Engines.of(to), column, new SourceDefault(expression, false));
    assertThat(translation).isInstanceOf(Translation.Clause.class);
    return ((Translation.Clause) translation).sql();
  }

  private static String notTranslated(
      Engine from, Engine to, ColumnSchema column, String expression) {
    Translation translation =
        ColumnDefaults.translate(
            from, Engines.of(to), column, new SourceDefault(expression, false));
    assertThat(translation).isInstanceOf(Translation.NotTranslated.class);
    return ((Translation.NotTranslated) translation).reason();
  }

  @Test
  void noDefaultIsNoClause() {
    ColumnSchema text = column(ColumnType.STRING, "varchar", 20);
    assertThat(clause(MARIADB, POSTGRES, text, null)).isEmpty();
    // MariaDB's catalog says NULL for a nullable column without a default.
    assertThat(clause(MARIADB, POSTGRES, text, "NULL")).isEmpty();
  }

  @Test
  void numbersFromEitherCatalog() {
    ColumnSchema integer = column(ColumnType.INT32, "int4", null);
    assertThat(clause(POSTGRES, MARIADB, integer, "0")).isEqualTo("DEFAULT 0");
    assertThat(clause(POSTGRES, MARIADB, integer, "'-1'::integer")).isEqualTo("DEFAULT -1");
    assertThat(clause(POSTGRES, MARIADB, integer, "(-1)")).isEqualTo("DEFAULT -1");
    ColumnSchema decimal = column(ColumnType.DECIMAL, "numeric", 10);
    assertThat(clause(POSTGRES, MARIADB, decimal, "1.50")).isEqualTo("DEFAULT 1.50");
    assertThat(clause(MARIADB, POSTGRES, decimal, "1.50")).isEqualTo("DEFAULT 1.50");
  }

  @Test
  void booleansInEachEnginesSpelling() {
    ColumnSchema flag = column(ColumnType.BOOLEAN, "bool", null);
    assertThat(clause(POSTGRES, MARIADB, flag, "true")).isEqualTo("DEFAULT 1");
    assertThat(clause(MARIADB, POSTGRES, flag, "0")).isEqualTo("DEFAULT false");
  }

  @Test
  void stringsAreRequotedForTheTarget() {
    ColumnSchema text = column(ColumnType.STRING, "varchar", 20);
    assertThat(clause(POSTGRES, MARIADB, text, "'it''s'::character varying"))
        .isEqualTo("DEFAULT 'it''s'");
    assertThat(clause(POSTGRES, MARIADB, text, "'a\\b'::text")).isEqualTo("DEFAULT 'a\\\\b'");
    assertThat(clause(MARIADB, POSTGRES, text, "'new'")).isEqualTo("DEFAULT 'new'");
    assertThat(clause(MARIADB, POSTGRES, text, "''")).isEqualTo("DEFAULT ''");
  }

  @Test
  void currentTimeByColumnType() {
    ColumnSchema instant = column(ColumnType.TIMESTAMPTZ, "timestamptz", 6);
    ColumnSchema wallClock = column(ColumnType.TIMESTAMP, "datetime", 3);
    assertThat(clause(POSTGRES, MARIADB, instant, "now()"))
        .isEqualTo("DEFAULT CURRENT_TIMESTAMP(6)");
    assertThat(clause(MARIADB, POSTGRES, wallClock, "current_timestamp(3)"))
        .isEqualTo("DEFAULT LOCALTIMESTAMP");
    assertThat(clause(MARIADB, POSTGRES, instant, "current_timestamp()"))
        .isEqualTo("DEFAULT CURRENT_TIMESTAMP");
    ColumnSchema date = column(ColumnType.DATE, "date", null);
    assertThat(clause(MARIADB, POSTGRES, date, "curdate()")).isEqualTo("DEFAULT CURRENT_DATE");
    assertThat(clause(POSTGRES, MARIADB, date, "CURRENT_DATE")).isEqualTo("DEFAULT (curdate())");
    assertThat(clause(POSTGRES, MARIADB, date, "'2024-02-29'::date"))
        .isEqualTo("DEFAULT '2024-02-29'");
  }

  @Test
  void zeroDatesHaveNoEquivalent() {
    ColumnSchema date = column(ColumnType.DATE, "date", null);
    assertThat(notTranslated(MARIADB, POSTGRES, date, "'0000-00-00'"))
        .contains("'0000-00-00'", "column c", "PostgreSQL");
  }

  @Test
  void newUuids() {
    ColumnSchema uuid = column(ColumnType.UUID, "uuid", null);
    assertThat(clause(POSTGRES, MARIADB, uuid, "gen_random_uuid()")).isEqualTo("DEFAULT (uuid())");
    assertThat(clause(MARIADB, POSTGRES, uuid, "uuid()")).isEqualTo("DEFAULT gen_random_uuid()");
  }

  @Test
  void generatedKeysBecomeTheTargetsOwn() {
    ColumnSchema id = column(ColumnType.INT64, "int8", null);
    assertThat(clause(POSTGRES, MARIADB, id, "nextval('orders_id_seq'::regclass)"))
        .isEqualTo("AUTO_INCREMENT");
    assertThat(clause(POSTGRES, POSTGRES, id, "nextval('orders_id_seq'::regclass)"))
        .isEqualTo("GENERATED BY DEFAULT AS IDENTITY");
    assertThat(
            ColumnDefaults.translate(
                MARIADB, Engines.of(POSTGRES), id, new SourceDefault(null, true)))
        .isEqualTo(new Translation.Clause("GENERATED BY DEFAULT AS IDENTITY"));
    // BIGINT UNSIGNED maps to numeric(20), which cannot be an identity.
    ColumnSchema unsigned = column(ColumnType.DECIMAL, "BIGINT UNSIGNED", 20);
    assertThat(
            ColumnDefaults.translate(
                MARIADB, Engines.of(POSTGRES), unsigned, new SourceDefault(null, true)))
        .isInstanceOf(Translation.NotTranslated.class);
  }

  @Test
  void sameEngineKeepsTheCatalogText() {
    ColumnSchema tags =
        new ColumnSchema("c", ColumnType.ARRAY, ColumnType.INT32, "_int4", true, null, null);
    assertThat(clause(POSTGRES, POSTGRES, tags, "'{}'::integer[]"))
        .isEqualTo("DEFAULT '{}'::integer[]");
  }

  @Test
  void functionsOfTheSourceAreNamedNotGuessed() {
    ColumnSchema text = column(ColumnType.STRING, "text", null);
    assertThat(notTranslated(POSTGRES, MARIADB, text, "my_schema.next_code()"))
        .contains("my_schema.next_code()", "MariaDB/MySQL", "by hand");
    ColumnSchema json = column(ColumnType.JSON, "jsonb", null);
    assertThat(clause(POSTGRES, MARIADB, json, "'{}'::jsonb")).isEqualTo("DEFAULT '{}'");
  }
}
