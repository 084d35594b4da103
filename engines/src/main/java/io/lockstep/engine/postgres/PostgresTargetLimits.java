package io.lockstep.engine.postgres;

import io.lockstep.event.ColumnSchema;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The values of a source column that its PostgreSQL target type cannot hold. The dialect asks
 * before it binds a row and dead-letters the row with the returned reason, so that nothing is
 * rounded, cut or refused by the database with a less useful message (docs/type-mapping.md, "What
 * goes to the dead-letter topic").
 */
final class PostgresTargetLimits {

  private PostgresTargetLimits() {}

  /** Why {@code value} cannot be written to {@code source}'s target column, or empty. */
  static Optional<String> problem(ColumnSchema source, Object value) {
    if (value == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(postgres(source, value))
        .map(r -> "column '" + source.name() + "': " + r);
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
