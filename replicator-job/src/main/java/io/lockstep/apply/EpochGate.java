package io.lockstep.apply;

import io.lockstep.config.PipelineConfig;
import io.lockstep.contract.CaptureEpochs;
import io.lockstep.contract.PipelineTopics;
import io.lockstep.event.ChangeEvent;
import io.lockstep.event.SourcePosition;
import io.lockstep.retry.Backoff;
import io.lockstep.retry.Retrier;
import java.time.Duration;

/**
 * Lets a change into the apply job only if its epoch is one the target already is in, or one the
 * capture announced ({@link CaptureEpochs}): only the capture's own epoch record may raise the
 * target's epoch, which sweeps the rows of older epochs.
 *
 * <p>The capture writes the announcement before the first change of its epoch, but through Kafka
 * the two can become visible in either order, so the first change of an unknown epoch waits up to
 * {@link #ANNOUNCEMENT_WAIT} for it. For a minute after a refusal, unknown epochs are refused
 * without that wait, with at most one read of the topic per {@link #REREAD_INTERVAL}, so that a
 * flood of forged records cannot hold the stream. (A genuine epoch opened in that minute whose
 * announcement is late would have its first changes dead-lettered with their records, which the
 * operator then finds refused; the capture announces its epoch on every start and hourly, so
 * nothing else leaves a genuine epoch unannounced.)
 */
final class EpochGate {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EpochGate.class);

  static final Duration ANNOUNCEMENT_WAIT = Duration.ofSeconds(15);
  private static final Duration REREAD_INTERVAL = Duration.ofSeconds(5);
  private static final Duration QUIET_BEFORE_WAITING = Duration.ofMinutes(1);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  /** Reads the highest epoch the capture announced. */
  interface Announcements {
    long highest();
  }

  /** Reads the target's current epoch. */
  interface TargetEpoch {
    long current() throws InterruptedException;
  }

  private final Duration announcementWait;
  private final Announcements announcements;
  private final TargetEpoch target;
  private final String topic;
  private final Retrier announcementReads;
  private long known;
  private boolean targetRead;
  private long lastRead;
  private long lastRefusal;

  EpochGate(Announcements announcements, TargetEpoch target, String topic) {
    this(announcements, target, topic, ANNOUNCEMENT_WAIT);
  }

  EpochGate(
      Announcements announcements, TargetEpoch target, String topic, Duration announcementWait) {
    this.announcementWait = announcementWait;
    this.announcements = announcements;
    this.target = target;
    this.topic = topic;
    this.announcementReads =
        Retrier.unlimited(
            LOG,
            "Reading " + topic + " to check a change's capture epoch (the stream holds meanwhile)",
            Backoff.doubling(Duration.ofMillis(200), Duration.ofSeconds(30)));
    this.lastRead = System.nanoTime() - REREAD_INTERVAL.toNanos();
    this.lastRefusal = System.nanoTime() - QUIET_BEFORE_WAITING.toNanos();
  }

  static EpochGate of(PipelineConfig config, TargetWriter writer) {
    return new EpochGate(
        () -> CaptureEpochs.highestAnnounced(config, READ_TIMEOUT),
        writer::currentEpoch,
        PipelineTopics.epochs(config.topicPrefix()));
  }

  /**
   * The highest announced epoch, waiting out a topic that cannot be read (Kafka down, a missing
   * ACL): like a target that is down, it holds the stream rather than refuse genuine changes or
   * fail the task.
   */
  private long highestAnnounced() throws InterruptedException {
    return announcementReads.call(announcements::highest);
  }

  /** Null when {@code event}'s epoch may be applied, else why not. */
  String problem(ChangeEvent event) throws InterruptedException {
    long epoch = SourcePosition.epochOf(event.position());
    if (epoch <= known) {
      return null;
    }
    if (!targetRead) {
      known = Math.max(known, target.current());
      targetRead = true;
      if (epoch <= known) {
        return null;
      }
    }
    // No wait while records are being refused: a flood of forged epochs, each a different one,
    // must not cost the stream a wait each.
    boolean refusing = System.nanoTime() - lastRefusal < QUIET_BEFORE_WAITING.toNanos();
    long deadline = System.nanoTime() + (refusing ? 0 : announcementWait.toNanos());
    do {
      if (!refusing || System.nanoTime() - lastRead >= REREAD_INTERVAL.toNanos()) {
        known = Math.max(known, highestAnnounced());
        lastRead = System.nanoTime();
        if (epoch <= known) {
          return null;
        }
      }
      if (System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
    } while (System.nanoTime() < deadline);
    lastRefusal = System.nanoTime();
    return "the change claims capture epoch "
        + epoch
        + ", which the capture never announced (the target is in epoch "
        + Math.max(known, 0)
        + " and "
        + topic
        + " announces none higher); only the capture's own epoch record may raise the epoch";
  }
}
