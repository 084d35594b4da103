package io.lockstep.runner.quickstart;

import io.lockstep.types.Engine;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The demo shop in one engine's SQL, types and value forms: its DDL ({@link DemoSchema}) and the
 * statements and bound values of its traffic ({@link DemoWorkload}). The same seed makes the same
 * changes on every engine. Each engine's form is a class of its own ({@link PostgresDemo}, {@link
 * MariaDbDemo}), chosen in {@link #of}.
 */
interface DemoDialect {

  /** The demo's form on {@code engine}: the one place the quickstart chooses it. */
  static DemoDialect of(Engine engine) {
    return switch (engine) {
      case POSTGRES -> new PostgresDemo();
      case MARIADB -> new MariaDbDemo();
    };
  }

  /** The statements that create the shop's schema and tables, each run with one execute. */
  List<String> ddl();

  /**
   * Whether {@code quickstart --chaos} runs with this engine on both sides: its faults and the
   * target constraint ({@link ChaosSchedule}) are written for it.
   */
  boolean runsChaos();

  /**
   * {@code INSERT INTO shop.customers (id, name, email, tier, balance, vip, created_at, profile)}.
   */
  String insertCustomerSql();

  /** {@code UPDATE shop.customers SET balance, tier, profile, name WHERE id}. */
  String updateCustomerSql();

  /**
   * {@code INSERT INTO shop.orders (id, customer_id, amount, status, placed_on, placed_at, tags,
   * note)}.
   */
  String insertOrderSql();

  /** {@code UPDATE shop.orders SET status, tags, amount WHERE id}. */
  String updateOrderSql();

  /**
   * {@code INSERT INTO shop.payments (id, order_id, amount, fx_rate, paid_at, receipt, settle_in,
   * details, attempts)}.
   */
  String insertPaymentSql();

  /** {@code UPDATE shop.payments SET fx_rate, paid_at WHERE id}. */
  String updatePaymentSql();

  /** The bound value of {@code customers.created_at}. */
  Object createdAt(OffsetDateTime value);

  /** The bound value of {@code orders.placed_at}. */
  Object placedAt(LocalDateTime value);

  /**
   * The text of {@code orders.tags}: 1 an empty list, 2 two tags, 3 three tags with a NULL and a
   * quote inside.
   */
  String tags(int variant);

  /** The text of {@code payments.attempts}, a list of two integers. */
  String intArray(int first, int second);

  /** The text of {@code payments.settle_in}, a duration of days and hours. */
  String interval(int days, int hours);

  /** The bound value of a UUID key. */
  Object uuid(UUID id);
}
