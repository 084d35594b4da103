package io.lockstep.engine.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class MariaDbEventValuesTest {

  @Test
  void mariaDbTimesWithinADayAreLocalTimesOthersMySqlText() {
    assertThat(MariaDbEventValues.mysqlTime("12:34:56.000001"))
        .isEqualTo(LocalTime.of(12, 34, 56, 1_000));
    assertThat(MariaDbEventValues.mysqlTime("00:00:00.000000")).isEqualTo(LocalTime.MIDNIGHT);
    assertThat(MariaDbEventValues.mysqlTime("838:59:59.000000")).isEqualTo("838:59:59");
    assertThat(MariaDbEventValues.mysqlTime("-838:59:59")).isEqualTo("-838:59:59");
    assertThat(MariaDbEventValues.mysqlTime("100:00:00.5")).isEqualTo("100:00:00.500000");
    assertThat(MariaDbEventValues.mysqlTime("-00:00:01")).isEqualTo("-00:00:01");
    assertThatThrownBy(() -> MariaDbEventValues.mysqlTime("noon"))
        .hasMessageContaining("not a MariaDB/MySQL TIME");
  }

  @Test
  void mariaDbTimestampsAreTheStoredInstant() {
    assertThat(MariaDbEventValues.epochSeconds(new BigDecimal("2147483647.999999")))
        .isEqualTo(Instant.parse("2038-01-19T03:14:07.999999Z"));
    assertThat(MariaDbEventValues.epochSeconds(new BigDecimal("1")))
        .isEqualTo(Instant.ofEpochSecond(1));
  }

  @Test
  void mariaDbBitsArePaddedToTheDeclaredWidth() {
    assertThat(MariaDbEventValues.bits(new byte[] {1}, 16)).containsExactly(0, 1);
    assertThat(MariaDbEventValues.bits(new byte[] {(byte) 0xff}, 8)).containsExactly(0xff);
  }
}
