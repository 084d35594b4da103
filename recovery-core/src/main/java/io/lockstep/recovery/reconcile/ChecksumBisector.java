package io.lockstep.recovery.reconcile;

import io.lockstep.discrepancy.Discrepancy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Compares a table by checksum bisection (docs/reconciliation.md): key ranges are hashed in both
 * databases at once, one grouped query per range and side returning many bucket checksums; buckets
 * that differ are split again, down to ranges of at most {@code leafRows} rows, whose rows are
 * fetched and compared in canonical form. Differing keys go to the repair in batches.
 *
 * <p>Longer than our usual 400 lines: the bisection is one loop whose parts (bucket queries on both
 * sides at once, splitting, leaf comparison, batching keys to the repair, progress and resume
 * state) share its state; split, they would pass that state around. The engine SQL it runs is not
 * here but in each engine's {@code ChecksumSql}.
 */
final class ChecksumBisector {

  private static final int LEAVES_PER_FETCH = 64;
  private static final int KEYS_PER_FETCH = 500;
  private static final long SAVE_EVERY_NANOS = 1_000_000_000L;
  private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

  /** What both sides answered to the same question. */
  record Both<T>(T source, T target) {}

  private final TablePair pair;
  private final SideQueries source;
  private final SideQueries target;
  private final ExecutorService executor;
  private final Throttle throttle;
  private final RowRepair repair;
  private final ReconcileListener listener;
  private final ReconcileCheckpoint checkpoint;
  private final ReconcileState initial;

  private final Deque<KeyRange> pending;
  private final Deque<List<String>> keys;
  private final List<Difference> differences;
  private final List<RepairOutcome> repairs;
  private final Set<List<String>> attempted = new HashSet<>();
  private final Set<List<String>> consistent = new HashSet<>();
  private final Set<List<String>> reported = new HashSet<>();
  private long rangesDone;
  private long rowsCompared;
  private long rowsAtStart;
  private Double density;
  private long started;
  private long lastSave;
  private long lastProgress;

  ChecksumBisector(
      TablePair pair,
      SideQueries source,
      SideQueries target,
      ExecutorService executor,
      RowRepair repair,
      ReconcileListener listener,
      ReconcileCheckpoint checkpoint,
      ReconcileState state) {
    this.pair = pair;
    this.source = source;
    this.target = target;
    this.executor = executor;
    this.throttle = new Throttle(state.rowsPerSecond());
    this.repair = state.repair() ? repair : null;
    this.listener = listener;
    this.checkpoint = checkpoint;
    this.initial = state;
    this.pending = new ArrayDeque<>(state.pending());
    this.keys = new ArrayDeque<>(state.keys());
    this.differences = new ArrayList<>(state.differences());
    this.repairs = new ArrayList<>(state.repairs());
    this.rangesDone = state.rangesDone();
    this.rowsCompared = state.rowsCompared();
    for (RepairOutcome outcome : repairs) {
      List<String> key = EventKeys.canonical(pair.keys, outcome.key());
      attempted.add(key);
      if (outcome.consistent()) {
        consistent.add(key);
      }
    }
    differences.forEach(d -> reported.add(d.keyText()));
  }

  ReconcileState run() throws SQLException, InterruptedException {
    started = System.nanoTime();
    rowsAtStart = rowsCompared;
    lastSave = started - SAVE_EVERY_NANOS; // the first unit of work is saved at once
    lastProgress = started - PROGRESS_EVERY_NANOS;
    while (!keys.isEmpty()) {
      List<List<String>> batch = new ArrayList<>();
      while (!keys.isEmpty() && batch.size() < KEYS_PER_FETCH) {
        batch.add(keys.pollFirst());
      }
      compareKeys(batch);
      repairFound(false);
      unitDone();
    }
    while (!pending.isEmpty()) {
      if (Thread.interrupted()) {
        throw new InterruptedException("reconciliation of " + pair.name() + " interrupted");
      }
      KeyRange next = pending.pollFirst();
      if (next.measured() && next.rows() <= initial.leafRows()) {
        List<KeyRange> leaves = new ArrayList<>(List.of(next));
        long rows = next.rows();
        while (leaves.size() < LEAVES_PER_FETCH
            && pending.peekFirst() != null
            && pending.peekFirst().measured()
            && pending.peekFirst().rows() <= initial.leafRows()
            && rows + pending.peekFirst().rows()
                <= (long) initial.leafRows() * LEAVES_PER_FETCH / 4) {
          KeyRange leaf = pending.pollFirst();
          rows += leaf.rows();
          leaves.add(leaf);
        }
        compareLeaves(leaves);
        rangesDone += leaves.size();
      } else {
        List<KeyRange> children = expand(next);
        for (int i = children.size() - 1; i >= 0; i--) {
          pending.addFirst(children.get(i));
        }
        rangesDone++;
      }
      repairFound(false);
      unitDone();
    }
    crossMatch();
    repairFound(true);
    for (Difference d : differences) {
      if (reported.add(d.keyText())) {
        listener.onDifference(d);
      }
    }
    ReconcileState done = state(true);
    checkpoint.save(done);
    listener.onProgress(progress());
    return done;
  }

