package io.lockstep.recovery.service.item;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;

/** The API's JSON forms of items. */
final class ItemViews {

  private ItemViews() {}

  /**
   * An item in a listing: no record, and the start of the last error. {@code key} is the row key as
   * a JSON object.
   */
  record Summary(
      long id,
      String table,
      @JsonRawValue String key,
      ItemKind kind,
      ItemState state,
      int attempts,
      Instant firstSeen,
      Instant lastSeen,
      Instant nextAttemptAt,
      String lastError,
      String resolution) {

    static Summary of(ItemSummary item) {
      return new Summary(
          item.id(),
          item.table(),
          item.keyJson(),
          item.kind(),
          item.state(),
          item.attempts(),
          item.firstSeen(),
          item.lastSeen(),
          item.nextAttemptAt(),
          item.lastError(),
          item.resolution());
    }

    static Summary of(Item item) {
      return new Summary(
          item.id(),
          item.table(),
          item.keyJson(),
          item.kind(),
          item.state(),
          item.attempts(),
          item.firstSeen(),
          item.lastSeen(),
          item.nextAttemptAt(),
          item.lastError(),
          item.resolution());
    }
  }

  /**
   * One item with its newest record and its attempts.
   *
   * @param record the record's value as it was on the topic, in {@code recordEncoding}
   * @param recordEncoding {@code TEXT}, or {@code BASE64} for a value that is not UTF-8 text
   * @param retryable whether "retry now" can re-sync it (false for items that name no row)
   */
  record Detail(
      Summary item,
      String position,
      String sourceTopic,
      Integer sourcePartition,
      Long sourceOffset,
      String record,
      RecordText.Encoding recordEncoding,
      boolean retryable,
      List<ItemAttempt> attempts) {

    static Detail of(Item item, List<ItemAttempt> attempts) {
      RecordText record = item.record();
      return new Detail(
          Summary.of(item),
          item.position(),
          item.sourceTopic(),
          item.sourcePartition(),
          item.sourceOffset(),
          record == null ? null : record.text(),
          record == null ? null : record.encoding(),
          item.hasRow(),
          attempts);
    }
  }

  record Page<T>(List<T> items, int page, int size, long total) {}
}
