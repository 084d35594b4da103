package io.lockstep.event;

/**
 * The logical type of a column, independent of the engine it came from. Each type fixes the Java
 * class its values have inside Lockstep and their JSON form on the wire (see docs/wire-format.md).
 */
public enum ColumnType {
  /** {@link Boolean}. */
  BOOLEAN,
  /** {@link Short}. */
  INT16,
  /** {@link Integer}. */
  INT32,
  /** {@link Long}. */
  INT64,
  /** {@link Float}; NaN and the infinities are carried as strings on the wire. */
  FLOAT32,
  /** {@link Double}; NaN and the infinities are carried as strings on the wire. */
  FLOAT64,
  /**
   * {@link java.math.BigDecimal}, scale preserved; PostgreSQL's {@code NaN} and {@code [-]Infinity}
   * numerics are carried as {@link String}.
   */
  DECIMAL,
  /** {@link String}. */
  STRING,
  /** {@code byte[]}. */
  BYTES,
  /** {@link String} holding the JSON document exactly as the source produced it. */
  JSON,
  /** {@link java.util.UUID}. */
  UUID,
  /** {@link java.time.LocalDate}. */
  DATE,
  /** {@link java.time.LocalTime}, microsecond precision. */
  TIME,
  /** {@link java.time.LocalDateTime}: a wall-clock time without zone, microsecond precision. */
  TIMESTAMP,
  /** {@link java.time.Instant}: a point in time, microsecond precision. */
  TIMESTAMPTZ,
  /** {@link String}: an ISO-8601 duration such as {@code P1Y2M3DT4H5M6.5S}. */
  INTERVAL,
  /** {@link java.util.List} of values of the column's element type. */
  ARRAY,
  /** {@link String}: any other type, carried in the source's own text form. */
  OTHER
}
