package io.lockstep.capture;

import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.event.ValueCodec;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Debezium PostgreSQL record into a {@link ChangeEvent}, or null for records that carry no
 * row change (heartbeats, transaction markers, truncates, messages). Expects the connector settings
 * of {@link DebeziumProperties}: decimals and intervals as strings, microsecond temporals, bytes as
 * bytes, and the source column types propagated.
 */
public final class PostgresRecordConverter implements Serializable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresRecordConverter.class);

  /** Debezium's stand-in for a TOASTed value an UPDATE left unchanged. */
  static final String UNAVAILABLE_VALUE = "__debezium_unavailable_value";

  private static final byte[] UNAVAILABLE_BYTES =
      UNAVAILABLE_VALUE.getBytes(StandardCharsets.UTF_8);

  private static final String SOURCE_TYPE_PARAMETER = "__debezium.source.column.type";

  /** Converts a record read in {@code epoch} (see {@link SourcePosition}). */
  public ChangeEvent convert(SourceRecord record, long epoch) {
    if (!(record.value() instanceof Struct envelope)
        || envelope.schema().field("op") == null
        || envelope.schema().field("source") == null) {
      return null;
    }
    String op = envelope.getString("op");
    Struct source = envelope.getStruct("source");
    if (op.equals("m")) {
      // A logical-decoding message, such as the capture's own heartbeat: it moves the offset on.
      return null;
    }
    if (!op.equals("r") && !op.equals("c") && !op.equals("u") && !op.equals("d")) {
      LOG.warn(
          "Skipping a '{}' record of {}.{}: only row changes are replicated (a TRUNCATE must be"
              + " repeated on the target by hand).",
          op,
          source.getString("schema"),
          source.getString("table"));
      return null;
    }
    TableId table =
        new TableId(source.getString("db"), source.getString("schema"), source.getString("table"));
    Schema rowSchema = envelope.schema().field(op.equals("d") ? "before" : "after").schema();
    TableSchema schema = cachedSchema(table, rowSchema, record.keySchema());
    Instant commitTime = commitTime(source);
    String transactionId = source.get("txId") == null ? null : source.get("txId").toString();
    Map<String, Object> before = row(schema, envelope.getStruct("before"));
    Map<String, Object> after = row(schema, envelope.getStruct("after"));
    return switch (op) {
      case "r" ->
          ChangeEvent.snapshotRead(schema, after, commitTime, SourcePosition.snapshot(epoch));
      case "c" ->
          ChangeEvent.insert(schema, after, commitTime, position(source, epoch), transactionId);
      case "u" ->
          ChangeEvent.update(
              schema, before, after, commitTime, position(source, epoch), transactionId);
      default ->
          ChangeEvent.delete(schema, before, commitTime, position(source, epoch), transactionId);
    };
  }

  /**
   * Debezium keeps one row schema object per table version, so the table schema is built once per
   * version, not once per event.
   */
  private TableSchema cachedSchema(TableId table, Schema rowSchema, Schema keySchema) {
    if (schemas == null) {
      schemas = new IdentityHashMap<>();
    }
    CachedSchema cached = schemas.get(rowSchema);
    if (cached != null && cached.keySchema() == keySchema && cached.schema().id().equals(table)) {
      return cached.schema();
    }
    TableSchema schema = tableSchema(table, rowSchema, keySchema);
    if (schemas.size() > 1024) {
      schemas.clear();
    }
    schemas.put(rowSchema, new CachedSchema(keySchema, schema));
    return schema;
  }

  private record CachedSchema(Schema keySchema, TableSchema schema) {}

  private transient Map<Schema, CachedSchema> schemas;

  private static TableSchema tableSchema(TableId table, Schema rowSchema, Schema keySchema) {
    List<ColumnSchema> columns = new ArrayList<>();
    for (Field field : rowSchema.fields()) {
      columns.add(column(field.name(), field.schema()));
    }
    List<String> keys = new ArrayList<>();
    if (keySchema != null) {
      keySchema.fields().forEach(f -> keys.add(f.name()));
    }
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          "table "
              + table
              + " has no primary key; Lockstep needs one to route and upsert its"
              + " rows. Add a primary key to the source table or exclude it from source.tables.");
    }
    return new TableSchema(table, columns, keys);
  }

  private static ColumnSchema column(String name, Schema schema) {
    String nativeType = nativeType(schema);
    if (schema.type() == Schema.Type.ARRAY) {
      ColumnType element = type(schema.valueSchema(), nativeType.replaceFirst("^_", ""));
      return new ColumnSchema(name, ColumnType.ARRAY, element, nativeType, schema.isOptional());
    }
    return new ColumnSchema(name, type(schema, nativeType), null, nativeType, schema.isOptional());
  }

  private static String nativeType(Schema schema) {
    Map<String, String> parameters = schema.parameters();
    String type = parameters == null ? null : parameters.get(SOURCE_TYPE_PARAMETER);
    return type == null ? "" : type.toLowerCase(Locale.ROOT);
  }

  private static ColumnType type(Schema schema, String nativeType) {
    String logical = schema.name() == null ? "" : schema.name();
    switch (logical) {
      case "io.debezium.time.Date":
        return ColumnType.DATE;
      case "io.debezium.time.Time", "io.debezium.time.MicroTime", "io.debezium.time.NanoTime":
        return ColumnType.TIME;
      case "io.debezium.time.Timestamp",
      "io.debezium.time.MicroTimestamp",
      "io.debezium.time.NanoTimestamp":
        return ColumnType.TIMESTAMP;
      case "io.debezium.time.ZonedTimestamp":
        return ColumnType.TIMESTAMPTZ;
      case "io.debezium.time.Interval":
        return ColumnType.INTERVAL;
      case "io.debezium.data.Json":
        return ColumnType.JSON;
      case "io.debezium.data.Uuid":
        return ColumnType.UUID;
      default:
        break;
    }
    if (nativeType.equals("numeric") || nativeType.equals("decimal")) {
      return ColumnType.DECIMAL;
    }
    return switch (schema.type()) {
      case BOOLEAN -> ColumnType.BOOLEAN;
      case INT8, INT16 -> ColumnType.INT16;
      case INT32 -> ColumnType.INT32;
      case INT64 -> ColumnType.INT64;
      case FLOAT32 -> ColumnType.FLOAT32;
      case FLOAT64 -> ColumnType.FLOAT64;
      case BYTES -> ColumnType.BYTES;
      case STRING -> logical.isEmpty() ? ColumnType.STRING : ColumnType.OTHER;
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
      if (field == null) {
        continue;
      }
      Object raw = struct.get(field);
      if (isUnavailable(raw)) {
        // An unchanged TOAST value: leave the column out, so the target keeps what it has.
        continue;
      }
      row.put(column.name(), value(column.type(), column.elementType(), field.schema(), raw));
    }
    return row;
  }

  private static boolean isUnavailable(Object raw) {
    if (raw instanceof String s) {
      return s.equals(UNAVAILABLE_VALUE);
    }
    if (raw instanceof byte[] bytes) {
      return Arrays.equals(bytes, UNAVAILABLE_BYTES);
    }
    if (raw instanceof ByteBuffer buffer) {
      return buffer.equals(ByteBuffer.wrap(UNAVAILABLE_BYTES));
    }
    return raw instanceof List<?> list && list.size() == 1 && isUnavailable(list.get(0));
  }

  private static Object value(ColumnType type, ColumnType elementType, Schema schema, Object raw) {
    if (raw == null) {
      return null;
    }
    String logical = schema.name() == null ? "" : schema.name();
    return switch (type) {
      case DATE -> LocalDate.ofEpochDay(((Number) raw).longValue());
      case TIME ->
          LocalTime.ofNanoOfDay(
              switch (logical) {
                case "io.debezium.time.Time" -> ((Number) raw).longValue() * 1_000_000L;
                case "io.debezium.time.NanoTime" -> ((Number) raw).longValue();
                default -> ((Number) raw).longValue() * 1_000L;
              });
      case TIMESTAMP -> timestamp(logical, ((Number) raw).longValue());
      case TIMESTAMPTZ -> OffsetDateTime.parse((String) raw).toInstant();
      case DECIMAL -> ValueCodec.decimal(raw.toString());
      case UUID -> java.util.UUID.fromString((String) raw);
      case INT16 -> ((Number) raw).shortValue();
      case BYTES -> raw instanceof ByteBuffer b ? bytes(b) : raw;
      case ARRAY -> {
        List<Object> elements = new ArrayList<>();
        for (Object element : (List<?>) raw) {
          elements.add(value(elementType, null, schema.valueSchema(), element));
        }
        yield elements;
      }
      case OTHER -> raw.toString();
      default -> raw;
    };
  }

  private static LocalDateTime timestamp(String logical, long amount) {
    Instant instant =
        switch (logical) {
          case "io.debezium.time.Timestamp" -> Instant.ofEpochMilli(amount);
          case "io.debezium.time.NanoTimestamp" -> Instant.EPOCH.plusNanos(amount);
          default -> Instant.EPOCH.plus(amount, ChronoUnit.MICROS);
        };
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy;
  }

  private static Instant commitTime(Struct source) {
    Field micros = source.schema().field("ts_us");
    if (micros != null && source.get(micros) != null) {
      return Instant.EPOCH.plus(source.getInt64("ts_us"), ChronoUnit.MICROS);
    }
    return Instant.ofEpochMilli(source.getInt64("ts_ms"));
  }

  /**
   * Debezium's {@code sequence} is {@code [commit LSN of the previous transaction, change LSN]}.
   * pgoutput streams transactions in commit order, so this pair grows in stream order, which is all
   * the position guard needs: changes of one row are never out of stream order.
   */
  static String position(Struct source, long epoch) {
    long commitLsn = 0;
    long changeLsn = source.get("lsn") == null ? 0 : ((Number) source.get("lsn")).longValue();
    String sequence =
        source.schema().field("sequence") == null ? null : source.getString("sequence");
    if (sequence != null) {
      String[] parts = sequence.replaceAll("[\\[\\]\" ]", "").split(",");
      if (parts.length == 2) {
        commitLsn = parts[0].isEmpty() || parts[0].equals("null") ? 0 : Long.parseLong(parts[0]);
        changeLsn =
            parts[1].isEmpty() || parts[1].equals("null") ? changeLsn : Long.parseLong(parts[1]);
      }
    }
    return SourcePosition.postgres(epoch, commitLsn, changeLsn);
  }
}
