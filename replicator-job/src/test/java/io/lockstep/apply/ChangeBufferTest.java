package io.lockstep.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ChangeEvent;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.Operation;
import io.lockstep.event.TableId;
import io.lockstep.event.TableSchema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeBufferTest {

  private static final TableSchema ORDERS =
      new TableSchema(
          new TableId("shop", "public", "orders"),
          List.of(
              ColumnSchema.of("id", ColumnType.INT64),
              ColumnSchema.of("status", ColumnType.STRING),
              ColumnSchema.of("note", ColumnType.STRING)),
          List.of("id"));

  private final ChangeBuffer buffer = new ChangeBuffer();

  @Test
  void lastChangeOfAKeyWins() {
    buffer.add("1", upsert(1, "new", "a", 1));
    buffer.add("1", upsert(1, "paid", "a", 2));
    buffer.add("2", upsert(2, "new", "b", 3));

    List<ChangeEvent> rows = rows();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).after()).containsEntry("status", "paid");
    assertThat(buffer.received()).isEqualTo(3);
    assertThat(buffer.pending()).isEqualTo(2);
  }

  @Test
  void deleteAfterUpsertLeavesOnlyTheDelete() {
    buffer.add("1", upsert(1, "new", "a", 1));
    buffer.add("1", delete(1, 2));

    assertThat(rows())
        .singleElement()
        .extracting(ChangeEvent::operation)
        .isEqualTo(Operation.DELETE);
  }

  @Test
  void upsertAfterDeleteLeavesOnlyTheUpsert() {
    buffer.add("1", delete(1, 1));
    buffer.add("1", upsert(1, "again", "x", 2));

    ChangeEvent only = rows().get(0);
    assertThat(only.operation()).isEqualTo(Operation.INSERT);
    assertThat(only.after()).containsEntry("status", "again");
  }

  @Test
  void updateOmittingAnUnchangedToastColumnKeepsTheEarlierValue() {
    buffer.add("1", upsert(1, "new", "long note", 1));
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("id", 1L);
    partial.put("status", "paid");
    buffer.add("1", ChangeEvent.update(ORDERS, null, partial, Instant.EPOCH, "pg:2", null));

    ChangeEvent merged = rows().get(0);
    assertThat(merged.after()).containsEntry("status", "paid").containsEntry("note", "long note");
    assertThat(merged.position()).isEqualTo("pg:2");
  }

  @Test
  void clearEmptiesTheBuffer() {
    buffer.add("1", upsert(1, "new", "a", 1));
    buffer.clear();
    assertThat(buffer.isEmpty()).isTrue();
    assertThat(buffer.rows()).isEmpty();
  }

  private List<ChangeEvent> rows() {
    return buffer.rows().stream().map(ChangeBuffer.PendingRow::event).toList();
  }

  private static ChangeEvent upsert(long id, String status, String note, int position) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("status", status);
    row.put("note", note);
    return ChangeEvent.insert(ORDERS, row, Instant.EPOCH, "pg:" + position, null);
  }

  private static ChangeEvent delete(long id, int position) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("id", id);
    return ChangeEvent.delete(ORDERS, key, Instant.EPOCH, "pg:" + position, null);
  }
}
