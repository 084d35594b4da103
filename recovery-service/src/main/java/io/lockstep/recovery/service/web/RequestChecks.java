package io.lockstep.recovery.service.web;

import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.pipeline.KnownTables;
import org.springframework.stereotype.Component;

/**
 * Checks what callers name against the pipeline configuration before anything is done with it:
 * tables must be replicated tables, pages must be bounded (row keys: {@code
 * reconcile.RowKeyChecks}). Nothing a caller sends ever becomes SQL text.
 */
@Component
public class RequestChecks {

  static final int MAX_PAGE_SIZE = 500;

  private final KnownTables tables;

  public RequestChecks(KnownTables tables) {
    this.tables = tables;
  }

  public KnownTable table(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidRequestException(
          "'table' is required: name a replicated table as schema.table. Known tables: "
              + String.join(", ", tables.names()));
    }
    return tables.require(name.trim());
  }

  public static void page(int page, int size) {
    if (page < 0) {
      throw new InvalidRequestException("'page' must be 0 or more, but was " + page);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new InvalidRequestException(
          "'size' must be 1 to " + MAX_PAGE_SIZE + ", but was " + size);
    }
  }
}
