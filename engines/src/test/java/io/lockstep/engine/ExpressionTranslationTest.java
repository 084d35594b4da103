package io.lockstep.engine;

import static io.lockstep.types.Engine.MARIADB;
import static io.lockstep.types.Engine.POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.engine.ExpressionTranslation.Result;
import io.lockstep.types.Engine;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Check and generation expressions as each catalog prints them, on the other engine. */
class ExpressionTranslationTest {

  private static final Set<String> COLUMNS =
      Set.of("qty", "price", "k", "status", "Odd Col", "c", "a", "b", "doc", "created");

  private static String translated(Engine from, Engine to, String expression) {
    Result result = ExpressionTranslation.translate(from, to, expression, COLUMNS);
    assertThat(result).isInstanceOf(Result.Translated.class);
    return ((Result.Translated) result).sql();
  }

  private static String notTranslated(Engine from, Engine to, String expression) {
    Result result = ExpressionTranslation.translate(from, to, expression, COLUMNS);
    assertThat(result).isInstanceOf(Result.NotTranslated.class);
    return ((Result.NotTranslated) result).reason();
  }

  @Test
  void theSameEngineCopiesTheText() {
    assertThat(translated(POSTGRES, POSTGRES, "(lower(name) ~ '^a'::text)"))
        .isEqualTo("(lower(name) ~ '^a'::text)");
    assertThat(translated(MARIADB, MARIADB, "json_valid(`doc`)")).isEqualTo("json_valid(`doc`)");
  }

  @Test
  void postgresCastsTheOtherEngineMakesItselfAreDropped() {
    assertThat(translated(POSTGRES, MARIADB, "((qty)::numeric * price)"))
        .isEqualTo("((`qty`) * `price`)");
    assertThat(translated(POSTGRES, MARIADB, "(k >= 0)")).isEqualTo("(`k` >= 0)");
    assertThat(translated(POSTGRES, MARIADB, "((status)::text <> 'gone'::character varying)"))
        .isEqualTo("((`status`) <> 'gone')");
    assertThat(translated(POSTGRES, MARIADB, "(\"Odd Col\" IS NOT NULL AND lower(c) = 'x')"))
        .isEqualTo("(`Odd Col` IS NOT NULL AND lower(`c`) = 'x')");
  }

  @Test
  void mariaDbNamesAreQuotedForPostgres() {
    assertThat(translated(MARIADB, POSTGRES, "`qty` * `price`")).isEqualTo("\"qty\" * \"price\"");
    assertThat(translated(MARIADB, POSTGRES, "`k` between 0 and 100"))
        .isEqualTo("\"k\" BETWEEN 0 AND 100");
    assertThat(translated(MARIADB, POSTGRES, "`a` <> 'it''s'")).isEqualTo("\"a\" <> 'it''s'");
  }

  @Test
  void whatMeansSomethingElseOnTheOtherEngineIsNamed() {
    // pg's IN list as its catalog prints it
    assertThat(
            notTranslated(
                POSTGRES,
                MARIADB,
                "((status)::text = ANY ((ARRAY['a'::character varying])::text[]))"))
        .contains("ANY");
    // integer division truncates on PostgreSQL, not on MariaDB/MySQL
    assertThat(notTranslated(MARIADB, POSTGRES, "`a` / `b`")).contains("/");
    // || is OR on MariaDB, concatenation on PostgreSQL
    assertThat(notTranslated(MARIADB, POSTGRES, "`a` || `b`")).contains("|");
    assertThat(notTranslated(MARIADB, POSTGRES, "json_valid(`doc`)")).contains("json_valid()");
    assertThat(notTranslated(POSTGRES, MARIADB, "(created > now())")).contains("now()");
    assertThat(notTranslated(MARIADB, POSTGRES, "`a` <> 'x\\\\y'")).contains("backslash");
    assertThat(notTranslated(MARIADB, POSTGRES, "`k` div 2 = 1")).contains("the word div");
    assertThat(notTranslated(POSTGRES, MARIADB, "CASE WHEN (k > 0) THEN 1 ELSE 0 END"))
        .contains("CASE");
  }
}
