package io.lockstep.types;

import io.lockstep.event.ColumnSchema;

/**
 * The one mapping from a source column to a target column type (docs/type-mapping.md). Used by the
 * dialects when they create tables and by {@code lockstep schema}.
 *
 * <p>The source column is identified by its native type name, its declared length and scale, and
 * its logical type; the source engine is read from the native name ({@link SourceType}). Rules:
 *
 * <ul>
 *   <li>Between engines, each type maps to the target type that holds every value of the source
 *       type, using the declared length and scale when known ({@code varchar(n)}, {@code
 *       numeric(p,s)}, {@code datetime(6)}) and the widest type when not: never narrower than the
 *       source. Where no such type exists (PostgreSQL numerics wider than {@code decimal(65,30)},
 *       dates after 9999 on MariaDB), the values that do not fit are refused and dead-lettered
 *       ({@link TargetLimits}), never rounded or cut.
 *   <li>Between servers of one engine, types are kept as declared. The exceptions: PostgreSQL
 *       extension and user-defined types become the type of their logical type (usually text),
 *       since they may not exist on the target; MariaDB ENUM and SET become varchar/text, since the
 *       event does not carry their permitted values.
 *   <li>A type nobody mapped follows its logical type: {@code text} on PostgreSQL, {@code longtext}
 *       on MariaDB/MySQL for strings and OTHER.
 * </ul>
 */
public final class TypeMapping {

  private TypeMapping() {}

  /**
   * The target engine's DDL type for a source column, for example {@code numeric(20,0)} or {@code
   * datetime(6)}. On MariaDB/MySQL, character types name no character set or collation (the table's
   * default applies), and TEXT, BLOB and JSON types are what the column needs as a plain column:
   * {@code MariaDbDialect} bounds them itself when they are part of the primary key.
   */
  public static String targetType(Engine target, ColumnSchema source) {
    SourceType sourceType = SourceType.of(source.nativeType());
    return switch (target) {
      case POSTGRES -> PostgresTargetTypes.type(source, sourceType);
      case MARIADB -> MariaDbTargetTypes.type(source, sourceType);
    };
  }
}
