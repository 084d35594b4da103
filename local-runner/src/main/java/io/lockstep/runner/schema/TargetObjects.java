package io.lockstep.runner.schema;

import io.lockstep.config.TableNaming;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.DatabaseEngine;
import io.lockstep.engine.ExpressionTranslation;
import io.lockstep.engine.SchemaDdl;
import io.lockstep.engine.TableObjects;
import io.lockstep.event.TableSchema;
import io.lockstep.types.Engine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One source table's indexes, constraints, generated columns and comments as the target gets them
 * ({@link TableObjects} read from the source, {@link SchemaDdl} of the target): what translates, in
 * the target's syntax and names, and a note for each thing that does not.
 *
 * <p>Names: between servers of one engine they are kept. Across engines an object's name is
 * prefixed with its target table's name (unless it starts with it already): PostgreSQL index names
 * are unique per schema and MariaDB/MySQL foreign key names per database, where the other engine
 * only needs them unique per table ({@code k_1} in every sysbench table).
 */
public final class TargetObjects {

  /** A foreign key on the target, with the names its validation needs. */
  public record ForeignKeyDdl(
      String schema, String table, TableObjects.ForeignKey key, String sql) {}

  final Map<String, String> columnClauses = new HashMap<>();
  final List<String> tableElements = new ArrayList<>();
  final List<String> comments = new ArrayList<>();
  final List<String> indexes = new ArrayList<>();
  final List<ForeignKeyDdl> foreignKeys = new ArrayList<>();
  final List<String> notTranslated = new ArrayList<>();

  private final Engine source;
  private final DatabaseEngine target;
  private final SchemaDdl ddl;
  private final TableNaming.TargetName name;

  /** The source table's column names, as bare words in its expressions. */
  private final Set<String> columns;

  private TargetObjects(
      Engine source, DatabaseEngine target, TableSchema table, TableNaming.TargetName name) {
    this.columns =
        table.columns().stream().map(c -> c.name()).collect(java.util.stream.Collectors.toSet());
    this.source = source;
    this.target = target;
    this.ddl = target.schemaDdl();
    this.name = name;
  }

  /**
   * Plans {@code objects} of {@code table} (as replicated: excluded columns are gone) for the
   * target table {@code name}; {@code clauses} are the column defaults planned already, which a
   * generated column replaces.
   */
  static TargetObjects plan(
      Engine source,
      DatabaseEngine target,
      TableSchema table,
      TableObjects objects,
      TableNaming.TargetName name,
      TableNaming naming,
      TableSelection selection,
      Map<String, String> clauses) {
    TargetObjects plan = new TargetObjects(source, target, table, name);
    plan.columnClauses.putAll(clauses);
    plan.generated(table, objects);
    plan.comments(table, objects);
    plan.checks(objects);
    plan.indexes(table, objects);
    plan.foreignKeys(table, objects, naming, selection);
    return plan;
  }

  private void generated(TableSchema table, TableObjects objects) {
    objects
        .generated()
        .forEach(
            (column, generated) -> {
              if (table.column(column).isEmpty()) {
                return;
              }
              ExpressionTranslation.Result result =
                  ExpressionTranslation.translate(
                      source, target.id(), generated.expression(), columns);
              if (result instanceof ExpressionTranslation.Result.Translated sql) {
                columnClauses.put(column, ddl.generatedClause(sql.sql(), generated.stored()));
              } else {
                columnClauses.remove(column);
                notTranslated.add(
                    "column "
                        + column
                        + " is generated on the source by "
                        + reason(result)
                        + "; created as a plain column, which the replication fills with the"
                        + " source's values");
              }
            });
  }

  private void comments(TableSchema table, TableObjects objects) {
    Map<String, String> columnComments = new HashMap<>();
    objects
        .columnComments()
        .forEach(
            (column, comment) -> {
              if (table.column(column).isEmpty()) {
                return;
              }
              Optional<String> clause = ddl.columnCommentClause(comment);
              if (clause.isPresent()) {
                columnClauses.merge(column, clause.get(), (a, b) -> a.isEmpty() ? b : a + " " + b);
              } else {
                columnComments.put(column, comment);
              }
            });
    comments.addAll(ddl.commentSql(name.schema(), name.table(), objects.comment(), columnComments));
  }

