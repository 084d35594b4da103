package io.lockstep.recovery.service.ingest;

import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.item.ItemRepository;
import io.lockstep.recovery.service.item.ItemState;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writes one poll's worth of decoded records in one transaction. */
@Service
class IngestStore {

  private final ItemRepository items;
  private final RecoveryProperties properties;

  IngestStore(ItemRepository items, RecoveryProperties properties) {
    this.items = items;
    this.properties = properties;
  }

  /**
   * @return how many records changed the store (redeliveries do not)
   */
  @Transactional
  public int store(List<RecordDecoder.Decoded> batch) {
    int changed = 0;
    for (RecordDecoder.Decoded decoded : batch) {
      boolean did;
      if (decoded instanceof RecordDecoder.Upsert upsert) {
        did =
            items.upsert(
                upsert.record(),
                upsert.record().at().plus(properties.retry().delay()),
                upsert.retryable() ? ItemState.PENDING : ItemState.MANUAL);
      } else {
        RecordDecoder.Resolve resolve = (RecordDecoder.Resolve) decoded;
        did = items.resolve(resolve.table(), resolve.keyJson(), resolve.at(), resolve.detail());
      }
      changed += did ? 1 : 0;
    }
    return changed;
  }
}
