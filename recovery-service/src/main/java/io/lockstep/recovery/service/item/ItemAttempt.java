package io.lockstep.recovery.service.item;

import java.time.Instant;

/** One automatic or requested attempt at an item, and what it found. */
public record ItemAttempt(int attempt, Instant at, String outcome, String detail) {}
