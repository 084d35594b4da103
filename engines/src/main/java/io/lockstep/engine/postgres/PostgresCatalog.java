package io.lockstep.engine.postgres;

import io.lockstep.engine.CatalogDialect;
import io.lockstep.engine.CatalogType;
import io.lockstep.event.ColumnType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/** PostgreSQL's catalog: information_schema for columns, pg_catalog for keys and schemas. */
final class PostgresCatalog implements CatalogDialect {

  @Override
  public String columnsSql() {
    return "SELECT c.column_name, c.udt_name, c.is_nullable, c.character_maximum_length,"
        + " c.numeric_precision, c.numeric_scale, c.datetime_precision, c.data_type"
        + " FROM information_schema.columns c WHERE c.table_schema = ? AND c.table_name = ?"
        + " ORDER BY c.ordinal_position";
  }

  @Override
  public String defaultsSql() {
    return "SELECT column_name, column_default, is_identity = 'YES'"
        + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?";
  }

  @Override
  public String schemasSql() {
    return "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
        + " AND nspname <> 'information_schema' ORDER BY nspname";
  }

  @Override
  public String tablesSql() {
    return "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
        + " ORDER BY c.relname";
  }

  /**
   * Walks pg_inherits down from each root partitioned table (relkind 'p', not itself a partition),
   * which works on every supported version (pg_partition_root needs PostgreSQL 12).
   */
  @Override
  public Optional<String> partitionsSql() {
    return Optional.of(PARTITIONS);
  }

  static final String PARTITIONS =
      """
      WITH RECURSIVE tree(relid, root) AS (
        SELECT c.oid, c.oid FROM pg_class c WHERE c.relkind = 'p' AND NOT c.relispartition
        UNION ALL
        SELECT i.inhrelid, t.root FROM pg_inherits i JOIN tree t ON i.inhparent = t.relid
      )
      SELECT n.nspname, c.relname, rn.nspname, r.relname
        FROM tree t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class r ON r.oid = t.root JOIN pg_namespace rn ON rn.oid = r.relnamespace
       WHERE t.relid <> t.root
       ORDER BY 3, 4, 1, 2\
      """;

  @Override
  public String primaryKeySql() {
    return "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) ON true"
        + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
        + " WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary ORDER BY k.ord";
  }

  @Override
  public String nativeName(String catalogType) {
    return catalogType.toLowerCase(Locale.ROOT);
  }

  @Override
  public CatalogType logical(String catalogType, Integer length) {
    String udt = catalogType.toLowerCase(Locale.ROOT);
    // Debezium carries bit(1) as a boolean and longer bit strings as bytes (Bits).
    if (udt.equals("bit") || udt.equals("varbit")) {
      return CatalogType.of(length != null && length == 1 ? ColumnType.BOOLEAN : ColumnType.BYTES);
    }
    return logical(udt);
  }

  @Override
  public boolean lengthIsPrecision(String catalogType) {
    return false;
  }

  @Override
  public boolean schemaIsDatabase() {
    return false;
  }

  @Override
  public String database(Connection connection, String schema) throws SQLException {
    return connection.getCatalog();
  }

  private static CatalogType logical(String udt) {
    if (udt.startsWith("_")) {
      return new CatalogType(ColumnType.ARRAY, logical(udt.substring(1)).type());
    }
    return CatalogType.of(
        switch (udt) {
          case "bool" -> ColumnType.BOOLEAN;
          case "int2" -> ColumnType.INT16;
          case "int4" -> ColumnType.INT32;
          case "int8" -> ColumnType.INT64;
          case "float4" -> ColumnType.FLOAT32;
          case "float8" -> ColumnType.FLOAT64;
          case "numeric", "money" -> ColumnType.DECIMAL;
          case "text", "varchar", "bpchar", "name", "citext", "inet", "cidr", "macaddr" ->
              ColumnType.STRING;
          case "bytea" -> ColumnType.BYTES;
          case "json", "jsonb" -> ColumnType.JSON;
          case "uuid" -> ColumnType.UUID;
          case "date" -> ColumnType.DATE;
          case "time" -> ColumnType.TIME;
          case "timestamp" -> ColumnType.TIMESTAMP;
          case "timestamptz" -> ColumnType.TIMESTAMPTZ;
          case "interval" -> ColumnType.INTERVAL;
          case "bit", "varbit" -> ColumnType.BYTES;
          default -> ColumnType.OTHER;
        });
  }
}
