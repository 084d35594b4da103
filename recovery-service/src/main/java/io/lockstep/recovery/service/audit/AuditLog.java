package io.lockstep.recovery.service.audit;

import java.util.List;

/** Where mutating calls are recorded. */
public interface AuditLog {

  void record(AuditEntry entry);

  /** The newest entries, newest first. */
  List<AuditEntry> recent(int limit);
}
