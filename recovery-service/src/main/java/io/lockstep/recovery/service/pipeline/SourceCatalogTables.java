package io.lockstep.recovery.service.pipeline;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableSelection;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source tables that {@code source.tables} minus {@code source.exclude-tables} select, read
 * from the source's catalog (the file holds patterns, the catalog the names). Names are cached and
 * read again, at most every ten seconds, when a caller names a table not among them, so a table
 * created on the source later is accepted without a restart.
 */
public class SourceCatalogTables implements KnownTables {

  private static final Duration REFRESH = Duration.ofSeconds(10);

  private final PipelineConfig config;
  private final PipelineConnections connections;
  private final TableSelection selection;
  private final Clock clock;
  private final Map<String, KnownTable> described = new ConcurrentHashMap<>();
  private volatile SortedSet<String> names;
  private volatile Instant readAt = Instant.MIN;

  public SourceCatalogTables(PipelineConfig config, PipelineConnections connections) {
    this.config = config;
    this.connections = connections;
    this.selection = TableSelection.of(config);
    this.clock = Clock.systemUTC();
  }

  @Override
  public SortedSet<String> names() {
    SortedSet<String> current = names;
    return current != null ? current : refresh();
  }

  @Override
  public Optional<KnownTable> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    KnownTable table = described.get(name);
    if (table != null) {
      return Optional.of(table);
    }
    SortedSet<String> current = names();
    if (!current.contains(name) && readAt.plus(REFRESH).isBefore(clock.instant())) {
      current = refresh();
    }
    if (!current.contains(name)) {
      return Optional.empty();
    }
    return Optional.ofNullable(describe(name));
  }

  private synchronized SortedSet<String> refresh() {
    SortedSet<String> found = new TreeSet<>();
    try (Connection source = connections.source()) {
      for (String schema : CatalogReader.schemas(source, config.sourceEngine())) {
        for (String table : CatalogReader.tables(source, config.sourceEngine(), schema)) {
          if (selection.includes(schema, table)) {
            found.add(schema + "." + table);
          }
        }
      }
    } catch (SQLException e) {
      throw SourceUnavailableException.of(config, "reading its catalog", e);
    }
    names = Collections.unmodifiableSortedSet(found);
    readAt = clock.instant();
    return names;
  }

  private KnownTable describe(String name) {
    String schema = name.substring(0, name.indexOf('.'));
    String table = name.substring(name.indexOf('.') + 1);
    try (Connection source = connections.source()) {
      Optional<TableSchema> read =
          CatalogReader.describe(source, config.sourceEngine(), schema, table);
      if (read.isEmpty()) {
        return null;
      }
      TableSchema replicated = selection.replicated(read.get());
      KnownTable known =
          new KnownTable(
              name,
              replicated.keyColumns(),
              replicated.columns().stream().map(ColumnSchema::name).toList());
      described.put(name, known);
      return known;
    } catch (SQLException e) {
      throw SourceUnavailableException.of(config, "reading table " + name + " from its catalog", e);
    }
  }
}
