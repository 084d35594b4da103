package io.lockstep.it.types;

import io.lockstep.types.Engine;
import java.util.List;

/**
 * A table whose schema, name and columns (its key column included) hold every kind of character an
 * identifier may: a space, a double quote, a backquote, a dot, {@code $}, mixed case and non-ASCII.
 * It rides along with the type matrix of its source engine, so every route replicates it through
 * the snapshot and the stream without a stack of its own. MariaDB names end in no space and are at
 * most 64 characters; PostgreSQL keeps the case of a quoted name.
 *
 * @param schema the schema (database on MariaDB) holding {@code table}
 * @param table the table
 * @param ddl statements creating the schema and the table
 * @param snapshotRows rows written before the pipeline starts
 * @param streamedChanges an insert, an update and a delete, written while the pipeline runs
 */
record OddIdentifiers(
    String schema,
    String table,
    List<String> ddl,
    List<String> snapshotRows,
    List<String> streamedChanges) {

  static final String SCHEMA = "Odd \"Schema\".$ü";
  static final String TABLE = "Order Items `ü` v2.$";
  static final String KEY = "Key \"Id\".$";
  static final String TEXT = "Mixed Case `Ñame`";
  static final String AMOUNT = "amount.€";

  static OddIdentifiers of(Engine engine) {
    String schema = engine.quote(SCHEMA);
    String table = schema + "." + engine.quote(TABLE);
    String key = engine.quote(KEY);
    String text = engine.quote(TEXT);
    String amount = engine.quote(AMOUNT);
    String columns = " (" + key + ", " + text + ", " + amount + ") VALUES ";
    return new OddIdentifiers(
        SCHEMA,
        TABLE,
        List.of(
            (engine.schemaIsDatabase() ? "CREATE DATABASE " : "CREATE SCHEMA ") + schema,
            "CREATE TABLE "
                + table
                + " ("
                + key
                + " int PRIMARY KEY, "
                + text
                + " varchar(100), "
                + amount
                + " decimal(10,2))"
                + (engine.schemaIsDatabase() ? " DEFAULT CHARSET=utf8mb4" : "")),
        List.of(
            "INSERT INTO " + table + columns + "(1, 'plain', 1.50)",
            "INSERT INTO " + table + columns + "(2, 'Zoë 🙂', NULL)",
            "INSERT INTO " + table + columns + "(3, NULL, -2.00)"),
        List.of(
            "INSERT INTO " + table + columns + "(4, 'streamed', 4.00)",
            "UPDATE "
                + table
                + " SET "
                + text
                + " = 'changed', "
                + amount
                + " = 9.99 WHERE "
                + key
                + " = 2",
            "DELETE FROM " + table + " WHERE " + key + " = 3"));
  }
}
