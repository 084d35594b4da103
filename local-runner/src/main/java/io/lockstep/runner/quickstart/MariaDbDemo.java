package io.lockstep.runner.quickstart;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The demo shop on MariaDB/MySQL, in the types a MariaDB schema would use: UUIDs as char(36), JSON
 * documents and arrays as JSON, the interval as ISO-8601 text.
 */
final class MariaDbDemo implements DemoDialect {

  private static final List<String> DDL =
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

  @Override
  public List<String> ddl() {
    return DDL;
  }

  @Override
  public boolean runsChaos() {
    return false;
  }

  @Override
  public String insertCustomerSql() {
    return "INSERT INTO shop.customers (id, name, email, tier, balance, vip, created_at, profile)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  }

  @Override
  public String updateCustomerSql() {
    return "UPDATE shop.customers SET balance = ?, tier = ?, profile = ?, name = ? WHERE id = ?";
  }

  @Override
  public String insertOrderSql() {
    return "INSERT INTO shop.orders (id, customer_id, amount, status, placed_on, placed_at, tags,"
        + " note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  }

  @Override
  public String updateOrderSql() {
    return "UPDATE shop.orders SET status = ?, tags = ?, amount = ? WHERE id = ?";
  }

  @Override
  public String insertPaymentSql() {
    return "INSERT INTO shop.payments (id, order_id, amount, fx_rate, paid_at, receipt, settle_in,"
        + " details, attempts) VALUES (?, ?, ?, ?, CAST(? AS time(6)), ?, ?, ?, ?)";
  }

  @Override
  public String updatePaymentSql() {
    return "UPDATE shop.payments SET fx_rate = ?, paid_at = CAST(? AS time(6)) WHERE id = ?";
  }

  @Override
  public Object createdAt(OffsetDateTime value) {
    return value.toLocalDateTime();
  }

  @Override
  public Object placedAt(LocalDateTime value) {
    return value;
  }

  /** The tags as a JSON array (MariaDB has no arrays). */
  @Override
  public String tags(int variant) {
    return switch (variant) {
      case 1 -> "[]";
      case 2 -> "[\"gift\",\"priority, high\"]";
      default -> "[\"bulk\",null,\"quote \\\" inside\"]";
    };
  }

  @Override
  public String intArray(int first, int second) {
    return "[" + first + "," + second + "]";
  }

  /** The ISO-8601 duration (MariaDB has no interval type). */
  @Override
  public String interval(int days, int hours) {
    return "P" + days + "DT" + hours + "H";
  }

  /** MariaDB stores a UUID as text. */
  @Override
  public Object uuid(UUID id) {
    return id.toString();
  }
}
