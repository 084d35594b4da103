package io.lockstep.verify;

/**
 * Whether the apply job has committed past a change. {@link ApplyProgress} answers from the apply
 * job's consumer group; the seam lets the delayed check be tested without a broker.
 */
interface ApplyWatch extends AutoCloseable {

  boolean isPast(String topic, int partition, long offset, long now);

  @Override
  void close();
}
