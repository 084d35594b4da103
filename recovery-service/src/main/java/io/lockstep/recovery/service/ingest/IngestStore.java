package io.lockstep.recovery.service.ingest;

import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.item.ItemRepository;
import io.lockstep.recovery.service.item.ItemState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one poll's records in one transaction, each behind a savepoint of its own: a record the
 * store refuses (a value PostgreSQL cannot hold, a constraint, a limit) is rolled back alone and
 * kept as an {@code UNSTORABLE} item with the reason, and the records after it are stored. A store
 * that cannot answer ({@link StoreFailures#isTransient}) fails the whole poll instead, so that its
 * offsets are not committed and it is read again: nothing is lost either way.
 */
@Service
class IngestStore {

  /** A record the store refused, kept as an unstorable item. */
  record Refused(ConsumerRecord<byte[], byte[]> source, String code, String reason) {}

  private final ItemRepository items;
  private final TransactionTemplate transactions;
  private final Duration delay;

  IngestStore(
      ItemRepository items, TransactionTemplate transactions, RecoveryProperties properties) {
    this.items = items;
    this.transactions = transactions;
    this.delay = properties.retry().delay();
  }

  /**
   * @return the records the store refused, each now an unstorable item
   * @throws RuntimeException when the store failed: nothing of the poll is kept
   */
  List<Refused> store(List<ReadRecord> records) {
    return transactions.execute(
        status -> {
          List<Refused> refused = new ArrayList<>();
          for (ReadRecord record : records) {
            Object savepoint = status.createSavepoint();
            try {
              write(record.decoded());
              status.releaseSavepoint(savepoint);
            } catch (RuntimeException e) {
              if (StoreFailures.isTransient(e)) {
                throw e;
              }
              refused.add(keepUnstorable(status, savepoint, record, e));
            }
          }
          return refused;
        });
  }

  private Refused keepUnstorable(
      TransactionStatus status, Object savepoint, ReadRecord record, RuntimeException failure) {
    status.rollbackToSavepoint(savepoint);
    status.releaseSavepoint(savepoint);
    String reason = StoreFailures.reason(failure);
    try {
      items.upsert(RowlessItems.unstorable(record.source(), reason), null, ItemState.MANUAL);
    } catch (RuntimeException again) {
      // The store refuses even an item made of safe text: the fault is the store's, not the
      // record's (a missing table, a lost privilege). The poll fails and is read again.
      again.addSuppressed(failure);
      throw again;
    }
    return new Refused(record.source(), StoreFailures.code(failure), reason);
  }

  private void write(RecordDecoder.Decoded decoded) {
    if (decoded instanceof RecordDecoder.Upsert upsert) {
      items.upsert(
          upsert.record(),
          upsert.record().at().plus(delay),
          upsert.retryable() ? ItemState.PENDING : ItemState.MANUAL);
    } else if (decoded instanceof RecordDecoder.Resolve resolve) {
      items.resolve(resolve.table(), resolve.keyJson(), resolve.at(), resolve.detail());
    }
  }
}