  // ---- splitting ----

  private List<KeyRange> expand(KeyRange range) throws SQLException, InterruptedException {
    return pair.integerKey ? expandInteger(range) : expandGeneric(range);
  }

  private List<KeyRange> expandInteger(KeyRange range) throws SQLException, InterruptedException {
    long lower;
    long upper;
    int buckets;
    if (range.measured() && range.lower() != null && range.upper() != null) {
      lower = Long.parseLong(range.lower().get(0));
      upper = Long.parseLong(range.upper().get(0));
      buckets =
          IntegerRanges.buckets(range.rows(), initial.leafRows(), initial.bucketsPerQuery(), 2);
    } else {
      Both<long[]> bounds = both(() -> source.bounds(range), () -> target.bounds(range));
      long[] span = IntegerRanges.union(bounds.source(), bounds.target());
      if (span == null) {
        return List.of();
      }
      lower = span[0];
      upper = IntegerRanges.exclusive(span[1], pair.name());
      long estimated = IntegerRanges.estimate(upper - lower, density());
      long perQuery = throttle.rowsPerQuery((long) initial.leafRows() * initial.bucketsPerQuery());
      if (estimated > perQuery) {
        return IntegerRanges.chunks(lower, upper, (estimated + perQuery - 1) / perQuery);
      }
      buckets = IntegerRanges.buckets(estimated, initial.leafRows(), initial.bucketsPerQuery(), 1);
    }
    long width = IntegerRanges.width(lower, upper, buckets);
    KeyRange scanned =
        KeyRange.between(List.of(Long.toString(lower)), List.of(Long.toString(upper)));
    Both<Map<Long, RangeChecksum>> sums =
        both(
            () -> source.checksums(source.sql().integerBuckets(scanned, lower, width)),
            () -> target.checksums(target.sql().integerBuckets(scanned, lower, width)));
    List<KeyRange> differing = new ArrayList<>();
    for (long bucket : buckets(sums)) {
      long from = lower + bucket * width;
      long to = Math.min(upper, from + width);
      differ(sums, bucket, List.of(Long.toString(from)), List.of(Long.toString(to)), differing);
    }
    pace(sums);
    return differing;
  }

  private List<KeyRange> expandGeneric(KeyRange range) throws SQLException, InterruptedException {
    KeyRange measured = range;
    if (!range.measured()) {
      Both<Long> counts =
          both(
              () -> source.number(source.sql().count(range)),
              () -> target.number(target.sql().count(range)));
      measured = new KeyRange(range.lower(), range.upper(), counts.source(), counts.target());
      throttle.pace(measured.rows());
      if (measured.rows() == 0 || measured.rows() <= initial.leafRows()) {
        return measured.rows() == 0 ? List.of() : List.of(measured);
      }
    }
    boolean fromSource = measured.sourceRows() >= measured.targetRows();
    SideQueries sampled = fromSource ? source : target;
    long sideRows = fromSource ? measured.sourceRows() : measured.targetRows();
    int maxBuckets = Math.max(2, initial.bucketsPerQuery() / pair.keys.size());
    int buckets = IntegerRanges.buckets(measured.rows(), initial.leafRows(), maxBuckets, 2);
    long step = Math.max(1, (sideRows + buckets - 1) / buckets);
    List<List<String>> boundaries = sampled.keys(sampled.sql().sample(measured, step), pair.keys);
    throttle.pace(sideRows);
    if (boundaries.isEmpty()) {
      compareLeaves(List.of(measured));
      return List.of();
    }
    KeyRange scanned = measured;
    Both<Map<Long, RangeChecksum>> sums =
        both(
            () -> source.checksums(source.sql().genericBuckets(scanned, boundaries)),
            () -> target.checksums(target.sql().genericBuckets(scanned, boundaries)));
    List<KeyRange> differing = new ArrayList<>();
    for (long bucket : buckets(sums)) {
      int i = (int) bucket;
      List<String> from = i == 0 ? measured.lower() : boundaries.get(i - 1);
      List<String> to = i == boundaries.size() ? measured.upper() : boundaries.get(i);
      differ(sums, bucket, from, to, differing);
    }
    pace(sums);
    for (KeyRange child : differing) {
      if (child.rows() >= measured.rows()) {
        // The two sides order these keys differently (collations): splitting makes no progress,
        // so the range is compared row by row.
        differing.remove(child);
        compareLeaves(List.of(child));
        break;
      }
    }
    return differing;
  }

