package io.lockstep.capture;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands the single change-stream split to reader 0, and takes it back (with the offset of the last
 * completed checkpoint) when that reader fails.
 */
final class DebeziumSplitEnumerator implements SplitEnumerator<DebeziumSplit, List<DebeziumSplit>> {

  private final SplitEnumeratorContext<DebeziumSplit> context;
  private final List<DebeziumSplit> unassigned;

  DebeziumSplitEnumerator(
      SplitEnumeratorContext<DebeziumSplit> context, List<DebeziumSplit> unassigned) {
    this.context = context;
    this.unassigned = new ArrayList<>(unassigned);
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {}

  @Override
  public void addSplitsBack(List<DebeziumSplit> splits, int subtaskId) {
    unassigned.addAll(splits);
    assignIfPossible();
  }

  @Override
  public void addReader(int subtaskId) {
    assignIfPossible();
  }

  private void assignIfPossible() {
    if (!unassigned.isEmpty() && context.registeredReaders().containsKey(0)) {
      context.assignSplit(unassigned.remove(0), 0);
    }
  }

  @Override
  public List<DebeziumSplit> snapshotState(long checkpointId) {
    return List.copyOf(unassigned);
  }

  @Override
  public void close() {}
}
