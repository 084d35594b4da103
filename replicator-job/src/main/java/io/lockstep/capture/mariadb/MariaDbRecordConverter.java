package io.lockstep.capture.mariadb;

import io.lockstep.capture.spi.DebeziumRecords;
import io.lockstep.capture.spi.RecordConverter;
import io.lockstep.engine.mariadb.MySqlTimeText;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.event.ValueCodec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a record of Debezium's MariaDB connector (MariaDB, and MySQL 8 read through it) into a
 * {@link ChangeEvent}, or null for records that carry no row change. Expects the connector settings
 * of {@code DebeziumProperties} and {@link MariaDbCapture}: decimals as strings, {@code BIGINT
 * UNSIGNED} as precise decimals, microsecond temporals, bytes as bytes, and the source column types
 * propagated.
 *
 * <ul>
 *   <li>A table is {@code TableId(database, database, table)}: MariaDB has no schemas inside a
 *       database, and taking the database as the schema keeps the topic {@code
 *       <prefix>.<db>.<db>.<table>} in the same four parts as PostgreSQL's and lets the target
 *       schema default to the source database.
 *   <li>Native types are Debezium's upper-case type names without display width or {@code ZEROFILL}
 *       ({@code BIGINT UNSIGNED}, {@code DATETIME}), as {@code CatalogReader} names them.
 *   <li>{@code TIME} is a signed duration up to 838:59:59 in MariaDB/MySQL. A value outside a day
 *       ({@code 00:00:00} to {@code 23:59:59.999999}) cannot be a {@link LocalTime}: that event
 *       carries the column as {@link ColumnType#OTHER} with MySQL's own text ({@code -838:59:59},
 *       {@code 100:00:00.500000}), which a MariaDB/MySQL target takes as is and a PostgreSQL {@code
 *       time} column refuses (the row is dead-lettered, not cut).
 *   <li>{@code BIT(n)}, n &gt; 1, arrives little-endian from Debezium; events carry it big-endian,
 *       the order MySQL itself shows and takes ({@code b'…'}, JDBC bytes). {@code BIT(1)} arrives
 *       as a boolean.
 * </ul>
 */
public final class MariaDbRecordConverter implements RecordConverter {

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private static final Set<String> DECIMAL_TYPES = Set.of("DECIMAL", "NUMERIC", "DEC", "FIXED");

  private transient DebeziumRecords.SchemaCache schemas;

  @Override
  public ChangeEvent convert(SourceRecord record, long epoch) {
    Struct envelope = DebeziumRecords.rowChange(record);
    if (envelope == null) {
      return null;
    }
    String op = envelope.getString("op");
    Struct source = envelope.getStruct("source");
    String database = source.getString("db");
    TableId table = new TableId(database, database, source.getString("table"));
    if (DebeziumRecords.isTruncate(envelope)) {
      return ChangeEvent.truncate(
          table,
          DebeziumRecords.commitTime(source),
          position(record.sourceOffset(), epoch),
          DebeziumRecords.string(source, "gtid"));
    }
    if (schemas == null) {
      schemas = new DebeziumRecords.SchemaCache();
    }
    TableSchema schema =
        schemas.get(
            table,
            DebeziumRecords.rowSchema(envelope),
            record.keySchema(),
            MariaDbRecordConverter::columns);
    Map<String, Object> before = row(schema, envelope.getStruct("before"));
    Map<String, Object> after = row(schema, envelope.getStruct("after"));
    schema = withTimesOutsideADayAsText(schema, before, after);
    String position =
        op.equals("r") && !DebeziumRecords.isIncrementalSnapshotRead(source)
            ? SourcePosition.mariadbSnapshot(epoch)
            : position(record.sourceOffset(), epoch);
    return DebeziumRecords.event(
        op,
        schema,
        before,
        after,
        DebeziumRecords.commitTime(source),
        position,
        DebeziumRecords.string(source, "gtid"));
  }

  /**
   * The position of a streamed change from its Debezium offset: {@code pos} is where Debezium
   * restarts, the start of the change's transaction; {@code event} counts the events of that
   * transaction before the change's event, and {@code row} the rows of that event up to and
   * including the change. Debezium resumes by skipping those, so the tuple identifies the change
   * and grows in binlog order, within a transaction too.
   */
  static String position(Map<String, ?> offset, long epoch) {
    return SourcePosition.mariadb(
        epoch,
        binlogFileIndex(offset.get("file")),
        number(offset.get("pos")),
        number(offset.get("event")),
        number(offset.get("row")));
  }

