package io.lockstep.recovery.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** A statement and its parameters in order: Longs bound as numbers, everything else as text. */
record BoundSql(String sql, List<Object> parameters) {

  BoundSql {
    parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
  }

  PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < parameters.size(); i++) {
        Object value = parameters.get(i);
        if (value == null) {
          statement.setNull(i + 1, Types.VARCHAR);
        } else if (value instanceof Long number) {
          statement.setLong(i + 1, number);
        } else {
          statement.setString(i + 1, value.toString());
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return sql + " " + parameters;
  }
}
