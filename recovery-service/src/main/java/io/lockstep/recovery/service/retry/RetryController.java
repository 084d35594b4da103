package io.lockstep.recovery.service.retry;

import io.lockstep.recovery.service.item.Item;
import io.lockstep.recovery.service.item.ItemRepository;
import io.lockstep.recovery.service.web.InvalidRequestException;
import io.lockstep.recovery.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** "Retry now" of failed rows and discrepancies, by id. */
@RestController
@RequestMapping("/api/v1")
class RetryController {

  private static final int MAX_RETRY_IDS = 1000;

  private final ItemRepository items;
  private final RetryNow retryNow;

  RetryController(ItemRepository items, RetryNow retryNow) {
    this.items = items;
    this.retryNow = retryNow;
  }

  /**
   * What a retry request did.
   *
   * @param notRetryable items that name no row (undecodable or unstorable records): left alone
   */
  record RetryResult(
      List<Long> due, List<Long> notFound, List<Long> inProgress, List<Long> notRetryable) {}

  record RetryRequest(List<Long> ids) {}

  @Operation(
      summary = "Retry one item now; 409 for an item that names no row (undecodable or unstorable)")
  @PostMapping("/items/{id}/retry")
  @ResponseStatus(HttpStatus.ACCEPTED)
  RetryResult retryOne(@PathVariable long id) {
    Item item = items.find(id).orElseThrow(() -> new NotFoundException("No item " + id));
    if (!item.hasRow()) {
      throw new NotRetryableException(item);
    }
    RetryResult result = retry(List.of(id));
    if (!result.notFound().isEmpty()) {
      throw new NotFoundException("No item " + id);
    }
    return result;
  }

  @Operation(
      summary =
          "Retry items now, by id (at most 1000); items that name no row are listed in"
              + " notRetryable and left alone")
  @PostMapping("/items/retry")
  @ResponseStatus(HttpStatus.ACCEPTED)
  RetryResult retryMany(@RequestBody RetryRequest request) {
    if (request == null || request.ids() == null || request.ids().isEmpty()) {
      throw new InvalidRequestException("'ids' is required: the ids of the items to retry");
    }
    if (request.ids().size() > MAX_RETRY_IDS) {
      throw new InvalidRequestException(
          "'ids' may hold at most " + MAX_RETRY_IDS + " ids, but held " + request.ids().size());
    }
    return retry(request.ids());
  }

  private RetryResult retry(List<Long> requested) {
    Set<Long> ids = new LinkedHashSet<>(requested);
    List<Long> existing = items.existing(ids);
    List<Long> notRetryable = items.withoutRow(existing);
    List<Long> retryable = new ArrayList<>(existing);
    retryable.removeAll(notRetryable);
    List<Long> due = retryNow.request(retryable);
    List<Long> notFound = new ArrayList<>(ids);
    notFound.removeAll(existing);
    List<Long> inProgress = new ArrayList<>(retryable);
    inProgress.removeAll(due);
    return new RetryResult(due, notFound, inProgress, notRetryable);
  }
}
