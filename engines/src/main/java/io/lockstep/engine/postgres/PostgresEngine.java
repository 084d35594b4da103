package io.lockstep.engine.postgres;

import io.lockstep.engine.CatalogDialect;
import io.lockstep.engine.ChecksumSql;
import io.lockstep.engine.ConnectionDialect;
import io.lockstep.engine.DatabaseEngine;
import io.lockstep.engine.DefaultSyntax;
import io.lockstep.engine.SchemaDdl;
import io.lockstep.engine.Sequences;
import io.lockstep.engine.SourceChecks;
import io.lockstep.engine.SourceRowDialect;
import io.lockstep.engine.TargetDialect;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.SourcePosition;
import io.lockstep.types.Engine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** PostgreSQL: everything Lockstep does differently on this engine is reached from here. */
public final class PostgresEngine implements DatabaseEngine {

  private static final CatalogDialect CATALOG = new PostgresCatalog();
  private static final SourceRowDialect SOURCE_ROWS = new PostgresEventValues();
  private static final DefaultSyntax DEFAULTS = new PostgresDefaults();
  private static final ConnectionDialect CONNECTIONS = new PostgresConnections();
  private static final SourceChecks SOURCE_CHECKS = new PostgresSourceChecks();
  private static final ChecksumSql CHECKSUM_SQL = new PostgresChecksumSql();
  private static final Sequences SEQUENCES = new PostgresSequences();
  private static final SchemaDdl SCHEMA_DDL = new PostgresSchemaDdl();

  @Override
  public Engine id() {
    return Engine.POSTGRES;
  }

  @Override
  public TargetDialect dialect() {
    return new PostgresDialect();
  }

  @Override
  public String targetType(ColumnSchema source) {
    return PostgresTargetTypes.type(source);
  }

  @Override
  public Optional<String> valueProblem(ColumnSchema source, Object value) {
    return PostgresTargetLimits.problem(source, value);
  }

  @Override
  public Object readComparable(ResultSet rs, int index) throws SQLException {
    return PostgresComparableValues.read(rs, index);
  }

  @Override
  public String textExpression(String quoted) {
    return quoted + "::text";
  }

  @Override
  public int tableReadFetchSize() {
    return 5_000;
  }

  @Override
  public CatalogDialect catalog() {
    return CATALOG;
  }

  @Override
  public SourceRowDialect sourceRows() {
    return SOURCE_ROWS;
  }

  @Override
  public DefaultSyntax defaults() {
    return DEFAULTS;
  }

  @Override
  public ConnectionDialect connections() {
    return CONNECTIONS;
  }

  @Override
  public SourceChecks sourceChecks() {
    return SOURCE_CHECKS;
  }

  @Override
  public SchemaDdl schemaDdl() {
    return SCHEMA_DDL;
  }

  @Override
  public ChecksumSql checksumSql() {
    return CHECKSUM_SQL;
  }

  @Override
  public Sequences sequences() {
    return SEQUENCES;
  }

  @Override
  public String snapshotPosition(long epoch) {
    return SourcePosition.snapshot(epoch);
  }
}
