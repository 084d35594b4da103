package io.lockstep.runner.quickstart;

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

  private DemoSchema() {}

  public static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(DDL);
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }
}