  private static Set<Long> buckets(Both<Map<Long, RangeChecksum>> sums) {
    Set<Long> buckets = new TreeSet<>(sums.source().keySet());
    buckets.addAll(sums.target().keySet());
    return buckets;
  }

  private void differ(
      Both<Map<Long, RangeChecksum>> sums,
      long bucket,
      List<String> from,
      List<String> to,
      List<KeyRange> differing) {
    RangeChecksum s = sums.source().getOrDefault(bucket, RangeChecksum.EMPTY);
    RangeChecksum t = sums.target().getOrDefault(bucket, RangeChecksum.EMPTY);
    if (s.equals(t)) {
      rowsCompared += s.rows();
    } else {
      differing.add(new KeyRange(from, to, s.rows(), t.rows()));
    }
  }

  private void pace(Both<Map<Long, RangeChecksum>> sums) throws InterruptedException {
    long s = sums.source().values().stream().mapToLong(RangeChecksum::rows).sum();
    long t = sums.target().values().stream().mapToLong(RangeChecksum::rows).sum();
    throttle.pace(Math.max(s, t));
  }

  /** Rows per key value of the table, from the catalog's estimate; 1 when it has none. */
  private double density() throws SQLException, InterruptedException {
    if (density == null) {
      String[] src = {pair.source.id().schema(), pair.source.id().table()};
      String[] tgt = {pair.target.id().schema(), pair.target.id().table()};
      Both<Long> estimates =
          both(
              () -> source.number(source.sql().estimate(src[0], src[1])),
              () -> target.number(target.sql().estimate(tgt[0], tgt[1])));
      Both<long[]> bounds =
          both(() -> source.bounds(KeyRange.all()), () -> target.bounds(KeyRange.all()));
      density =
          IntegerRanges.density(
              Math.max(nonNull(estimates.source()), nonNull(estimates.target())),
              IntegerRanges.union(bounds.source(), bounds.target()));
    }
    return density;
  }

  private static long nonNull(Long value) {
    return value == null ? 0 : value;
  }

  // ---- rows ----

  private void compareLeaves(List<KeyRange> leaves) throws SQLException, InterruptedException {
    Both<Map<List<String>, List<String>>> rows =
        both(
            () -> source.rows(source.sql().fetch(leaves)),
            () -> target.rows(target.sql().fetch(leaves)));
    compared(rows, !pair.integerKey);
  }

  private void compareKeys(List<List<String>> batch) throws SQLException, InterruptedException {
    Both<Map<List<String>, List<String>>> rows =
        both(
            () -> source.rows(source.sql().fetchKeys(batch)),
            () -> target.rows(target.sql().fetchKeys(batch)));
    compared(rows, false);
  }

  /**
   * Records what two fetches found. With other than integer keys, a row missing from one range and
   * unexpected in another may be one row the two sides order differently; such findings wait for
   * {@link #crossMatch()} before they are reported or repaired.
   */
  private void compared(Both<Map<List<String>, List<String>>> rows, boolean provisional)
      throws InterruptedException {
    rowsCompared += rows.source().size();
    for (LeafComparison.Found found :
        LeafComparison.compare(pair.compared, rows.source(), rows.target())) {
      Difference difference =
          new Difference(
              pair.name(),
              EventKeys.typed(pair.keys, found.key()),
              found.key(),
              found.kind(),
              found.columns());
      differences.add(difference);
      if (!provisional || found.kind() == Discrepancy.Kind.DIFFERENT) {
        reported.add(found.key());
        listener.onDifference(difference);
      }
    }
    throttle.pace(Math.max(rows.source().size(), rows.target().size()));
  }

