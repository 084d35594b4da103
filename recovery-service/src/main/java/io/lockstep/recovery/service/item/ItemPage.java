package io.lockstep.recovery.service.item;

import java.util.List;

/** One page of a listing. */
public record ItemPage(List<ItemSummary> items, int page, int size, long total) {}
