package io.lockstep.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One suite's figures: Lockstep's and its baseline's, measured in the same run, and the rows of its
 * detail table. {@code higherIsBetter} orients the ratio so that above 1 means Lockstep did better.
 *
 * @param details rows of the suite's detail table: a label, then Lockstep's and the baseline's
 *     figure
 * @param series for the throughput chart: rows written per second over time, per writer
 * @param latencyRates for the latency chart: the rates measured
 * @param latencyMillis for the latency chart: per writer and percentile, a value per rate
 */
record SuiteResult(
    String suite,
    String mode,
    String unit,
    double ours,
    String baselineName,
    double baseline,
    boolean higherIsBetter,
    List<List<String>> details,
    Map<String, List<TableProgress.Sample>> series,
    List<String> latencyRates,
    Map<String, List<Double>> latencyMillis) {

  /** A throughput suite: higher is better, with a chart of both writers' rates over time. */
  static SuiteResult throughput(
      String suite,
      String mode,
      String unit,
      double ours,
      String baselineName,
      double baseline,
      List<List<String>> details,
      Map<String, List<TableProgress.Sample>> series) {
    return new SuiteResult(
        suite,
        mode,
        unit,
        ours,
        baselineName,
        baseline,
        true,
        details,
        series,
        List.of(),
        Map.of());
  }

  double ratio() {
    if (ours == 0 || baseline == 0) {
      return 0;
    }
    return higherIsBetter ? ours / baseline : baseline / ours;
  }

  /** {@code suite=<name> ours=<value><unit> baseline=<name>:<value><unit> ratio=<x>}. */
  String summaryLine() {
    return String.format(
        Locale.ROOT,
        "suite=%s ours=%s%s baseline=%s:%s%s ratio=%s",
        suite,
        figure(ours),
        unit,
        baselineName,
        figure(baseline),
        unit,
        ratioText());
  }

  /** Two decimals; two significant digits below 0.1, so that 0.0046 does not print as 0.00. */
  String ratioText() {
    double ratio = ratio();
    if (ratio == 0 || ratio >= 0.1) {
      return String.format(Locale.ROOT, "%.2f", ratio);
    }
    return new java.math.BigDecimal(ratio)
        .round(new java.math.MathContext(2))
        .stripTrailingZeros()
        .toPlainString();
  }

  static String figure(double value) {
    if (value >= 100 || value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
