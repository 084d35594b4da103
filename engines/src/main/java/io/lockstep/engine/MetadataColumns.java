package io.lockstep.engine;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import java.io.Serializable;
import java.util.List;

/**
 * The replication metadata columns of target rows (design decision 4): who wrote the row, the
 * source commit time of its last change, and the source position the position guard compares.
 */
public record MetadataColumns(boolean enabled, String origin, String commitTime, String position)
    implements Serializable {

  /** Origin value of rows written by replication. */
  public static final String ORIGIN_REPLICATION = "R";

  /** Origin value of rows written by the recovery service's force-sync. */
  public static final String ORIGIN_FORCE_SYNC = "F";

  public static MetadataColumns from(PipelineConfig config) {
    return new MetadataColumns(
        config.get(PipelineOptions.METADATA_ENABLED),
        config.get(PipelineOptions.METADATA_ORIGIN),
        config.get(PipelineOptions.METADATA_COMMIT_TIME),
        config.get(PipelineOptions.METADATA_POSITION));
  }

  public static MetadataColumns disabled() {
    return new MetadataColumns(false, "", "", "");
  }

  /** The column names, in the order statements write them; empty when disabled. */
  public List<String> names() {
    return enabled ? List.of(origin, commitTime, position) : List.of();
  }

  public boolean isMetadata(String column) {
    return enabled && names().contains(column);
  }
}
