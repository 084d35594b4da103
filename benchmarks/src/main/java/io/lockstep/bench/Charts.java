package io.lockstep.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG charts (XChart, rendered headless). */
final class Charts {

  private Charts() {}

  /** Rows written per second over time, one line per writer. */
  static void throughput(Path file, String title, Map<String, List<TableProgress.Sample>> series)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(420)
            .title(title)
            .xAxisTitle("seconds since the writer was started")
            .yAxisTitle("rows written per second")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    for (Map.Entry<String, List<TableProgress.Sample>> writer : series.entrySet()) {
      List<TableProgress.Sample> samples = writer.getValue();
      if (samples.isEmpty()) {
        continue;
      }
      double[] x = samples.stream().mapToDouble(TableProgress.Sample::seconds).toArray();
      double[] y = samples.stream().mapToDouble(TableProgress.Sample::rowsWritten).toArray();
      chart.addSeries(writer.getKey(), x, y).setMarker(SeriesMarkers.NONE);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * Latency percentiles per rate, one line per writer and percentile, on a log scale.
   *
   * @param millis writer and percentile ("Lockstep p99") to one value per rate, in rate order
   */
  static void latency(Path file, List<String> rates, Map<String, List<Double>> millis)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(420)
            .title("Commit-to-applied latency by rate (log scale)")
            .xAxisTitle("changes per second")
            .yAxisTitle("milliseconds")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    double[] x = rates.stream().mapToDouble(Double::parseDouble).toArray();
    millis.forEach(
        (name, values) ->
            // A log axis cannot show zero: anything under 0.01 ms is drawn at 0.01 ms.
            chart.addSeries(
                name, x, values.stream().mapToDouble(v -> Math.max(v, 0.01)).toArray()));
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
