package io.lockstep.recovery.service.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ItemKeysTest {

  @Test
  void theSameKeyInAnyFieldOrderIsOneText() {
    assertThat(ItemKeys.canonical("{\"b\": 2, \"a\": \"x\"}"))
        .isEqualTo(ItemKeys.canonical("{\"a\":\"x\",\"b\":2}"))
        .isEqualTo("{\"a\":\"x\",\"b\":2}");
  }

  @Test
  void decimalsKeepTheirDigitsButNotTrailingZeros() {
    // Jackson's tree model drops trailing zeros; every other digit is kept.
    assertThat(ItemKeys.canonical("{\"amount\": 10.50}")).isEqualTo("{\"amount\":10.5}");
    assertThat(ItemKeys.canonical("{\"n\": 12345678901234567890.123456789}"))
        .isEqualTo("{\"n\":12345678901234567890.123456789}");
  }

  @Test
  void aKeyMustBeAnObject() {
    assertThatThrownBy(() -> ItemKeys.canonical("[1]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> ItemKeys.canonical("{nope")).hasMessageContaining("not JSON");
  }
}
