package io.lockstep.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.lockstep.event.TableId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

class PipelineTopicsTest {

  @Test
  void plainNamesKeepTheTopicTheyAlwaysHad() {
    assertThat(PipelineTopics.changes("lockstep", new TableId("shop", "public", "orders")))
        .isEqualTo("lockstep.shop.public.orders");
    assertThat(PipelineTopics.changes("lockstep", new TableId("shop", "", "Order_Items_2")))
        .isEqualTo("lockstep.shop.Order_Items_2");
    assertThat(PipelineTopics.changes("my-prefix", new TableId("Shop", "Sales", "X_1")))
        .isEqualTo("my-prefix.Shop.Sales.X_1");
  }

  @Test
  void everyOtherCharacterIsADashAndTheHexOfItsUtf8Bytes() {
    assertThat(PipelineTopics.encodePart("Order Items")).isEqualTo("Order-20Items");
    assertThat(PipelineTopics.encodePart("a.b")).isEqualTo("a-2Eb");
    assertThat(PipelineTopics.encodePart("a-b")).isEqualTo("a-2Db");
    assertThat(PipelineTopics.encodePart("\"`$,:;'\\/")).isEqualTo("-22-60-24-2C-3A-3B-27-5C-2F");
    assertThat(PipelineTopics.encodePart("é")).isEqualTo("-C3-A9");
    assertThat(PipelineTopics.encodePart("日")).isEqualTo("-E6-97-A5");
    assertThat(PipelineTopics.encodePart("🙂")).isEqualTo("-F0-9F-99-82");
    assertThat(PipelineTopics.encodePart("\u0000\t")).isEqualTo("-00-09");
    assertThat(PipelineTopics.changes("lockstep", new TableId("shop", "Odd Schema", "Order Items")))
        .isEqualTo("lockstep.shop.Odd-20Schema.Order-20Items");
  }

  @Test
  void aNameTooLongForKafkaKeepsItsStartAndEndsInAHashOfTheWholeName() {
    String table = "t".repeat(60) + "é".repeat(60);
    String topic = PipelineTopics.changes("lockstep", new TableId("shop", "public", table));
    assertThat(topic).hasSizeLessThanOrEqualTo(PipelineTopics.MAX_TOPIC_LENGTH);
    assertThat(topic).startsWith("lockstep.shop.public." + "t".repeat(60) + "-C3-A9");
    assertThat(topic).matches(".*[^-]--[0-9A-F]{16}");
    assertThatCode(() -> Topic.validate(topic)).doesNotThrowAnyException();
    assertThat(PipelineTopics.changeTopics("lockstep").matcher(topic).matches()).isTrue();
    // Names that differ only after the cut get topics of their own.
    String other = PipelineTopics.changes("lockstep", new TableId("shop", "public", table + "x"));
    assertThat(other).hasSameSizeAs(topic).isNotEqualTo(topic);
  }

  @Test
  void aCutNeverSplitsAnEscape() {
    for (int plain = 200; plain < 240; plain++) {
      String topic =
          PipelineTopics.changes("p", new TableId("d", "s", "x".repeat(plain) + "ü".repeat(20)));
      String kept = topic.substring(0, topic.indexOf(PipelineTopics.SHORTENED));
      assertThat(kept).as("kept part of %s", topic).matches("p\\.d\\.s\\.x*(-[0-9A-F]{2})*");
    }
  }

  @Test
  void differentTablesNeverShareATopicAndKafkaAcceptsEveryOne() {
    Random random = new Random(17);
    String alphabet = "aZ_0. -\"`$é日🙂,:;\\'";
    Map<String, TableId> seen = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      TableId table =
          new TableId(
              "db", name(random, alphabet, 4), name(random, alphabet, 1 + random.nextInt(120)));
      String topic = PipelineTopics.changes("lockstep", table);
      TableId before = seen.putIfAbsent(topic, table);
      assertThat(before == null || before.equals(table))
          .as("%s and %s share %s", before, table, topic)
          .isTrue();
      assertThatCode(() -> Topic.validate(topic)).as(topic).doesNotThrowAnyException();
      assertThat(PipelineTopics.changeTopics("lockstep").matcher(topic).matches())
          .as(topic)
          .isTrue();
    }
  }

  @Test
  void theChangeTopicPatternTakesNoneOfThePipelinesOwnTopics() {
    var pattern = PipelineTopics.changeTopics("lockstep");
    for (String own :
        List.of(
            PipelineTopics.failedRows("lockstep"),
            PipelineTopics.discrepancies("lockstep"),
            PipelineTopics.epochs("lockstep"),
            "other.shop.public.orders",
            "lockstep2.shop.public.orders")) {
      assertThat(pattern.matcher(own).matches()).as(own).isFalse();
    }
    assertThat(pattern.matcher("lockstep.shop.orders").matches()).isTrue();
    assertThat(pattern.matcher("lockstep.shop.Odd-20Schema.Order-20Items").matches()).isTrue();
  }

  private static String name(Random random, String alphabet, int length) {
    int[] points = alphabet.codePoints().toArray();
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < length; i++) {
      name.appendCodePoint(points[random.nextInt(points.length)]);
    }
    return name.toString();
  }
}
