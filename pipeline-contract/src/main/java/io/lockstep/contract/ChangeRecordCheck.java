package io.lockstep.contract;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableSelection;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ChangeEventCodec;
import io.lockstep.event.SourcePosition;
import io.lockstep.event.TableId;
import io.lockstep.types.Engine;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What the apply job and the verifier accept from a change topic. Anyone who can write to the
 * topics can put any bytes there, so every record is read as untrusted: it must be a change event
 * this build reads, of a table the pipeline captures, on that table's own topic, with a key and a
 * position of the form this pipeline's capture writes. Anything else is refused with the reason,
 * and the caller dead-letters it and goes on: a refused record never fails a task (a task that
 * failed would read the same record again after its restart, for ever).
 *
 * <p>What it cannot tell: a well-formed record with plausible values that the capture did not
 * write. Kafka's ACLs are the barrier against those (docs/security.md); an epoch no capture
 * announced is refused by the apply job's epoch fence.
 */
public final class ChangeRecordCheck implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Commit times are real times: an infinite or far one would break every lag and delay. */
  private static final java.time.Instant FIRST_COMMIT =
      java.time.Instant.parse("1970-01-01T00:00:00Z");

  private static final java.time.Instant LAST_COMMIT =
      java.time.Instant.parse("9999-12-31T23:59:59.999999Z");

  /** Bound on the per-table cache: forged records could name any number of tables. */
  private static final int MAX_TABLES = 10_000;

  /** The record key of every truncate: the JSON of an empty key. */
  private static final byte[] TRUNCATE_KEY = "{}".getBytes(StandardCharsets.UTF_8);

  private final String topicPrefix;
  private final Engine sourceEngine;
  private final String sourceDatabase;
  private final TableSelection selection;
  // Per task: a check belongs to one operator instance, which calls it from one thread.
  private transient Map<TableId, String> tableProblems;
  private transient Map<TableId, String> topicOf;

  private ChangeRecordCheck(
      String topicPrefix, Engine sourceEngine, String sourceDatabase, TableSelection selection) {
    this.topicPrefix = topicPrefix;
    this.sourceEngine = sourceEngine;
    this.sourceDatabase = sourceDatabase;
    this.selection = selection;
  }

  public static ChangeRecordCheck of(PipelineConfig config) {
    return new ChangeRecordCheck(
        config.topicPrefix(),
        config.sourceEngine(),
        config.get(PipelineOptions.SOURCE_DATABASE),
        TableSelection.of(config));
  }

  /**
   * The change event a record holds.
   *
   * @throws RefusedRecordException saying why the record is not one of this pipeline's changes
   */
  public ChangeEvent read(String topic, byte[] key, byte[] value) {
    if (tableProblems == null || tableProblems.size() > MAX_TABLES) {
      tableProblems = new HashMap<>();
      topicOf = new HashMap<>();
    }
    if (key.length == 0) {
      throw new RefusedRecordException(
          "the record has no key; a change record's key is its row's primary key as JSON");
    }
    if (value.length == 0) {
      throw new RefusedRecordException(
          "the record has no value (a tombstone, or an empty record); change topics hold only"
              + " Lockstep change events");
    }
    ChangeEvent event;
    try {
      event = ChangeEventCodec.decodeValue(value);
    } catch (RuntimeException e) {
      throw new RefusedRecordException(
          "the record is not a change event this build reads: " + e.getMessage());
    }
    String problem = problem(topic, event);
    if (problem == null) {
      problem = keyProblem(key, event);
    }
    if (problem != null) {
      throw new RefusedRecordException(problem);
    }
    return event;
  }

  private String problem(String topic, ChangeEvent event) {
    String position = SourcePosition.problem(event.position(), sourceEngine.positionForm());
    if (position != null) {
      return position;
    }
    if (event.commitTime().isBefore(FIRST_COMMIT) || event.commitTime().isAfter(LAST_COMMIT)) {
      return "the event's commit_ts " + event.commitTime() + " is no time a source commits at";
    }
    TableId table = event.table();
    String expected = topicOf.computeIfAbsent(table, t -> PipelineTopics.changes(topicPrefix, t));
    if (!expected.equals(topic)) {
      return "the record holds a change of "
          + table
          + ", whose topic is "
          + expected
          + ", not "
          + topic;
    }
    String tableProblem = tableProblems.computeIfAbsent(table, this::tableProblem);
    if (!tableProblem.isEmpty()) {
      return tableProblem;
    }
    for (String column : event.schema().keyColumns()) {
      if (!event.key().containsKey(column)) {
        return "the event's key lacks key column '" + column + "' of " + table;
      }
    }
    if (event.origin() != null && !event.origin().equals(ChangeEvent.ORIGIN_FORCE_SYNC)) {
      return "the event has origin '"
          + event.origin()
          + "'; only '"
          + ChangeEvent.ORIGIN_FORCE_SYNC
          + "' (a force-sync image) is known";
    }
    return null;
  }

  /**
   * A truncate names no row: its record key is the empty object (the key the capture writes), so
   * that every truncate of a table is routed alike. A row change needs key columns to be routed and
   * upserted by.
   */
  private static String keyProblem(byte[] key, ChangeEvent event) {
    if (event.isTruncate()) {
      return Arrays.equals(key, TRUNCATE_KEY)
          ? null
          : "the record holds a TRUNCATE of "
              + event.table()
              + " under a key other than {}; a truncate names no row";
    }
    if (event.schema().keyColumns().isEmpty()) {
      return "the event's table "
          + event.table()
          + " has no key columns; a row change is keyed by its table's key";
    }
    return null;
  }

  /**
   * What is wrong with a table, whatever the record (empty when nothing is), worked out once per
   * table: the regular expressions of the selection are too dear to match for every record.
   */
  private String tableProblem(TableId table) {
    if (!sourceEngine.schemaIsDatabase() && !table.database().equals(sourceDatabase)) {
      return "the record holds a change of database '"
          + table.database()
          + "', and the pipeline captures database '"
          + sourceDatabase
          + "'";
    }
    if (!selection.includes(table.schema(), table.table())) {
      return "table "
          + table.schema()
          + "."
          + table.table()
          + " is not one the pipeline captures (source.tables, source.exclude-tables)";
    }
    return "";
  }
}
