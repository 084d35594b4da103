package io.lockstep.capture.postgres;

import io.lockstep.capture.spi.DebeziumRecords;
import io.lockstep.capture.spi.RecordConverter;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import io.lockstep.event.ValueCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a Debezium PostgreSQL record into a {@link ChangeEvent}, or null for records that carry no
 * row change (heartbeats, transaction markers, truncates, messages). Expects the connector settings
 * of {@code DebeziumProperties} and {@link PostgresCapture}: decimals and intervals as strings,
 * microsecond temporals, bytes as bytes, and the source column types propagated.
 */
public final class PostgresRecordConverter implements RecordConverter {

  /** Debezium's stand-in for a TOASTed value an UPDATE left unchanged. */
  static final String UNAVAILABLE_VALUE = "__debezium_unavailable_value";

  private static final byte[] UNAVAILABLE_BYTES =
      UNAVAILABLE_VALUE.getBytes(StandardCharsets.UTF_8);

  private transient DebeziumRecords.SchemaCache schemas;

  /** Converts a record read in {@code epoch} (see {@link SourcePosition}). */
  @Override
  public ChangeEvent convert(SourceRecord record, long epoch) {
    Struct envelope = DebeziumRecords.rowChange(record);
    if (envelope == null) {
      return null;
    }
    String op = envelope.getString("op");
    Struct source = envelope.getStruct("source");
    TableId table =
        new TableId(source.getString("db"), source.getString("schema"), source.getString("table"));
    Instant commitTime = DebeziumRecords.commitTime(source);
    String transactionId = source.get("txId") == null ? null : source.get("txId").toString();
    if (DebeziumRecords.isTruncate(envelope)) {
      return ChangeEvent.truncate(table, commitTime, position(source, epoch), transactionId);
    }
    if (schemas == null) {
      schemas = new DebeziumRecords.SchemaCache();
    }
    TableSchema schema =
        schemas.get(
            table,
            DebeziumRecords.rowSchema(envelope),
            record.keySchema(),
            PostgresRecordConverter::columns);
    Map<String, Object> before = row(schema, envelope.getStruct("before"));
    Map<String, Object> after = row(schema, envelope.getStruct("after"));
    if (op.equals("r")) {
      julianSnapshotTimestamps(schema, after);
    }
    String position =
        op.equals("r") && !DebeziumRecords.isIncrementalSnapshotRead(source)
            ? SourcePosition.snapshot(epoch)
            : position(source, epoch);
    return DebeziumRecords.event(op, schema, before, after, commitTime, position, transactionId);
  }

  /** The first day of the Gregorian calendar; java.sql.Timestamp is Julian before it. */
  private static final LocalDateTime GREGORIAN_START = LocalDateTime.of(1582, 10, 15, 0, 0);

  /**
   * Debezium's PostgreSQL snapshot reads {@code timestamp} values through {@link
   * java.sql.Timestamp}, whose epoch value follows the Julian calendar before 15 October 1582,
   * while streamed values (and java.time) follow the proleptic Gregorian calendar: a snapshot of
   * {@code 1000-01-01 00:00} arrived as 1000-01-06 ({@code PostgresToPostgresTypeMatrixIT}). Such
   * values are read back in the Julian calendar, which gives the fields the source holds.
   */
  static void julianSnapshotTimestamps(TableSchema schema, Map<String, Object> row) {
    if (row == null) {
      return;
    }
    for (ColumnSchema column : schema.columns()) {
      if (column.type() == ColumnType.TIMESTAMP
          && row.get(column.name()) instanceof LocalDateTime value
          && value.isBefore(GREGORIAN_START)) {
        row.put(column.name(), julianFields(value));
      }
    }
  }

  private static LocalDateTime julianFields(LocalDateTime prolepticUtc) {
    Instant instant = prolepticUtc.toInstant(java.time.ZoneOffset.UTC);
    java.util.GregorianCalendar calendar =
        new java.util.GregorianCalendar(java.util.TimeZone.getTimeZone("UTC"));
    // Whole seconds; the fraction is the same in both calendars.
    calendar.setTimeInMillis(instant.getEpochSecond() * 1000);
    int yearOfEra = calendar.get(java.util.Calendar.YEAR);
    int year =
        calendar.get(java.util.Calendar.ERA) == java.util.GregorianCalendar.BC
            ? 1 - yearOfEra
            : yearOfEra;
    return LocalDateTime.of(
        year,
        calendar.get(java.util.Calendar.MONTH) + 1,
        calendar.get(java.util.Calendar.DAY_OF_MONTH),
        calendar.get(java.util.Calendar.HOUR_OF_DAY),
        calendar.get(java.util.Calendar.MINUTE),
        calendar.get(java.util.Calendar.SECOND),
        prolepticUtc.getNano());
  }

