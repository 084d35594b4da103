package io.lockstep.runner.quickstart;

import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The quickstart's tables: a small shop whose columns cover the common PostgreSQL types. */
public final class DemoSchema {

  public static final String SCHEMA = "shop";

  public static final List<String> TABLES = List.of("customers", "orders", "payments");

  private static final String DDL =
      """
      CREATE SCHEMA IF NOT EXISTS shop;
      CREATE TABLE IF NOT EXISTS shop.customers (
        id          bigint PRIMARY KEY,
        name        text NOT NULL,
        email       varchar(200),
        tier        smallint,
        balance     numeric(14,2),
        vip         boolean,
        created_at  timestamptz,
        profile     jsonb
      );
      CREATE TABLE IF NOT EXISTS shop.orders (
        id          uuid PRIMARY KEY,
        customer_id bigint NOT NULL,
        amount      numeric(12,2) NOT NULL,
        status      varchar(20) NOT NULL,
        placed_on   date,
        placed_at   timestamp(6),
        tags        text[],
        note        text
      );
      CREATE TABLE IF NOT EXISTS shop.payments (
        id          bigint PRIMARY KEY,
        order_id    uuid,
        amount      numeric(12,4),
        fx_rate     double precision,
        paid_at     time(6),
        receipt     bytea,
        settle_in   interval,
        details     json,
        attempts    integer[]
      );
      """;

  /**
   * The same shop on MariaDB/MySQL, in the types a MariaDB schema would use: UUIDs as char(36),
   * JSON documents and arrays as JSON, the interval as ISO-8601 text.
   */
  private static final List<String> MARIADB_DDL =
      List.of(
          "CREATE DATABASE IF NOT EXISTS shop",
          """
          CREATE TABLE IF NOT EXISTS shop.customers (
            id          bigint PRIMARY KEY,
            name        varchar(200) NOT NULL,
            email       varchar(200),
            tier        smallint,
            balance     decimal(14,2),
            vip         boolean,
            created_at  timestamp(6) NULL,
            profile     json
          )""",
          """
          CREATE TABLE IF NOT EXISTS shop.orders (
            id          char(36) PRIMARY KEY,
            customer_id bigint NOT NULL,
            amount      decimal(12,2) NOT NULL,
            status      varchar(20) NOT NULL,
            placed_on   date,
            placed_at   datetime(6),
            tags        json,
            note        text
          )""",
          """
          CREATE TABLE IF NOT EXISTS shop.payments (
            id          bigint PRIMARY KEY,
            order_id    char(36),
            amount      decimal(12,4),
            fx_rate     double,
            paid_at     time(6),
            receipt     blob,
            settle_in   varchar(64),
            details     json,
            attempts    json
          )""");

  private DemoSchema() {}

  /** Creates the shop on PostgreSQL. */
  public static void create(Connection connection) throws SQLException {
    create(connection, Engine.POSTGRES);
  }

  public static void create(Connection connection, Engine engine) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (engine == Engine.MARIADB) {
        for (String ddl : MARIADB_DDL) {
          statement.execute(ddl);
        }
      } else {
        statement.execute(DDL);
      }
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }
}