  /** The number of a binlog file, {@code 42} for {@code mysql-bin.000042}; 0 when absent. */
  static long binlogFileIndex(Object file) {
    if (file == null) {
      return 0;
    }
    String name = file.toString();
    String digits = name.substring(name.lastIndexOf('.') + 1);
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "binlog file name '"
              + name
              + "' does not end in a number; Lockstep orders changes by binlog file number",
          e);
    }
  }

  private static long number(Object value) {
    if (value == null) {
      return 0;
    }
    return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
  }

  private static List<ColumnSchema> columns(Schema rowSchema) {
    List<ColumnSchema> columns = new ArrayList<>();
    for (Field field : rowSchema.fields()) {
      columns.add(column(field.name(), field.schema()));
    }
    return columns;
  }

  static ColumnSchema column(String name, Schema schema) {
    String nativeType = nativeType(schema);
    ColumnType type = type(schema, nativeType);
    Integer length = DebeziumRecords.intParameter(schema, DebeziumRecords.SOURCE_LENGTH);
    Integer scale = DebeziumRecords.intParameter(schema, DebeziumRecords.SOURCE_SCALE);
    Integer declaredLength =
        switch (type) {
          // Precision; fractional-second digits (MySQL's default is 0); characters, bytes or bits.
          case DECIMAL -> nativeType.startsWith("BIGINT") ? Integer.valueOf(20) : length;
          case TIME, TIMESTAMP, TIMESTAMPTZ -> length == null ? Integer.valueOf(0) : length;
          case STRING, BYTES, BOOLEAN ->
              schema.name() != null && schema.name().startsWith("io.debezium.data.Enum")
                  ? null
                  : length;
          default -> null;
        };
    return new ColumnSchema(
        name,
        type,
        null,
        nativeType,
        schema.isOptional(),
        declaredLength,
        type == ColumnType.DECIMAL ? (scale == null ? Integer.valueOf(0) : scale) : null);
  }

  /** {@code BIGINT UNSIGNED} for {@code bigint(20) unsigned zerofill}, as Debezium names it. */
  static String nativeType(Schema schema) {
    String type = DebeziumRecords.parameter(schema, DebeziumRecords.SOURCE_TYPE);
    if (type == null) {
      return "";
    }
    return type.toUpperCase(Locale.ROOT)
        .replaceAll("\\(.*?\\)", "")
        .replace(" ZEROFILL", "")
        .replaceAll("\\s+", " ")
        .trim();
  }

  private static ColumnType type(Schema schema, String nativeType) {
    String logical = schema.name() == null ? "" : schema.name();
    // DATETIME is a wall-clock time (TIMESTAMP); a MariaDB TIMESTAMP is an instant, which Debezium
    // gives in UTC (TIMESTAMPTZ).
    ColumnType temporal = DebeziumRecords.temporalType(logical);
    if (temporal != null) {
      return temporal;
    }
    switch (logical) {
      case "io.debezium.time.Year":
        return ColumnType.INT32;
      case "io.debezium.data.Enum", "io.debezium.data.EnumSet":
        return ColumnType.STRING;
      case "io.debezium.data.Bits":
        return ColumnType.BYTES;
      case "org.apache.kafka.connect.data.Decimal", "io.debezium.data.VariableScaleDecimal":
        // BIGINT UNSIGNED with bigint.unsigned.handling.mode=precise.
        return ColumnType.DECIMAL;
      case "io.debezium.data.Json":
        return ColumnType.JSON;
      case "io.debezium.data.Uuid":
        return ColumnType.UUID;
      default:
        break;
    }
    String base = nativeType.replace(" UNSIGNED", "");
    if (DECIMAL_TYPES.contains(base)) {
      return ColumnType.DECIMAL;
    }
    if (base.equals("FLOAT")) {
      // FLOAT(p) with p over 24 is a double; Debezium then sends a FLOAT64. A plain FLOAT is a
      // four-byte float however Debezium widens it, as the catalog types it.
      Integer precision = DebeziumRecords.intParameter(schema, DebeziumRecords.SOURCE_LENGTH);
      return precision != null && precision > 24 ? ColumnType.FLOAT64 : ColumnType.FLOAT32;
    }
    if (base.startsWith("DOUBLE") || base.equals("REAL")) {
      return ColumnType.FLOAT64;
    }
    if (base.equals("UUID")) {
      return ColumnType.UUID;
    }
    return switch (schema.type()) {
      case BOOLEAN -> ColumnType.BOOLEAN;
      // TINYINT, TINYINT(1) included: Debezium gives it as a number unless told otherwise.
      case INT8, INT16 -> ColumnType.INT16;
      case INT32 -> ColumnType.INT32;
      case INT64 -> ColumnType.INT64;
      case FLOAT32 -> ColumnType.FLOAT32;
      case FLOAT64 -> ColumnType.FLOAT64;
      case BYTES -> ColumnType.BYTES;
      case STRING -> ColumnType.STRING;
      default -> ColumnType.OTHER;
    };
  }

  private static Map<String, Object> row(TableSchema schema, Struct struct) {
    if (struct == null) {
      return null;
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (ColumnSchema column : schema.columns()) {
      Field field = struct.schema().field(column.name());
      if (field != null) {
        Object raw = struct.get(field);
        try {
          row.put(column.name(), value(column.type(), field.schema(), raw));
        } catch (RuntimeException e) {
          throw DebeziumRecords.unrepresentable(schema, column, raw, e);
        }
      }
    }
    return row;
  }

  private static Object value(ColumnType type, Schema schema, Object raw) {
    if (raw == null) {
      return null;
    }
    String logical = schema.name() == null ? "" : schema.name();
    return switch (type) {
      case BOOLEAN -> raw instanceof Boolean b ? b : ((Number) raw).longValue() != 0;
      case INT16 -> ((Number) raw).shortValue();
      case INT32 -> ((Number) raw).intValue();
      case INT64 -> ((Number) raw).longValue();
      case FLOAT32 -> ((Number) raw).floatValue();
      case FLOAT64 -> ((Number) raw).doubleValue();
      case DECIMAL -> raw instanceof BigDecimal d ? d : ValueCodec.decimal(raw.toString());
      case STRING, JSON -> raw.toString();
      case BYTES ->
          logical.equals("io.debezium.data.Bits")
              ? DebeziumRecords.bigEndianBits(DebeziumRecords.bytes(raw), schema)
              : DebeziumRecords.bytes(raw);
      case UUID -> java.util.UUID.fromString(raw.toString());
      case DATE -> LocalDate.ofEpochDay(((Number) raw).longValue());
      case TIME -> time(DebeziumRecords.timeMicros(logical, ((Number) raw).longValue()));
      case TIMESTAMP -> DebeziumRecords.timestamp(logical, ((Number) raw).longValue());
      case TIMESTAMPTZ -> OffsetDateTime.parse(raw.toString()).toInstant();
      default -> other(raw);
    };
  }

  /** A time of day, or MySQL's text of a duration outside one. */
  static Object time(long micros) {
    if (micros >= 0 && micros < MICROS_PER_DAY) {
      return LocalTime.ofNanoOfDay(micros * 1_000L);
    }
    return MySqlTimeText.of(micros);
  }

  /** Types Lockstep has no logical type for (spatial types): their WKB in hex, else text. */
  private static String other(Object raw) {
    if (raw instanceof Struct struct && struct.schema().field("wkb") != null) {
      Object wkb = struct.get("wkb");
      return wkb == null ? null : HexFormat.of().formatHex(DebeziumRecords.bytes(wkb));
    }
    return raw.toString();
  }

  /**
   * The event's schema, with {@code TIME} columns whose value in this event lies outside a day
   * typed {@link ColumnType#OTHER} (their values are text then, see {@link #time}).
   */
  private static TableSchema withTimesOutsideADayAsText(
      TableSchema schema, Map<String, Object> before, Map<String, Object> after) {
    Set<String> asText = new TreeSet<>();
    for (ColumnSchema column : schema.columns()) {
      if (column.type() == ColumnType.TIME
          && (isText(before, column.name()) || isText(after, column.name()))) {
        asText.add(column.name());
      }
    }
    if (asText.isEmpty()) {
      return schema;
    }
    for (ColumnSchema column : schema.columns()) {
      // A day-range value beside a text one in the other image must be text too.
      if (asText.contains(column.name())) {
        textify(before, column.name());
        textify(after, column.name());
      }
    }
    List<ColumnSchema> columns = new ArrayList<>(schema.columns().size());
    for (ColumnSchema column : schema.columns()) {
      columns.add(
          asText.contains(column.name())
              ? DebeziumRecords.retyped(column, ColumnType.OTHER)
              : column);
    }
    return new TableSchema(schema.id(), columns, schema.keyColumns());
  }

  private static boolean isText(Map<String, Object> row, String column) {
    return row != null && row.get(column) instanceof String;
  }

  private static void textify(Map<String, Object> row, String column) {
    if (row != null && row.get(column) instanceof LocalTime time) {
      row.put(column, MySqlTimeText.of(time.toNanoOfDay() / 1_000L));
    }
  }
}
