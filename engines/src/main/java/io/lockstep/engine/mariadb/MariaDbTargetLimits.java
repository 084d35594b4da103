package io.lockstep.engine.mariadb;

import io.lockstep.event.ColumnSchema;
import io.lockstep.types.SourceType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The values of a source column that its MariaDB/MySQL target type cannot hold. The dialect asks
 * before it binds a row and dead-letters the row with the returned reason, so that nothing is
 * rounded, cut or refused by the database with a less useful message (docs/type-mapping.md, "What
 * goes to the dead-letter topic").
 */
final class MariaDbTargetLimits {

  /** MariaDB/MySQL DATE and DATETIME hold the years 0001 to 9999 (documented from 1000). */
  private static final int MARIADB_MIN_YEAR = 1;

  private static final int MARIADB_MAX_YEAR = 9999;

  private MariaDbTargetLimits() {}

  /** Why {@code value} cannot be written to {@code source}'s target column, or empty. */
  static Optional<String> problem(ColumnSchema source, Object value) {
    if (value == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(mariaDb(source, value))
        .map(r -> "column '" + source.name() + "': " + r);
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
}
