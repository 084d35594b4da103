package io.lockstep.recovery.service.audit;

import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit log in {@code lockstep_recovery.audit_log}. */
@Repository
public class JdbcAuditLog implements AuditLog {

  private final JdbcClient jdbc;

  public JdbcAuditLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void record(AuditEntry entry) {
    jdbc.sql(
            """
            INSERT INTO lockstep_recovery.audit_log (at, actor, action, target, parameters,
              status, result)
            VALUES (:at, :actor, :action, :target, :parameters, :status, :result)
            """)
        .param("at", Timestamp.from(entry.at()))
        .param("actor", entry.actor())
        .param("action", entry.action())
        .param("target", entry.target())
        .param("parameters", entry.parameters())
        .param("status", entry.status())
        .param("result", entry.result())
        .update();
  }

  @Override
  public List<AuditEntry> recent(int limit) {
    return jdbc.sql(
            """
            SELECT at, actor, action, target, parameters, status, result
            FROM lockstep_recovery.audit_log ORDER BY id DESC LIMIT :limit
            """)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new AuditEntry(
                    rs.getTimestamp(1).toInstant(),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getInt(6),
                    rs.getString(7)))
        .list();
  }
}
