package io.lockstep.recovery.service.item;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Items in {@code lockstep_recovery.item}. Statements are fixed text; every value the API or a
 * topic gives is a bound parameter. An item is found by its table and the SHA-256 of its key
 * ({@code key_hash}, computed by PostgreSQL from the key's UTF-8): the unique index holds the hash,
 * because a key longer than a btree entry (about 2.7 kB, a long text primary key) cannot be indexed
 * itself. Text from topics passes {@link StoreText#escapeNul} on its way in.
 */
@Repository
public class ItemRepository {

  /** How much of an item's last error a listing shows. */
  public static final int SUMMARY_ERROR_LENGTH = 500;

  private static final String COLUMNS =
      "id, table_name, key_json, kind, state, source_topic, source_partition, source_offset,"
          + " position, first_seen, last_seen, attempts, next_attempt_at, last_error, resolution,"
          + " record, record_encoding, version";

  /** A listing's columns: no record, and the start of the error. */
  private static final String SUMMARY_COLUMNS =
      "id, table_name, key_json, kind, state, attempts, first_seen, last_seen, next_attempt_at,"
          + " left(last_error, "
          + SUMMARY_ERROR_LENGTH
          + ") AS last_error, resolution";

  private final JdbcClient jdbc;

  public ItemRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Adds the record's item, or updates the item of its table and key. A record at or before the
   * offset the item already holds from the same topic partition is a redelivery and changes
   * nothing. A record about a resolved item opens it again.
   *
   * @param due when a new or reopened item's first attempt is
   * @param initialState {@code PENDING}, or {@code MANUAL} for what cannot be retried
   * @return whether the record changed the store
   */
  public boolean upsert(IncomingRecord in, Instant due, ItemState initialState) {
    int changed =
        jdbc.sql(
                """
                INSERT INTO lockstep_recovery.item (table_name, key_json, key_hash, kind, state,
                  source_topic, source_partition, source_offset, position, first_seen, last_seen,
                  attempts, next_attempt_at, last_error, record, record_encoding)
                VALUES (:table, :key, sha256(convert_to(:key, 'UTF8')), :kind, :state, :topic,
                  :partition, :offset, :position, :at, :at, 0, :due, :error, :record, :encoding)
                ON CONFLICT (table_name, key_hash) DO UPDATE SET
                  kind = EXCLUDED.kind,
                  source_topic = EXCLUDED.source_topic,
                  source_partition = EXCLUDED.source_partition,
                  source_offset = EXCLUDED.source_offset,
                  position = EXCLUDED.position,
                  last_seen = GREATEST(item.last_seen, EXCLUDED.last_seen),
                  last_error = COALESCE(EXCLUDED.last_error, item.last_error),
                  record = EXCLUDED.record,
                  record_encoding = EXCLUDED.record_encoding,
                  state = CASE WHEN item.state = 'RESOLVED' THEN EXCLUDED.state ELSE item.state END,
                  attempts = CASE WHEN item.state = 'RESOLVED' THEN 0 ELSE item.attempts END,
                  next_attempt_at = CASE WHEN item.state = 'RESOLVED'
                    THEN EXCLUDED.next_attempt_at ELSE item.next_attempt_at END,
                  resolution = CASE WHEN item.state = 'RESOLVED' THEN NULL ELSE item.resolution END,
                  version = item.version + 1
                WHERE item.source_topic IS DISTINCT FROM EXCLUDED.source_topic
                   OR item.source_partition IS DISTINCT FROM EXCLUDED.source_partition
                   OR item.source_offset < EXCLUDED.source_offset
                """)
            .param("table", StoreText.escapeNul(in.table()))
            .param("key", StoreText.escapeNul(in.keyJson()))
            .param("kind", in.kind().name())
            .param("state", initialState.name())
            .param("topic", StoreText.escapeNul(in.topic()))
            .param("partition", in.partition())
            .param("offset", in.offset())
            .param("position", StoreText.escapeNul(in.position()))
            .param("at", ts(in.at()))
            .param("due", initialState == ItemState.MANUAL ? null : ts(due))
            .param("error", StoreText.escapeNul(in.error()))
            .param("record", in.record() == null ? null : in.record().text())
            .param(
                "encoding",
                (in.record() == null ? RecordText.Encoding.TEXT : in.record().encoding()).name())
            .update();
    return changed > 0;
  }

  /**
   * Marks the item of a key resolved because the pipeline says the row is consistent again (a
   * {@code resolved} failed-rows record).
   */
  public boolean resolve(String table, String keyJson, Instant at, String resolution) {
    return jdbc.sql(
                """
                UPDATE lockstep_recovery.item SET state = 'RESOLVED', resolution = :resolution,
                  last_seen = GREATEST(last_seen, :at), next_attempt_at = NULL, lease_until = NULL,
                  version = version + 1
                WHERE table_name = :table AND key_hash = sha256(convert_to(:key, 'UTF8'))
                  AND key_json = :key AND state <> 'RESOLVED'
                """)
            .param("table", StoreText.escapeNul(table))
            .param("key", StoreText.escapeNul(keyJson))
            .param("at", ts(at))
            .param("resolution", StoreText.escapeNul(resolution))
            .update()
        > 0;
  }

  /**
   * Takes up to {@code limit} due items for this instance: pending ones whose time has come and
   * taken ones whose lease ran out (their instance died). {@code SKIP LOCKED} lets instances take
   * disjoint sets at the same time; the lease keeps an item off the others until it is done.
   */
  public List<Item> claimDue(Instant now, Instant leaseUntil, int limit) {
    return jdbc.sql(
            """
            UPDATE lockstep_recovery.item SET state = 'RETRYING', lease_until = :lease,
              attempts = attempts + 1, version = version + 1
            WHERE id IN (
              SELECT id FROM lockstep_recovery.item
              WHERE (state = 'PENDING' AND next_attempt_at <= :now)
                 OR (state = 'RETRYING' AND lease_until < :now)
              ORDER BY next_attempt_at
              LIMIT :limit
              FOR UPDATE SKIP LOCKED)
            RETURNING """
                + " "
                + COLUMNS)
        .param("now", ts(now))
        .param("lease", ts(leaseUntil))
        .param("limit", limit)
        .query(ItemRepository::item)
        .list();
  }

  /** Ends a taken item's attempt, unless a newer record changed the item meanwhile. */
  public boolean finish(
      Item taken, ItemState state, Instant nextAttemptAt, String error, String resolution) {
    int updated =
        jdbc.sql(
                """
                UPDATE lockstep_recovery.item SET state = :state, next_attempt_at = :next,
                  lease_until = NULL, last_error = COALESCE(:error, last_error),
                  resolution = :resolution, version = version + 1
                WHERE id = :id AND version = :version
                """)
            .param("state", state.name())
            .param("next", ts(nextAttemptAt))
            .param("error", StoreText.escapeNul(error))
            .param("resolution", StoreText.escapeNul(resolution))
            .param("id", taken.id())
            .param("version", taken.version())
            .update();
    if (updated == 0) {
      // A newer record arrived while the attempt ran: what it found may be out of date, so the
      // item is tried again soon instead of taking this attempt's result.
      jdbc.sql(
              """
              UPDATE lockstep_recovery.item SET state = 'PENDING', lease_until = NULL,
                next_attempt_at = :now, version = version + 1
              WHERE id = :id AND state = 'RETRYING'
              """)
          .param("now", ts(Instant.now()))
          .param("id", taken.id())
          .update();
    }
    return updated > 0;
  }

  public void recordAttempt(long itemId, int attempt, Instant at, String outcome, String detail) {
    jdbc.sql(
            """
            INSERT INTO lockstep_recovery.item_attempt (item_id, attempt, at, outcome, detail)
            VALUES (:item, :attempt, :at, :outcome, :detail)
            """)
        .param("item", itemId)
        .param("attempt", attempt)
        .param("at", ts(at))
        .param("outcome", StoreText.escapeNul(outcome))
        .param("detail", StoreText.escapeNul(detail))
        .update();
  }

  /**
   * Makes items due now, for an operator's "retry now"; items being tried are left alone, and so
   * are items without a row ({@link RowlessTables}), which no retry can fix.
   *
   * @return the ids made due
   */
  public List<Long> makeDue(Collection<Long> ids, Instant now) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            UPDATE lockstep_recovery.item SET state = 'PENDING', next_attempt_at = :now,
              resolution = NULL, version = version + 1
            WHERE id IN (:ids) AND state <> 'RETRYING' AND table_name NOT IN (:rowless)
              AND kind NOT IN (:tableKinds) AND key_json <> :tableKey
            RETURNING id
            """)
        .param("now", ts(now))
        .param("ids", ids)
        .param("rowless", RowlessTables.ALL)
        .param("tableKinds", TABLE_KINDS)
        .param("tableKey", ItemKeys.TABLE_KEY)
        .query(Long.class)
        .list();
  }

  /** Kinds whose items name a whole table, not a row: no retry re-reads them. */
  private static final List<String> TABLE_KINDS =
      java.util.Arrays.stream(ItemKind.values())
          .filter(k -> !k.namesARow())
          .map(Enum::name)
          .toList();

  /**
   * Ids of the given ids whose items have no row to retry ({@link RowlessTables}, or a kind that
   * names a table).
   */
  public List<Long> withoutRow(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "SELECT id FROM lockstep_recovery.item WHERE id IN (:ids)"
                + " AND (table_name IN (:rowless) OR kind IN (:tableKinds)"
                + " OR key_json = :tableKey) ORDER BY id")
        .param("ids", ids)
        .param("rowless", RowlessTables.ALL)
        .param("tableKinds", TABLE_KINDS)
        .param("tableKey", ItemKeys.TABLE_KEY)
        .query(Long.class)
        .list();
  }

  public Optional<Item> find(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM lockstep_recovery.item WHERE id = :id")
        .param("id", id)
        .query(ItemRepository::item)
        .optional();
  }

  public Optional<Item> find(String table, String keyJson) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM lockstep_recovery.item WHERE table_name = :table"
                + " AND key_hash = sha256(convert_to(:key, 'UTF8')) AND key_json = :key")
        .param("table", StoreText.escapeNul(table))
        .param("key", StoreText.escapeNul(keyJson))
        .query(ItemRepository::item)
        .optional();
  }

  public List<ItemAttempt> attempts(long itemId) {
    return jdbc.sql(
            """
            SELECT attempt, at, outcome, detail FROM lockstep_recovery.item_attempt
            WHERE item_id = :item ORDER BY id
            """)
        .param("item", itemId)
        .query(
            (rs, n) ->
                new ItemAttempt(rs.getInt(1), instant(rs, "at"), rs.getString(3), rs.getString(4)))
        .list();
  }

  /** A page of item summaries (no records), newest first, and how many match in all. */
  public ItemPage page(ItemFilter filter, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE TRUE");
    Map<String, Object> params = new java.util.HashMap<>();
    if (filter.table() != null) {
      where.append(" AND table_name = :table");
      params.put("table", filter.table());
    }
    if (filter.state() != null) {
      where.append(" AND state = :state");
      params.put("state", filter.state().name());
    }
    if (!filter.kinds().isEmpty()) {
      where.append(" AND kind IN (:kinds)");
      params.put("kinds", filter.kinds().stream().map(Enum::name).toList());
    }
    if (filter.since() != null) {
      where.append(" AND last_seen >= :since");
      params.put("since", ts(filter.since()));
    }
    long total =
        jdbc.sql("SELECT count(*) FROM lockstep_recovery.item" + where)
            .params(params)
            .query(Long.class)
            .single();
    params.put("limit", size);
    params.put("offset", (long) page * size);
    List<ItemSummary> items =
        jdbc.sql(
                "SELECT "
                    + SUMMARY_COLUMNS
                    + " FROM lockstep_recovery.item"
                    + where
                    + " ORDER BY last_seen DESC, id DESC LIMIT :limit OFFSET :offset")
            .params(params)
            .query(ItemRepository::summary)
            .list();
    return new ItemPage(items, page, size, total);
  }

  public Map<ItemState, Long> countByState() {
    Map<ItemState, Long> counts = new EnumMap<>(ItemState.class);
    for (ItemState state : ItemState.values()) {
      counts.put(state, 0L);
    }
    jdbc.sql("SELECT state, count(*) FROM lockstep_recovery.item GROUP BY state")
        .query(
            (ResultSet rs) -> {
              counts.put(ItemState.valueOf(rs.getString(1)), rs.getLong(2));
            });
    return counts;
  }

  /** Ids of items of the given ids that exist, in the order given. */
  public List<Long> existing(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Long> found =
        jdbc.sql("SELECT id FROM lockstep_recovery.item WHERE id IN (:ids)")
            .param("ids", ids)
            .query(Long.class)
            .list();
    List<Long> ordered = new ArrayList<>(ids);
    ordered.retainAll(found);
    return ordered;
  }

  private static Item item(ResultSet rs, int row) throws SQLException {
    return new Item(
        rs.getLong("id"),
        rs.getString("table_name"),
        rs.getString("key_json"),
        ItemKind.valueOf(rs.getString("kind")),
        ItemState.valueOf(rs.getString("state")),
        rs.getString("source_topic"),
        (Integer) rs.getObject("source_partition"),
        (Long) rs.getObject("source_offset"),
        rs.getString("position"),
        instant(rs, "first_seen"),
        instant(rs, "last_seen"),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        rs.getString("last_error"),
        rs.getString("resolution"),
        record(rs),
        rs.getLong("version"));
  }

  private static ItemSummary summary(ResultSet rs, int row) throws SQLException {
    return new ItemSummary(
        rs.getLong("id"),
        rs.getString("table_name"),
        rs.getString("key_json"),
        ItemKind.valueOf(rs.getString("kind")),
        ItemState.valueOf(rs.getString("state")),
        rs.getInt("attempts"),
        instant(rs, "first_seen"),
        instant(rs, "last_seen"),
        instant(rs, "next_attempt_at"),
        rs.getString("last_error"),
        rs.getString("resolution"));
  }

  private static RecordText record(ResultSet rs) throws SQLException {
    String text = rs.getString("record");
    return text == null
        ? null
        : new RecordText(text, RecordText.Encoding.valueOf(rs.getString("record_encoding")));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
