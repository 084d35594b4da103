package io.lockstep.types;

import io.lockstep.event.ColumnSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The values of a source column that its target type ({@link TypeMapping}) cannot hold. A dialect
 * asks before it binds a row and dead-letters the row with the returned reason, so that nothing is
 * rounded, cut or refused by the database with a less useful message (docs/type-mapping.md, "What
 * goes to the dead-letter topic").
 */
public final class TargetLimits {

  /** MariaDB/MySQL DATE and DATETIME hold the years 0001 to 9999 (documented from 1000). */
  private static final int MARIADB_MIN_YEAR = 1;

  private static final int MARIADB_MAX_YEAR = 9999;

  private TargetLimits() {}

  /**
   * Why {@code value} (the event's Java value of {@code source}) cannot be written to the target
   * column {@link TypeMapping#targetType} gives it on {@code target}, or empty when it can.
   */
  public static Optional<String> problem(Engine target, ColumnSchema source, Object value) {
    if (value == null) {
      return Optional.empty();
    }
    String reason =
        switch (target) {
          case MARIADB -> mariaDb(source, value);
          case POSTGRES -> postgres(source, value);
        };
    return Optional.ofNullable(reason).map(r -> "column '" + source.name() + "': " + r);
  }

  private static String mariaDb(ColumnSchema c, Object value) {
    return switch (c.type()) {
      case FLOAT32, FLOAT64 ->
          value instanceof Number n && !Double.isFinite(n.doubleValue())
              ? "MariaDB/MySQL FLOAT and DOUBLE cannot store " + value
              : null;
      case DECIMAL -> decimalOnMariaDb(c, value);
      case DATE -> value instanceof LocalDate d ? year(d.getYear(), value) : null;
      case TIMESTAMP -> value instanceof LocalDateTime t ? year(t.getYear(), value) : null;
      case TIMESTAMPTZ ->
          value instanceof Instant i ? year(i.atOffset(ZoneOffset.UTC).getYear(), value) : null;
      default -> null;
    };
  }

  private static String decimalOnMariaDb(ColumnSchema c, Object value) {
    if (value instanceof String special) {
      return "MariaDB/MySQL DECIMAL cannot store " + special;
    }
    if (!(value instanceof BigDecimal number)) {
      return null;
    }
    SourceType source = SourceType.of(c.nativeType());
    MariaDbTargetTypes.DecimalShape shape =
        source.mariaDb()
            ? MariaDbTargetTypes.decimalFromMariaDb(c)
            : source.base().equals("money")
                ? new MariaDbTargetTypes.DecimalShape(19, 2)
                : MariaDbTargetTypes.decimalFromPostgres(c);
    BigDecimal stripped = number.stripTrailingZeros();
    int fraction = Math.max(stripped.scale(), 0);
    int integer = Math.max(stripped.precision() - stripped.scale(), 0);
    if (fraction > shape.scale() || integer > shape.precision() - shape.scale()) {
      return number.toPlainString()
          + " does not fit "
          + shape.ddl()
          + " (MariaDB/MySQL would round or refuse it)";
    }
    return null;
  }

  private static String year(int year, Object value) {
    if (year < MARIADB_MIN_YEAR || year > MARIADB_MAX_YEAR) {
      return value
          + " is outside MariaDB/MySQL's range of years "
          + MARIADB_MIN_YEAR
          + " to "
          + MARIADB_MAX_YEAR;
    }
    return null;
  }

  private static String postgres(ColumnSchema c, Object value) {
    return switch (c.type()) {
      case STRING, JSON, OTHER -> nul(value);
      case ARRAY -> value instanceof List<?> list ? firstNul(list) : null;
      case DATE -> value instanceof LocalDate d && d.getYear() == 0 ? noYearZero(value) : null;
      case TIMESTAMP ->
          value instanceof LocalDateTime t && t.getYear() == 0 ? noYearZero(value) : null;
      default -> null;
    };
  }

  /** PostgreSQL text cannot hold U+0000, which MariaDB/MySQL strings may contain. */
  private static String nul(Object value) {
    return value instanceof String s && s.indexOf('\u0000') >= 0
        ? "PostgreSQL text cannot contain the NUL character (U+0000)"
        : null;
  }

  private static String firstNul(List<?> list) {
    for (Object element : list) {
      String reason = nul(element);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  /** MariaDB/MySQL accept the year 0000; PostgreSQL goes from 1 BC to 1 AD. */
  private static String noYearZero(Object value) {
    return value + " has the year 0, which PostgreSQL does not have";
  }
}