  private void checks(TableObjects objects) {
    for (TableObjects.Check check : objects.checks()) {
      ExpressionTranslation.Result result =
          ExpressionTranslation.translate(source, target.id(), check.expression(), columns);
      if (result instanceof ExpressionTranslation.Result.Translated sql) {
        tableElements.add(ddl.checkElement(targetName(check.name()), sql.sql()));
      } else {
        notTranslated.add("check constraint " + check.name() + ": " + reason(result));
      }
    }
  }

  private void indexes(TableSchema table, TableObjects objects) {
    for (TableObjects.Index index : objects.indexes()) {
      Optional<String> why = untranslatable(table, index);
      if (why.isPresent()) {
        notTranslated.add(
            (index.unique() ? "unique " : "") + "index " + index.name() + ": " + why.get());
        continue;
      }
      TableObjects.Index onTarget =
          new TableObjects.Index(
              targetName(index.name()),
              index.parts(),
              index.unique(),
              index.constraint(),
              ddl.indexMethod(index.method()).orElseThrow(),
              index.predicate());
      indexes.add(ddl.createIndexSql(name.schema(), name.table(), table, onTarget));
    }
  }

  /** Why {@code index} cannot be created on the target, or empty when it can. */
  private Optional<String> untranslatable(TableSchema table, TableObjects.Index index) {
    for (TableObjects.IndexPart part : index.parts()) {
      if (part.column() != null && table.column(part.column()).isEmpty()) {
        return Optional.of("its column " + part.column() + " is not replicated");
      }
    }
    boolean sameEngine = source == target.id();
    if (!sameEngine && !index.plain()) {
      boolean prefixOnly = index.parts().stream().allMatch(p -> p.column() != null);
      if (!prefixOnly || index.unique()) {
        return Optional.of(
            "an index on expressions or column prefixes ("
                + index.parts()
                + ") does not translate between engines; create it by hand");
      }
    }
    if (index.predicate() != null && !ddl.partialIndexes()) {
      return Optional.of(
          "partial index (WHERE "
              + index.predicate()
              + "): "
              + target.id().displayName()
              + " has no partial indexes");
    }
    if (ddl.indexMethod(index.method()).isEmpty() || (!sameEngine && !isBtree(index))) {
      return Optional.of(
          "its method "
              + index.method()
              + " is not created on "
              + target.id().displayName()
              + "; create an equivalent by hand");
    }
    return Optional.empty();
  }

  private static boolean isBtree(TableObjects.Index index) {
    return index.method().equalsIgnoreCase("btree");
  }

  private void foreignKeys(
      TableSchema table, TableObjects objects, TableNaming naming, TableSelection selection) {
    for (TableObjects.ForeignKey key : objects.foreignKeys()) {
      if (!selection.includes(key.refSchema(), key.refTable())) {
        notTranslated.add(
            "foreign key "
                + key.name()
                + ": it references "
                + key.refSchema()
                + "."
                + key.refTable()
                + ", which the pipeline does not replicate");
        continue;
      }
      if (key.columns().stream().anyMatch(c -> table.column(c).isEmpty())) {
        notTranslated.add("foreign key " + key.name() + ": one of its columns is not replicated");
        continue;
      }
      TableNaming.TargetName referenced = naming.target(key.refSchema(), key.refTable());
      TableObjects.ForeignKey onTarget =
          new TableObjects.ForeignKey(
              targetName(key.name()),
              key.columns(),
              referenced.schema(),
              referenced.table(),
              key.refColumns(),
              key.onDelete(),
              key.onUpdate());
      foreignKeys.add(
          new ForeignKeyDdl(
              name.schema(),
              name.table(),
              onTarget,
              ddl.addForeignKeySql(name.schema(), name.table(), onTarget, true)));
    }
  }

  private String targetName(String sourceName) {
    if (source == target.id() || sourceName.startsWith(name.table() + "_")) {
      return sourceName;
    }
    String prefixed = name.table() + "_" + sourceName;
    // PostgreSQL cuts names at 63 bytes, MariaDB/MySQL refuse more than 64 characters.
    return prefixed.length() > 63 ? prefixed.substring(0, 63) : prefixed;
  }

  private static String reason(ExpressionTranslation.Result result) {
    return ((ExpressionTranslation.Result.NotTranslated) result).reason();
  }
}
