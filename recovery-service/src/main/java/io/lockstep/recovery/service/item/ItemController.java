package io.lockstep.recovery.service.item;

import io.lockstep.recovery.service.web.InvalidRequestException;
import io.lockstep.recovery.service.web.NotFoundException;
import io.lockstep.recovery.service.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Failed rows and discrepancies: list, look at one (retry now: {@code retry.RetryController}). */
@RestController
@RequestMapping("/api/v1")
class ItemController {

  private final ItemRepository items;
  private final RequestChecks checks;

  ItemController(ItemRepository items, RequestChecks checks) {
    this.items = items;
    this.checks = checks;
  }

  @Operation(
      summary =
          "Items of both kinds: failed rows and discrepancies, newest first, as summaries (GET"
              + " /items/{id} has the record)")
  @GetMapping("/items")
  ItemViews.Page<ItemViews.Summary> items(
      @RequestParam(required = false) String table,
      @RequestParam(required = false) ItemState state,
      @RequestParam(required = false) List<ItemKind> kind,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          Instant since,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    return list(table, state, kind, since, page, size, EnumSet.allOf(ItemKind.class));
  }

  @Operation(summary = "Rows the apply job dead-lettered (kinds REJECTED, PARKED, UNDECODABLE)")
  @GetMapping("/failed-rows")
  ItemViews.Page<ItemViews.Summary> failedRows(
      @RequestParam(required = false) String table,
      @RequestParam(required = false) ItemState state,
      @RequestParam(required = false) List<ItemKind> kind,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          Instant since,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Set<ItemKind> failed =
        Arrays.stream(ItemKind.values()).filter(ItemKind::failedRow).collect(toEnumSet());
    return list(table, state, kind, since, page, size, failed);
  }

  @Operation(summary = "Differences the verifier confirmed (kinds MISSING, UNEXPECTED, DIFFERENT)")
  @GetMapping("/discrepancies")
  ItemViews.Page<ItemViews.Summary> discrepancies(
      @RequestParam(required = false) String table,
      @RequestParam(required = false) ItemState state,
      @RequestParam(required = false) List<ItemKind> kind,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          Instant since,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Set<ItemKind> found =
        Arrays.stream(ItemKind.values()).filter(k -> !k.failedRow()).collect(toEnumSet());
    return list(table, state, kind, since, page, size, found);
  }

  @Operation(summary = "One item, with its newest record and its attempts")
  @GetMapping("/items/{id}")
  ItemViews.Detail item(@PathVariable long id) {
    Item item = items.find(id).orElseThrow(() -> new NotFoundException("No item " + id));
    return ItemViews.Detail.of(item, items.attempts(id));
  }

  private ItemViews.Page<ItemViews.Summary> list(
      String table,
      ItemState state,
      List<ItemKind> kinds,
      Instant since,
      int page,
      int size,
      Set<ItemKind> allowed) {
    RequestChecks.page(page, size);
    String tableName = table == null ? null : checks.table(table).name();
    Set<ItemKind> wanted = kinds == null || kinds.isEmpty() ? allowed : EnumSet.copyOf(kinds);
    if (!allowed.containsAll(wanted)) {
      throw new InvalidRequestException("'kind' must be one of " + allowed + " here");
    }
    ItemPage found = items.page(new ItemFilter(tableName, state, wanted, since), page, size);
    return new ItemViews.Page<>(
        found.items().stream().map(ItemViews.Summary::of).toList(),
        found.page(),
        found.size(),
        found.total());
  }

  private static java.util.stream.Collector<ItemKind, ?, Set<ItemKind>> toEnumSet() {
    return Collectors.toCollection(() -> EnumSet.noneOf(ItemKind.class));
  }
}
