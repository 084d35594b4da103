package io.lockstep.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.types.Engine;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TypeMappingTest {

  /**
   * One row per source type: native name as the capture reports it, logical type, declared length
   * and scale, then the PostgreSQL and the MariaDB/MySQL target type.
   */
  static Stream<Arguments> postgresSources() {
    return Stream.of(
        row("bool", ColumnType.BOOLEAN, null, null, "boolean", "boolean"),
        row("int2", ColumnType.INT16, null, null, "smallint", "smallint"),
        row("int4", ColumnType.INT32, null, null, "integer", "int"),
        row("int8", ColumnType.INT64, null, null, "bigint", "bigint"),
        row("numeric", ColumnType.DECIMAL, 38, 10, "numeric(38,10)", "decimal(38,10)"),
        row("numeric", ColumnType.DECIMAL, 65, 30, "numeric(65,30)", "decimal(65,30)"),
        row("numeric", ColumnType.DECIMAL, null, null, "numeric", "decimal(65,30)"),
        row("numeric", ColumnType.DECIMAL, 100, 2, "numeric(100,2)", "decimal(65,30)"),
        row("numeric", ColumnType.DECIMAL, 20, 0, "numeric(20,0)", "decimal(20,0)"),
        // pgjdbc reports an unconstrained numeric's size as 131089.
        row("numeric", ColumnType.DECIMAL, 131089, 0, "numeric", "decimal(65,30)"),
        row("numeric", ColumnType.DECIMAL, 3, -2, "numeric(3,-2)", "decimal(5,0)"),
        row("numeric", ColumnType.DECIMAL, 2, 5, "numeric(2,5)", "decimal(5,5)"),
        row("money", ColumnType.DECIMAL, null, null, "money", "decimal(19,2)"),
        row("float4", ColumnType.FLOAT32, null, null, "real", "float"),
        row("float8", ColumnType.FLOAT64, null, null, "double precision", "double"),
        row("text", ColumnType.STRING, null, null, "text", "longtext"),
        row("varchar", ColumnType.STRING, 100, null, "varchar(100)", "varchar(100)"),
        row("varchar", ColumnType.STRING, 255, null, "varchar(255)", "varchar(255)"),
        row("varchar", ColumnType.STRING, 256, null, "varchar(256)", "text"),
        row("varchar", ColumnType.STRING, 20000, null, "varchar(20000)", "mediumtext"),
        row("varchar", ColumnType.STRING, 10485760, null, "varchar(10485760)", "longtext"),
        row("varchar", ColumnType.STRING, null, null, "varchar", "longtext"),
        row("bpchar", ColumnType.STRING, 10, null, "char(10)", "char(10)"),
        row("bpchar", ColumnType.STRING, 300, null, "char(300)", "text"),
        row("bpchar", ColumnType.STRING, null, null, "bpchar", "longtext"),
        row("char", ColumnType.STRING, null, null, "\"char\"", "char(1)"),
        row("name", ColumnType.STRING, null, null, "name", "varchar(64)"),
        row("citext", ColumnType.STRING, null, null, "text", "longtext"),
        row("bytea", ColumnType.BYTES, null, null, "bytea", "longblob"),
        row("json", ColumnType.JSON, null, null, "json", "json"),
        row("jsonb", ColumnType.JSON, null, null, "jsonb", "json"),
        row("uuid", ColumnType.UUID, null, null, "uuid", "char(36)"),
        row("date", ColumnType.DATE, null, null, "date", "date"),
        row("time", ColumnType.TIME, 6, null, "time(6)", "time(6)"),
        row("time", ColumnType.TIME, 3, null, "time(3)", "time(3)"),
        row("time", ColumnType.TIME, null, null, "time", "time(6)"),
        row("timetz", ColumnType.OTHER, null, null, "timetz", "varchar(32)"),
        row("timestamp", ColumnType.TIMESTAMP, 6, null, "timestamp(6)", "datetime(6)"),
        row("timestamp", ColumnType.TIMESTAMP, 0, null, "timestamp(0)", "datetime(0)"),
        row("timestamp", ColumnType.TIMESTAMP, null, null, "timestamp", "datetime(6)"),
        // A length that is no fractional precision (pgjdbc's display size 29) counts as unknown.
        row("timestamp", ColumnType.TIMESTAMP, 29, null, "timestamp", "datetime(6)"),
        row("timestamptz", ColumnType.TIMESTAMPTZ, 3, null, "timestamptz(3)", "datetime(3)"),
        row("timestamptz", ColumnType.TIMESTAMPTZ, null, null, "timestamptz", "datetime(6)"),
        row("interval", ColumnType.INTERVAL, null, null, "interval", "varchar(64)"),
        row("bit", ColumnType.BOOLEAN, 1, null, "bit(1)", "bit(1)"),
        row("bit", ColumnType.BYTES, 8, null, "bit(8)", "bit(8)"),
        row("bit", ColumnType.BYTES, 64, null, "bit(64)", "bit(64)"),
        row("bit", ColumnType.BYTES, 100, null, "bit(100)", "varbinary(13)"),
        row("bit", ColumnType.BYTES, null, null, "bit varying", "longblob"),
        row("varbit", ColumnType.BYTES, 16, null, "bit varying(16)", "bit(16)"),
        row("varbit", ColumnType.BYTES, null, null, "bit varying", "longblob"),
        row("inet", ColumnType.STRING, null, null, "inet", "varchar(64)"),
        row("cidr", ColumnType.STRING, null, null, "cidr", "varchar(64)"),
        row("macaddr", ColumnType.STRING, null, null, "macaddr", "varchar(17)"),
        row("macaddr8", ColumnType.STRING, null, null, "macaddr8", "varchar(23)"),
        row("xml", ColumnType.STRING, null, null, "xml", "longtext"),
        row("tsvector", ColumnType.OTHER, null, null, "tsvector", "longtext"),
        row("point", ColumnType.OTHER, null, null, "point", "longtext"),
        // A user-defined enum and an extension type: they may not exist on the target.
        row("mood", ColumnType.STRING, null, null, "text", "longtext"),
        row("hstore", ColumnType.OTHER, null, null, "text", "longtext"),
        row("_text", ColumnType.ARRAY, ColumnType.STRING, "text[]", "json"),
        row("_int4", ColumnType.ARRAY, ColumnType.INT32, "integer[]", "json"),
        row("_numeric", ColumnType.ARRAY, ColumnType.DECIMAL, "numeric[]", "json"),
        row("_timestamptz", ColumnType.ARRAY, ColumnType.TIMESTAMPTZ, "timestamptz[]", "json"),
        row("_uuid", ColumnType.ARRAY, ColumnType.UUID, "uuid[]", "json"));
  }

  static Stream<Arguments> mariaDbSources() {
    return Stream.of(
        row("TINYINT", ColumnType.INT16, null, null, "smallint", "tinyint"),
        // TINYINT(1): Debezium converts it to BOOLEAN, or leaves it INT16.
        row("TINYINT", ColumnType.BOOLEAN, 1, null, "boolean", "tinyint(1)"),
        row("TINYINT", ColumnType.INT16, 1, null, "smallint", "tinyint"),
        row("TINYINT UNSIGNED", ColumnType.INT16, null, null, "smallint", "tinyint unsigned"),
        row("BOOLEAN", ColumnType.BOOLEAN, null, null, "boolean", "boolean"),
        row("BOOLEAN", ColumnType.INT16, null, null, "smallint", "boolean"),
        row("SMALLINT", ColumnType.INT16, null, null, "smallint", "smallint"),
        row("SMALLINT UNSIGNED", ColumnType.INT32, null, null, "integer", "smallint unsigned"),
        row("MEDIUMINT", ColumnType.INT32, null, null, "integer", "mediumint"),
        row("MEDIUMINT UNSIGNED", ColumnType.INT32, null, null, "integer", "mediumint unsigned"),
        row("INT", ColumnType.INT32, 11, null, "integer", "int"),
        row("INT UNSIGNED", ColumnType.INT64, null, null, "bigint", "int unsigned"),
        row("BIGINT", ColumnType.INT64, null, null, "bigint", "bigint"),
        row("BIGINT UNSIGNED", ColumnType.DECIMAL, 20, 0, "numeric(20,0)", "bigint unsigned"),
        row("BIGINT UNSIGNED", ColumnType.INT64, null, null, "numeric(20,0)", "bigint unsigned"),
        row("DECIMAL", ColumnType.DECIMAL, 38, 10, "numeric(38,10)", "decimal(38,10)"),
        row("DECIMAL", ColumnType.DECIMAL, 65, 30, "numeric(65,30)", "decimal(65,30)"),
        row("DECIMAL", ColumnType.DECIMAL, null, null, "numeric", "decimal(65,30)"),
        row(
            "DECIMAL UNSIGNED",
            ColumnType.DECIMAL,
            10,
            2,
            "numeric(10,2)",
            "decimal(10,2) unsigned"),
        row("FLOAT", ColumnType.FLOAT32, null, null, "real", "float"),
        // FLOAT(53) is a DOUBLE.
        row("FLOAT", ColumnType.FLOAT64, 53, null, "double precision", "double"),
        row("DOUBLE", ColumnType.FLOAT64, null, null, "double precision", "double"),
        row("BIT", ColumnType.BOOLEAN, 1, null, "boolean", "bit(1)"),
        row("BIT", ColumnType.BYTES, 8, null, "bit(8)", "bit(8)"),
        row("BIT", ColumnType.BYTES, 64, null, "bit(64)", "bit(64)"),
        row("BIT", ColumnType.BYTES, null, null, "bit varying(64)", "bit(64)"),
        row("CHAR", ColumnType.STRING, 10, null, "char(10)", "char(10)"),
        row("CHAR", ColumnType.STRING, null, null, "text", "char(255)"),
        row("VARCHAR", ColumnType.STRING, 100, null, "varchar(100)", "varchar(100)"),
        row("VARCHAR", ColumnType.STRING, 16383, null, "varchar(16383)", "varchar(16383)"),
        row("VARCHAR", ColumnType.STRING, 60000, null, "varchar(60000)", "mediumtext"),
        row("VARCHAR", ColumnType.STRING, null, null, "text", "longtext"),
        row("TINYTEXT", ColumnType.STRING, null, null, "text", "tinytext"),
        row("TEXT", ColumnType.STRING, null, null, "text", "text"),
        row("MEDIUMTEXT", ColumnType.STRING, null, null, "text", "mediumtext"),
        row("LONGTEXT", ColumnType.STRING, null, null, "text", "longtext"),
        row("BINARY", ColumnType.BYTES, 16, null, "bytea", "binary(16)"),
        row("VARBINARY", ColumnType.BYTES, 300, null, "bytea", "varbinary(300)"),
        row("TINYBLOB", ColumnType.BYTES, null, null, "bytea", "tinyblob"),
        row("BLOB", ColumnType.BYTES, null, null, "bytea", "blob"),
        row("MEDIUMBLOB", ColumnType.BYTES, null, null, "bytea", "mediumblob"),
        row("LONGBLOB", ColumnType.BYTES, null, null, "bytea", "longblob"),
        row("JSON", ColumnType.STRING, null, null, "json", "json"),
        row("JSON", ColumnType.JSON, null, null, "json", "json"),
        row("ENUM", ColumnType.STRING, null, null, "text", "varchar(255)"),
        row("SET", ColumnType.STRING, null, null, "text", "text"),
        row("YEAR", ColumnType.INT32, null, null, "smallint", "year"),
        row("DATE", ColumnType.DATE, null, null, "date", "date"),
        row("TIME", ColumnType.TIME, 6, null, "time(6)", "time(6)"),
        row("TIME", ColumnType.TIME, 0, null, "time(0)", "time(0)"),
        row("DATETIME", ColumnType.TIMESTAMP, 6, null, "timestamp(6)", "datetime(6)"),
        row("DATETIME", ColumnType.TIMESTAMP, null, null, "timestamp", "datetime(6)"),
        row("TIMESTAMP", ColumnType.TIMESTAMPTZ, 6, null, "timestamptz(6)", "timestamp(6)"),
        row("TIMESTAMP", ColumnType.TIMESTAMPTZ, null, null, "timestamptz", "timestamp(6)"),
        row("UUID", ColumnType.UUID, null, null, "uuid", "uuid"),
        row("INET6", ColumnType.STRING, null, null, "inet", "inet6"),
        // Not carried faithfully by the capture yet; typed by its logical type.
        row("GEOMETRY", ColumnType.OTHER, null, null, "text", "longtext"));
  }

  /** Events without a native type name (hand-made ones) are typed by their logical type. */
  static Stream<Arguments> logicalOnly() {
    return Stream.of(
        row("", ColumnType.BOOLEAN, null, null, "boolean", "boolean"),
        row("", ColumnType.INT16, null, null, "smallint", "smallint"),
        row("", ColumnType.INT32, null, null, "integer", "int"),
        row("", ColumnType.INT64, null, null, "bigint", "bigint"),
        row("", ColumnType.FLOAT32, null, null, "real", "float"),
        row("", ColumnType.FLOAT64, null, null, "double precision", "double"),
        row("", ColumnType.DECIMAL, null, null, "numeric", "decimal(65,30)"),
        row("", ColumnType.STRING, null, null, "text", "longtext"),
        row("", ColumnType.BYTES, null, null, "bytea", "longblob"),
        row("", ColumnType.JSON, null, null, "json", "json"),
        row("", ColumnType.UUID, null, null, "uuid", "char(36)"),
        row("", ColumnType.DATE, null, null, "date", "date"),
        row("", ColumnType.TIME, null, null, "time", "time(6)"),
        row("", ColumnType.TIMESTAMP, null, null, "timestamp", "datetime(6)"),
        row("", ColumnType.TIMESTAMPTZ, null, null, "timestamptz", "datetime(6)"),
        row("", ColumnType.INTERVAL, null, null, "interval", "varchar(64)"),
        row("", ColumnType.ARRAY, ColumnType.INT64, "bigint[]", "json"),
        row("", ColumnType.OTHER, null, null, "text", "longtext"));
  }

  private static Arguments row(
      String nativeType,
      ColumnType type,
      Integer length,
      Integer scale,
      String postgres,
      String mariaDb) {
    ColumnSchema column = new ColumnSchema("c", type, null, nativeType, true, length, scale);
    return Arguments.of(describe(nativeType, type, length, scale), column, postgres, mariaDb);
  }

  private static Arguments row(
      String nativeType, ColumnType array, ColumnType element, String postgres, String mariaDb) {
    ColumnSchema column = new ColumnSchema("c", array, element, nativeType, true);
    return Arguments.of(nativeType + " " + array + "<" + element + ">", column, postgres, mariaDb);
  }

  private static String describe(
      String nativeType, ColumnType type, Integer length, Integer scale) {
    String size =
        length == null ? "" : scale == null ? "(" + length + ")" : "(" + length + "," + scale + ")";
    return (nativeType.isEmpty() ? "<none>" : nativeType) + size + " " + type;
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("postgresSources")
  void postgresSourceTypeMapsToEachTarget(
      String name, ColumnSchema column, String postgres, String mariaDb) {
    assertThat(Engines.of(Engine.POSTGRES).targetType(column)).isEqualTo(postgres);
    assertThat(Engines.of(Engine.MARIADB).targetType(column)).isEqualTo(mariaDb);
  }

  @ParameterizedTest(name = "MariaDB {0}")
  @MethodSource("mariaDbSources")
  void mariaDbSourceTypeMapsToEachTarget(
      String name, ColumnSchema column, String postgres, String mariaDb) {
    assertThat(Engines.of(Engine.POSTGRES).targetType(column)).isEqualTo(postgres);
    assertThat(Engines.of(Engine.MARIADB).targetType(column)).isEqualTo(mariaDb);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logicalOnly")
  void columnWithoutNativeTypeFollowsItsLogicalType(
      String name, ColumnSchema column, String postgres, String mariaDb) {
    assertThat(Engines.of(Engine.POSTGRES).targetType(column)).isEqualTo(postgres);
    assertThat(Engines.of(Engine.MARIADB).targetType(column)).isEqualTo(mariaDb);
  }

  @Test
  void mariaDbNamesAreRecognisedInAnyCase() {
    ColumnSchema unsigned =
        new ColumnSchema("c", ColumnType.DECIMAL, null, "bigint(20) unsigned zerofill", true);
    ColumnSchema datetime =
        new ColumnSchema("c", ColumnType.TIMESTAMP, null, "datetime", true, 3, null);

    assertThat(Engines.of(Engine.POSTGRES).targetType(unsigned)).isEqualTo("numeric(20,0)");
    assertThat(Engines.of(Engine.MARIADB).targetType(unsigned)).isEqualTo("bigint unsigned");
    assertThat(Engines.of(Engine.POSTGRES).targetType(datetime)).isEqualTo("timestamp(3)");
  }

  @Test
  void sharedNameTimestampMeansWallClockOnPostgresAndInstantOnMariaDb() {
    ColumnSchema postgres = new ColumnSchema("c", ColumnType.TIMESTAMP, null, "timestamp", true);
    ColumnSchema mariaDb = new ColumnSchema("c", ColumnType.TIMESTAMPTZ, null, "TIMESTAMP", true);

    assertThat(Engines.of(Engine.POSTGRES).targetType(postgres)).isEqualTo("timestamp");
    assertThat(Engines.of(Engine.MARIADB).targetType(postgres)).isEqualTo("datetime(6)");
    assertThat(Engines.of(Engine.POSTGRES).targetType(mariaDb)).isEqualTo("timestamptz");
    assertThat(Engines.of(Engine.MARIADB).targetType(mariaDb)).isEqualTo("timestamp(6)");
  }

  @Test
  void sharedNameTextKeepsEachEnginesDeclaration() {
    ColumnSchema postgres = new ColumnSchema("c", ColumnType.STRING, null, "text", true);
    ColumnSchema mariaDb = new ColumnSchema("c", ColumnType.STRING, null, "TEXT", true);

    assertThat(Engines.of(Engine.MARIADB).targetType(postgres)).isEqualTo("longtext");
    assertThat(Engines.of(Engine.MARIADB).targetType(mariaDb)).isEqualTo("text");
  }
}