  /** Rows found missing in one range and unexpected in another are fetched again by key. */
  private void crossMatch() throws SQLException, InterruptedException {
    Map<List<String>, Integer> kinds = new LinkedHashMap<>();
    for (Difference d : differences) {
      if (d.kind() != Discrepancy.Kind.DIFFERENT) {
        kinds.merge(d.keyText(), 1, Integer::sum);
      }
    }
    List<List<String>> both =
        kinds.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    if (both.isEmpty()) {
      return;
    }
    Set<List<String>> again = new HashSet<>(both);
    differences.removeIf(d -> again.contains(d.keyText()));
    rowsCompared -= both.size(); // counted once on each side's range
    for (int i = 0; i < both.size(); i += KEYS_PER_FETCH) {
      compareKeys(both.subList(i, Math.min(both.size(), i + KEYS_PER_FETCH)));
    }
  }

  private void repairFound(boolean end) throws SQLException {
    if (repair == null) {
      return;
    }
    List<Difference> due = new ArrayList<>();
    for (Difference d : differences) {
      if (!attempted.contains(d.keyText())
          && (end || pair.integerKey || d.kind() == Discrepancy.Kind.DIFFERENT)) {
        due.add(d);
      }
    }
    for (int i = 0; i < due.size(); i += initial.repairBatch()) {
      List<Difference> batch = due.subList(i, Math.min(due.size(), i + initial.repairBatch()));
      List<RepairOutcome> outcomes =
          repair.repair(
              pair.source.id().qualifiedName(), batch.stream().map(Difference::key).toList());
      batch.forEach(d -> attempted.add(d.keyText()));
      for (RepairOutcome outcome : outcomes) {
        repairs.add(outcome);
        if (outcome.consistent()) {
          consistent.add(EventKeys.canonical(pair.keys, outcome.key()));
        }
        listener.onRepair(outcome);
      }
    }
  }

  /** The differences that remain: all in a dry run, else those not repaired to consistency. */
  List<Difference> unresolved() {
    return repair == null
        ? List.copyOf(differences)
        : differences.stream().filter(d -> !consistent.contains(d.keyText())).toList();
  }

  // ---- progress and checkpoints ----

  private void unitDone() {
    long now = System.nanoTime();
    if (now - lastSave >= SAVE_EVERY_NANOS) {
      lastSave = now;
      checkpoint.save(state(false));
    }
    if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
      lastProgress = now;
      listener.onProgress(progress());
    }
  }

  ReconcileProgress progress() {
    return new ReconcileProgress(
        pair.name(),
        rangesDone,
        rangesDone + pending.size() + (keys.size() + KEYS_PER_FETCH - 1) / KEYS_PER_FETCH,
        rowsCompared,
        differences.size(),
        Duration.ofNanos(System.nanoTime() - started),
        rowsCompared - rowsAtStart);
  }

  private ReconcileState state(boolean complete) {
    return new ReconcileState(
        initial.table(),
        initial.wholeTable(),
        initial.repair(),
        initial.rowsPerSecond(),
        initial.columns(),
        initial.leafRows(),
        initial.bucketsPerQuery(),
        initial.repairBatch(),
        List.copyOf(keys),
        List.copyOf(pending),
        differences,
        repairs,
        rangesDone,
        rowsCompared,
        complete);
  }

  // ---- both sides at once ----

  private <T> Both<T> both(Callable<T> onSource, Callable<T> onTarget)
      throws SQLException, InterruptedException {
    Future<T> fromTarget = executor.submit(onTarget);
    T fromSource;
    try {
      fromSource = onSource.call();
    } catch (Exception e) {
      fromTarget.cancel(true);
      throw rethrow(e);
    }
    try {
      return new Both<>(fromSource, fromTarget.get());
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      fromTarget.cancel(true);
      throw e;
    }
  }

  private static SQLException rethrow(Throwable e) throws InterruptedException {
    if (e instanceof SQLException sql) {
      return sql;
    }
    if (e instanceof InterruptedException interrupted) {
      throw interrupted;
    }
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (e instanceof Error error) {
      throw error;
    }
    return new SQLException(e.getMessage(), e);
  }
}
