package io.lockstep.recovery.service.retry;

import io.lockstep.recovery.service.item.ItemRepository;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;

/**
 * An operator's "retry now": makes items due at once and starts a scheduler pass without waiting
 * for the next poll. The attempt itself goes through the scheduler, so it is taken, leased and
 * recorded like every other.
 */
@Service
public class RetryNow {

  private static final Logger LOG = LoggerFactory.getLogger(RetryNow.class);

  private final ItemRepository items;
  private final RetryScheduler scheduler;
  private final TaskExecutor executor;
  private final Clock clock = Clock.systemUTC();

  public RetryNow(
      ItemRepository items,
      RetryScheduler scheduler,
      @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
    this.items = items;
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /**
   * @return the ids made due; ids missing from the result do not exist or are being tried
   */
  public List<Long> request(Collection<Long> ids) {
    List<Long> due = items.makeDue(ids, clock.instant());
    if (!due.isEmpty()) {
      executor.execute(
          () -> {
            try {
              scheduler.runOnce();
            } catch (RuntimeException e) {
              LOG.warn("The retry pass an operator asked for failed: {}", e.toString());
            }
          });
    }
    return due;
  }
}
