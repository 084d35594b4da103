package io.lockstep.config;

import io.lockstep.event.TableId;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a source table is written on the target: a {@code target.table-renames} entry if one names
 * it, else the {@code target.schema} if set, else the schema it has on the source (on a
 * MariaDB/MySQL source, its database), under the same table name.
 */
public final class TableNaming implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A target table: schema (database on MariaDB/MySQL) and name. */
  public record TargetName(String schema, String table) implements Serializable {
    @Override
    public String toString() {
      return schema + "." + table;
    }
  }

  private final Map<String, TargetName> renames;
  private final String targetSchema;

  private TableNaming(Map<String, TargetName> renames, String targetSchema) {
    this.renames = Map.copyOf(renames);
    this.targetSchema = targetSchema;
  }

  public static TableNaming of(PipelineConfig config) {
    return of(
        config.get(PipelineOptions.TARGET_TABLE_RENAMES),
        config.getOptional(PipelineOptions.TARGET_SCHEMA));
  }

  /** From {@code source_schema.table=target_schema.table} entries and an optional schema. */
  public static TableNaming of(List<String> renameEntries, Optional<String> targetSchema) {
    Map<String, TargetName> renames = new HashMap<>();
    for (String entry : renameEntries) {
      String[] sides = entry.split("=", 2);
      String[] to = sides[1].trim().split("\\.", 2);
      renames.put(sides[0].trim(), new TargetName(to[0], to[1]));
    }
    return new TableNaming(renames, targetSchema.orElse(null));
  }

  public TargetName target(TableId source) {
    return target(source.schema(), source.table());
  }

  public TargetName target(String sourceSchema, String sourceTable) {
    TargetName renamed = renames.get(sourceSchema + "." + sourceTable);
    if (renamed != null) {
      return renamed;
    }
    return new TargetName(targetSchema != null ? targetSchema : sourceSchema, sourceTable);
  }

  /**
   * One message per target table that two or more of {@code sources} map to: their rows would
   * overwrite each other there, so such a pipeline is refused. Only the schema and table of each
   * source are read (a name may hold dots, so it is never split).
   */
  public List<String> collisions(List<TableId> sources) {
    Map<TargetName, List<String>> bySource = new LinkedHashMap<>();
    for (TableId source : sources) {
      TargetName name = target(source.schema(), source.table());
      bySource.computeIfAbsent(name, n -> new ArrayList<>()).add(source.schemaQualifiedName());
    }
    List<String> collisions = new ArrayList<>();
    bySource.forEach(
        (name, from) -> {
          if (from.size() > 1) {
            collisions.add(
                "source tables "
                    + String.join(", ", from)
                    + " all map to target table "
                    + name
                    + " (through target.table-renames or target.schema), where their rows would"
                    + " overwrite each other. Rename all but one of them in target.table-renames,"
                    + " or leave them out (source.exclude-tables).");
          }
        });
    return collisions;
  }
}
