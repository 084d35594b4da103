package io.lockstep.recovery.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokensTest {

  private static final String ALICE = "alice-secret";
  private static final String BOB = "bob-secret";

  @Test
  void matchesATokenByItsHash() {
    ApiTokens tokens =
        ApiTokens.parse(
            " alice:operator:sha256:"
                + ApiTokens.hash(ALICE)
                + ", bob:VIEWER:sha256:"
                + ApiTokens.hash(BOB).toUpperCase());
    assertThat(tokens.match(ALICE)).get().extracting(ApiTokens.Entry::name).isEqualTo("alice");
    assertThat(tokens.match(BOB)).get().extracting(ApiTokens.Entry::role).isEqualTo(Role.VIEWER);
    assertThat(tokens.match("guess")).isEmpty();
    assertThat(tokens.match(ApiTokens.hash(ALICE))).as("the hash is not the token").isEmpty();
  }

  @Test
  void noTokensMatchNothing() {
    assertThat(ApiTokens.parse(null).match("x")).isEmpty();
    assertThat(ApiTokens.parse("  ").isEmpty()).isTrue();
  }

  @Test
  void aPlainTokenInsteadOfAHashIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> ApiTokens.parse("alice:operator:sha256:my-plain-secret"))
        .hasMessageContaining("lockstep.api.tokens (LOCKSTEP_API_TOKENS), entry 1")
        .hasMessageContaining("64 hex digits")
        .hasMessageNotContaining("my-plain-secret");
  }

  @Test
  void badEntriesNameTheirPositionAndTheRule() {
    String hash = ApiTokens.hash(ALICE);
    assertThatThrownBy(() -> ApiTokens.parse("a:admin:sha256:" + hash))
        .hasMessageContaining("entry 1: the role must be viewer or operator, but was 'admin'");
    assertThatThrownBy(
            () -> ApiTokens.parse("a:viewer:sha256:" + hash + ",a:viewer:sha256:" + hash))
        .hasMessageContaining("entry 2: the name 'a' is used twice");
    assertThatThrownBy(() -> ApiTokens.parse("a:viewer:md5:" + hash))
        .hasMessageContaining("the only hash is sha256");
    assertThatThrownBy(() -> ApiTokens.parse("a:viewer"))
        .hasMessageContaining("expected name:role:sha256:<64 hex digits>");
  }

  @Test
  void newTokensAreLongAndDifferent() {
    assertThat(ApiTokens.newToken())
        .hasSizeGreaterThanOrEqualTo(43)
        .isNotEqualTo(ApiTokens.newToken());
  }
}
