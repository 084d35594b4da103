package io.lockstep.engine.postgres;

import static io.lockstep.engine.SourceCheckSql.single;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.CapturedTable;
import io.lockstep.engine.TablePartition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the start-up checks say of partitioned tables on a PostgreSQL source. A partitioned table is
 * captured through its root: the publication has {@code publish_via_partition_root}, so pgoutput
 * sends a change of any partition, attached before or after the start, as a change of the root, and
 * the capture leaves the partitions out of its tables. That needs PostgreSQL 13 and a publication
 * created with the option; a partition matched by {@code source.tables} without its root cannot be
 * captured at all.
 */
final class PostgresPartitions {

  /** {@code server_version_num} of PostgreSQL 13, the first with publish_via_partition_root. */
  static final int VIA_ROOT_SINCE = 130000;

  private final List<TablePartition> partitions;

  private PostgresPartitions(List<TablePartition> partitions) {
    this.partitions = partitions;
  }

  static PostgresPartitions read(Connection source) throws SQLException {
    List<TablePartition> partitions = new ArrayList<>();
    try (PreparedStatement ps = source.prepareStatement(PostgresCatalog.PARTITIONS);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        partitions.add(
            new TablePartition(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
      }
    }
    return new PostgresPartitions(partitions);
  }

  /** Whether {@code schema.table} is a partition of some root. */
  boolean isPartition(String schema, String table) {
    return partitions.stream().anyMatch(p -> p.schema().equals(schema) && p.name().equals(table));
  }

  /** The number of partitions (at every level) of each root among {@code tables} that has some. */
  Map<String, Long> partitionedRoots(List<CapturedTable> tables) {
    Set<String> captured =
        tables.stream().map(CapturedTable::qualified).collect(Collectors.toSet());
    Map<String, Long> roots = new LinkedHashMap<>();
    for (TablePartition partition : partitions) {
      if (captured.contains(partition.rootQualified())) {
        roots.merge(partition.rootQualified(), 1L, Long::sum);
      }
    }
    return roots;
  }

  /**
   * The problems of capturing {@code tables}, the non-partitions the selection matched, given the
   * selection: a partition matched without its root; partitioned roots on PostgreSQL before 13, or
   * with an existing publication that does not publish through the root.
   */
  void check(
      PipelineConfig config,
      Connection source,
      List<CapturedTable> tables,
      String where,
      List<String> problems)
      throws SQLException {
    TableSelection selection = TableSelection.of(config);
    Set<String> captured =
        tables.stream().map(CapturedTable::qualified).collect(Collectors.toSet());
    for (TablePartition partition : partitions) {
      if (selection.includes(partition.schema(), partition.name())
          && !captured.contains(partition.rootQualified())) {
        problems.add(
            where
                + ": table "
                + partition.qualified()
                + " is a partition of "
                + partition.rootQualified()
                + ", and Lockstep captures a partitioned table only through its root (its changes"
                + " are published as the root's). Add "
                + partition.rootQualified()
                + " to source.tables, or leave the partition out.");
      }
    }
    Map<String, Long> roots = partitionedRoots(tables);
    if (roots.isEmpty()) {
      return;
    }
    int version = Integer.parseInt(single(source, "SHOW server_version_num"));
    if (version < VIA_ROOT_SINCE) {
      problems.add(
          where
              + ": "
              + String.join(", ", roots.keySet())
              + " is partitioned, and PostgreSQL "
              + version / 10000
              + " cannot publish a partition's changes as its root's (publish_via_partition_root"
              + " needs PostgreSQL 13): upgrade the source to PostgreSQL 13 or later, or leave"
              + " the partitioned tables out (source.exclude-tables).");
      return;
    }
    String publication = config.publicationName();
    try (PreparedStatement ps =
        source.prepareStatement("SELECT pubviaroot FROM pg_publication WHERE pubname = ?")) {
      ps.setString(1, publication);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && !rs.getBoolean(1)) {
          problems.add(
              where
                  + ": publication '"
                  + publication
                  + "' exists without publish_via_partition_root, so the changes of the"
                  + " partitions of "
                  + String.join(", ", roots.keySet())
                  + " would be published as the partitions' own, which the capture does not"
                  + " take. Have the publication's owner run: ALTER PUBLICATION "
                  + publication
                  + " SET (publish_via_partition_root = true);");
        }
      }
    }
  }

  /** One line per captured partitioned table saying how it is captured. */
  List<String> notes(String where, List<CapturedTable> tables) {
    List<String> notes = new ArrayList<>();
    partitionedRoots(tables)
        .forEach(
            (root, count) ->
                notes.add(
                    where
                        + ": "
                        + root
                        + " is partitioned ("
                        + count
                        + (count == 1 ? " partition" : " partitions")
                        + "): captured through its root with publish_via_partition_root; its"
                        + " partitions, and any attached later, are not tables of their own."));
    return notes;
  }
}
