package dev.adjoint.demos.plot;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.BasicStroke;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss against iteration for several runs, on a logarithmic loss axis, saved as PNG. Values that
 * are not positive (a loss of exactly 0) or not finite are left out, since a log axis cannot show
 * them.
 *
 * <p>Not thread-safe: curves are added in place; build it on one thread.
 */
public final class LossCurvePlot {
  private final String title;
  private final String xTitle;
  private final String yTitle;
  private final Map<String, double[]> curves = new LinkedHashMap<>();

  private LossCurvePlot(String title, String xTitle, String yTitle) {
    this.title = title;
    this.xTitle = xTitle;
    this.yTitle = yTitle;
  }

  /** An empty plot with a title and axis titles. */
  public static LossCurvePlot titled(String title, String xTitle, String yTitle) {
    return new LossCurvePlot(title, xTitle, yTitle);
  }

  /** Adds a curve: {@code values[k]} is the loss after iteration k. */
  public LossCurvePlot curve(String name, double[] values) {
    checkArgument(!curves.containsKey(name), "two curves are named %s", name);
    curves.put(name, values.clone());
    return this;
  }

  /** The chart, ready to save or show. */
  public XYChart chart() {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(600)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setSeriesColors(Charts.PALETTE);
    for (Map.Entry<String, double[]> e : curves.entrySet()) {
      double[] v = e.getValue();
      double[] x = new double[v.length];
      double[] y = new double[v.length];
      int n = 0;
      for (int k = 0; k < v.length; k++) {
        if (v[k] > 0 && Double.isFinite(v[k])) {
          x[n] = k;
          y[n] = v[k];
          n++;
        }
      }
      if (n == 0) {
        continue;
      }
      XYSeries series = chart.addSeries(e.getKey(), Arrays.copyOf(x, n), Arrays.copyOf(y, n));
      series.setMarker(SeriesMarkers.NONE);
      series.setLineStyle(new BasicStroke(2f));
    }
    return chart;
  }

  /** Saves the chart as PNG to {@code file}. */
  public Path save(Path file) {
    return Charts.savePng(chart(), file);
  }
}
