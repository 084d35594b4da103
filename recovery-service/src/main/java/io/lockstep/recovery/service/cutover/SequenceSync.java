package io.lockstep.recovery.service.cutover;

import io.lockstep.recovery.service.pipeline.KnownTable;
import java.util.List;

/**
 * Moves the target's sequences (PostgreSQL) and AUTO_INCREMENT counters (MariaDB/MySQL) to the
 * source's values plus a safety buffer, so that rows inserted on the target after cutover do not
 * collide with replicated ones. Never moves a counter backwards.
 */
public interface SequenceSync {

  List<SequencePlan> sync(List<KnownTable> tables, long buffer, boolean dryRun) throws Exception;
}
