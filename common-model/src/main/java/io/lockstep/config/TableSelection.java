package io.lockstep.config;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which source tables and columns a pipeline replicates, and by which key: {@code source.tables}
 * minus {@code source.exclude-tables}, without {@code source.exclude-columns}, keyed by the primary
 * key or else by {@code source.key-columns}. Patterns are regular expressions over {@code
 * schema.table} ({@code database.table} on MariaDB/MySQL) matched in full, as Debezium matches
 * them.
 */
public final class TableSelection implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<Pattern> includes;
  private final List<Pattern> excludes;
  private final List<Pattern> excludedColumns;
  private final Map<String, List<String>> keyColumns;

  private TableSelection(
      List<Pattern> includes,
      List<Pattern> excludes,
      List<Pattern> excludedColumns,
      Map<String, List<String>> keyColumns) {
    this.includes = includes;
    this.excludes = excludes;
    this.excludedColumns = excludedColumns;
    this.keyColumns = Map.copyOf(keyColumns);
  }

  public static TableSelection of(PipelineConfig config) {
    Map<String, List<String>> keys = new HashMap<>();
    for (String entry : config.get(PipelineOptions.SOURCE_KEY_COLUMNS)) {
      String[] parts = entry.split(":", 2);
      keys.put(parts[0].trim(), Arrays.stream(parts[1].split(",")).map(String::trim).toList());
    }
    return new TableSelection(
        patterns(config.get(PipelineOptions.SOURCE_TABLES)),
        patterns(config.get(PipelineOptions.SOURCE_EXCLUDE_TABLES)),
        patterns(config.get(PipelineOptions.SOURCE_EXCLUDE_COLUMNS)),
        keys);
  }

  private static List<Pattern> patterns(List<String> regexes) {
    // Case-insensitive, as Debezium matches its include and exclude lists: a table the capture
    // takes must be one the pipeline's other parts (preflight, apply's record check) take too.
    return regexes.stream().map(r -> Pattern.compile(r.trim(), Pattern.CASE_INSENSITIVE)).toList();
  }

  public boolean includes(String schema, String table) {
    String name = schema + "." + table;
    return includes.stream().anyMatch(p -> p.matcher(name).matches())
        && excludes.stream().noneMatch(p -> p.matcher(name).matches());
  }

  public boolean excludesColumn(String schema, String table, String column) {
    String name = schema + "." + table + "." + column;
    return excludedColumns.stream().anyMatch(p -> p.matcher(name).matches());
  }

  /** The configured key columns of a table, if {@code source.key-columns} names it. */
  public Optional<List<String>> configuredKey(String schema, String table) {
    return Optional.ofNullable(keyColumns.get(schema + "." + table));
  }

  /**
   * The table as the pipeline replicates it: excluded columns removed, keyed by its primary key or
   * its configured key columns.
   *
   * @throws IllegalArgumentException naming the table and the fix when it has no key, or when a
   *     configured or primary-key column is missing or excluded
   */
  public TableSchema replicated(TableSchema table) {
    String schema = table.id().schema();
    String name = schema + "." + table.id().table();
    List<String> key =
        table.keyColumns().isEmpty()
            ? configuredKey(schema, table.id().table())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "table "
                                + name
                                + " has no primary key, so Lockstep cannot route, upsert or"
                                + " delete its rows without duplicating them. Add a primary key,"
                                + " or name columns that identify a row in source.key-columns"
                                + " (for example '"
                                + name
                                + ":col1,col2'), or exclude the table (source.exclude-tables)."))
            : configuredKey(schema, table.id().table()).orElse(table.keyColumns());
    List<ColumnSchema> columns = new ArrayList<>();
    for (ColumnSchema column : table.columns()) {
      boolean excluded = excludesColumn(schema, table.id().table(), column.name());
      if (excluded && key.contains(column.name())) {
        throw new IllegalArgumentException(
            "column "
                + name
                + "."
                + column.name()
                + " is a key column and cannot be excluded: remove it from"
                + " source.exclude-columns.");
      }
      if (!excluded) {
        columns.add(column);
      }
    }
    for (String k : key) {
      if (columns.stream().noneMatch(c -> c.name().equals(k))) {
        throw new IllegalArgumentException(
            "key column '"
                + k
                + "' of "
                + name
                + " (source.key-columns) is not a column of the table: columns are "
                + columns.stream().map(ColumnSchema::name).toList());
      }
    }
    return new TableSchema(table.id(), columns, key);
  }

  /**
   * Key columns that {@code source.exclude-columns} excludes: a key column must be captured, or
   * Lockstep could neither route nor upsert by it.
   */
  public static List<String> keyColumnProblems(PipelineConfig config) {
    TableSelection selection = TableSelection.of(config);
    List<String> problems = new ArrayList<>();
    for (String entry : config.get(PipelineOptions.SOURCE_KEY_COLUMNS)) {
      String[] parts = entry.split(":", 2);
      String table = parts[0].trim();
      int dot = table.indexOf('.');
      for (String column : parts[1].split(",")) {
        String name = column.trim();
        if (selection.excludesColumn(table.substring(0, dot), table.substring(dot + 1), name)) {
          problems.add(
              "source.key-columns names "
                  + table
                  + "."
                  + name
                  + " as a key column, but source.exclude-columns excludes it. Key columns must"
                  + " be captured: remove the pattern from source.exclude-columns or name other"
                  + " key columns in source.key-columns.");
        }
      }
    }
    return problems;
  }
}
