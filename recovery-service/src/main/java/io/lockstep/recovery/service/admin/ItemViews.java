package io.lockstep.recovery.service.admin;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.lockstep.recovery.service.item.Item;
import io.lockstep.recovery.service.item.ItemAttempt;
import io.lockstep.recovery.service.item.ItemKind;
import io.lockstep.recovery.service.item.ItemState;
import java.time.Instant;
import java.util.List;

/** The API's JSON forms of items. */
final class ItemViews {

  private ItemViews() {}

  /** An item in a listing. {@code key} is the row key as a JSON object. */
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

  /** One item with its newest record and its attempts. */
  record Detail(
      Summary item,
      String position,
      String sourceTopic,
      Integer sourcePartition,
      Long sourceOffset,
      String record,
      List<ItemAttempt> attempts) {

    static Detail of(Item item, List<ItemAttempt> attempts) {
      return new Detail(
          Summary.of(item),
          item.position(),
          item.sourceTopic(),
          item.sourcePartition(),
          item.sourceOffset(),
          item.record(),
          attempts);
    }
  }

  record Page<T>(List<T> items, int page, int size, long total) {}

  /** What a retry request did. */
  record RetryResult(List<Long> due, List<Long> notFound, List<Long> inProgress) {}

  record RetryRequest(List<Long> ids) {}
}
