package io.lockstep.runner.quickstart;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The demo shop on PostgreSQL: the common PostgreSQL types, arrays, JSON, an interval. */
final class PostgresDemo implements DemoDialect {

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

  @Override
  public List<String> ddl() {
    return List.of(DDL);
  }

  @Override
  public boolean runsChaos() {
    return true;
  }

  @Override
  public String insertCustomerSql() {
    return "INSERT INTO shop.customers (id, name, email, tier, balance, vip, created_at, profile)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))";
  }

  @Override
  public String updateCustomerSql() {
    return "UPDATE shop.customers SET balance = ?, tier = ?, profile = CAST(? AS jsonb),"
        + " name = ? WHERE id = ?";
  }

  @Override
  public String insertOrderSql() {
    return "INSERT INTO shop.orders (id, customer_id, amount, status, placed_on, placed_at, tags,"
        + " note) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS text[]), ?)";
  }

  @Override
  public String updateOrderSql() {
    return "UPDATE shop.orders SET status = ?, tags = CAST(? AS text[]), amount = ? WHERE id = ?";
  }

  @Override
  public String insertPaymentSql() {
    return "INSERT INTO shop.payments (id, order_id, amount, fx_rate, paid_at, receipt, settle_in,"
        + " details, attempts) VALUES (?, ?, ?, ?, CAST(? AS time), ?, CAST(? AS"
        + " interval), CAST(? AS json), CAST(? AS integer[]))";
  }

  @Override
  public String updatePaymentSql() {
    return "UPDATE shop.payments SET fx_rate = ?, paid_at = CAST(? AS time) WHERE id = ?";
  }

  @Override
  public Object createdAt(OffsetDateTime value) {
    return value;
  }

  @Override
  public Object placedAt(LocalDateTime value) {
    return Timestamp.valueOf(value);
  }

  /** A PostgreSQL {@code text[]} literal. */
  @Override
  public String tags(int variant) {
    return switch (variant) {
      case 1 -> "{}";
      case 2 -> "{\"gift\",\"priority, high\"}";
      default -> "{\"bulk\",NULL,\"quote \\\" inside\"}";
    };
  }

  @Override
  public String intArray(int first, int second) {
    return "{" + first + "," + second + "}";
  }

  /** PostgreSQL interval input. */
  @Override
  public String interval(int days, int hours) {
    return days + " days " + hours + " hours";
  }

  /** PostgreSQL binds a UUID. */
  @Override
  public Object uuid(UUID id) {
    return id;
  }
}