  private static List<ColumnSchema> columns(Schema rowSchema) {
    List<ColumnSchema> columns = new ArrayList<>();
    for (Field field : rowSchema.fields()) {
      columns.add(column(field.name(), field.schema()));
    }
    return columns;
  }

  private static ColumnSchema column(String name, Schema schema) {
    String nativeType = nativeType(schema);
    if (schema.type() == Schema.Type.ARRAY) {
      ColumnType element = type(schema.valueSchema(), nativeType.replaceFirst("^_", ""));
      return new ColumnSchema(name, ColumnType.ARRAY, element, nativeType, schema.isOptional());
    }
    Integer length = DebeziumRecords.intParameter(schema, DebeziumRecords.SOURCE_LENGTH);
    Integer scale = DebeziumRecords.intParameter(schema, DebeziumRecords.SOURCE_SCALE);
    return switch (nativeType) {
      // Debezium reports JDBC's column size and decimal digits: for temporals the digits are the
      // fractional-second precision, the size is the width of the text.
      case "time", "timetz", "timestamp", "timestamptz", "interval" ->
          new ColumnSchema(
              name, type(schema, nativeType), null, nativeType, schema.isOptional(), scale, null);
      case "numeric", "decimal" ->
          new ColumnSchema(
              name, type(schema, nativeType), null, nativeType, schema.isOptional(), length, scale);
      case "varchar", "bpchar", "bit", "varbit" ->
          new ColumnSchema(
              name, type(schema, nativeType), null, nativeType, schema.isOptional(), length, null);
      default ->
          new ColumnSchema(name, type(schema, nativeType), null, nativeType, schema.isOptional());
    };
  }

  private static String nativeType(Schema schema) {
    String type = DebeziumRecords.parameter(schema, DebeziumRecords.SOURCE_TYPE);
    return type == null ? "" : type.toLowerCase(Locale.ROOT);
  }

  private static ColumnType type(Schema schema, String nativeType) {
    String logical = schema.name() == null ? "" : schema.name();
    ColumnType temporal = DebeziumRecords.temporalType(logical);
    if (temporal != null) {
      return temporal;
    }
    switch (logical) {
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
      try {
        row.put(column.name(), value(column.type(), column.elementType(), field.schema(), raw));
      } catch (RuntimeException e) {
        throw DebeziumRecords.unrepresentable(schema, column, raw, e);
      }
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
      case DATE -> date(((Number) raw).longValue());
      case TIME ->
          LocalTime.ofNanoOfDay(
              switch (logical) {
                case "io.debezium.time.Time" -> ((Number) raw).longValue() * 1_000_000L;
                case "io.debezium.time.NanoTime" -> ((Number) raw).longValue();
                default -> ((Number) raw).longValue() * 1_000L;
              });
      case TIMESTAMP -> DebeziumRecords.timestamp(logical, ((Number) raw).longValue());
      case TIMESTAMPTZ -> instant((String) raw);
      case DECIMAL -> ValueCodec.decimal(raw.toString());
      case UUID -> java.util.UUID.fromString((String) raw);
      case INT16 -> ((Number) raw).shortValue();
      case BYTES ->
          logical.equals("io.debezium.data.Bits")
              ? DebeziumRecords.bigEndianBits(DebeziumRecords.bytes(raw), schema)
              : raw instanceof ByteBuffer ? DebeziumRecords.bytes(raw) : raw;
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

  /** PostgreSQL's dates run from 24 November 4714 BC (ISO year -4713) to 5874897 AD. */
  private static final LocalDate FIRST_DATE = LocalDate.of(-4713, 11, 24);

  private static final LocalDate LAST_DATE = LocalDate.of(5874897, 12, 31);

  /**
   * A date from Debezium's days since 1970. Debezium turns {@code infinity} and {@code -infinity}
   * into day numbers outside PostgreSQL's range (and not always of the right sign), so such a day
   * is refused here rather than written as a date the source never held; the row is dead-lettered
   * and the recovery service's re-read from the source, which reads infinities exactly, repairs it.
   */
  static LocalDate date(long epochDay) {
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    if (date.isBefore(FIRST_DATE) || date.isAfter(LAST_DATE)) {
      throw new IllegalArgumentException(
          "day "
              + epochDay
              + " is outside PostgreSQL's date range: Debezium's form of infinity or -infinity,"
              + " whose sign it does not keep");
    }
    return date;
  }

  /**
   * A timestamptz as Debezium's ZonedTimestamp text; PostgreSQL's {@code infinity} and {@code
   * -infinity} are {@link Instant#MAX} and {@link Instant#MIN}, as the source re-read reads them
   * ({@code PostgresEventText}).
   */
  static Instant instant(String text) {
    return switch (text) {
      case "infinity" -> Instant.MAX;
      case "-infinity" -> Instant.MIN;
      default -> OffsetDateTime.parse(text).toInstant();
    };
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
