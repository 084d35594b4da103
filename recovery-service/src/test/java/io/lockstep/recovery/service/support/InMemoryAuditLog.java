package io.lockstep.recovery.service.support;

import io.lockstep.recovery.service.audit.AuditEntry;
import io.lockstep.recovery.service.audit.AuditLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The audit log of API slices, kept in memory so tests can read it. */
public class InMemoryAuditLog implements AuditLog {

  private final List<AuditEntry> entries = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void record(AuditEntry entry) {
    entries.add(entry);
  }

  @Override
  public List<AuditEntry> recent(int limit) {
    synchronized (entries) {
      List<AuditEntry> copy = new ArrayList<>(entries);
      Collections.reverse(copy);
      return copy.subList(0, Math.min(limit, copy.size()));
    }
  }

  public void clear() {
    entries.clear();
  }

  public AuditEntry last() {
    synchronized (entries) {
      return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }
  }
}
