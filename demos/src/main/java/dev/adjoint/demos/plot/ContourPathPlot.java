package dev.adjoint.demos.plot;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Paths of optimizers drawn over the contour lines of a function of two variables, saved as PNG.
 * Levels are spaced geometrically, which suits valleys like Rosenbrock's.
 *
 * <p>Not thread-safe: paths and levels are added in place; build it on one thread.
 */
public final class ContourPathPlot {
  private final String title;
  private final DoubleBinaryOperator f;
  private final double xMin;
  private final double xMax;
  private final double yMin;
  private final double yMax;
  private final List<Double> levels = new ArrayList<>();
  private final Map<String, double[][]> paths = new LinkedHashMap<>();
  private final List<double[]> marks = new ArrayList<>();

  private ContourPathPlot(
      String title, DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax) {
    this.title = title;
    this.f = f;
    this.xMin = xMin;
    this.xMax = xMax;
    this.yMin = yMin;
    this.yMax = yMax;
  }

  /** A plot of {@code f} over {@code [xMin, xMax] × [yMin, yMax]}. */
  public static ContourPathPlot of(
      String title, DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax) {
    return new ContourPathPlot(title, f, xMin, xMax, yMin, yMax);
  }

  /** Contours at {@code count} levels from {@code low} to {@code high}, spaced geometrically. */
  public ContourPathPlot geometricLevels(double low, double high, int count) {
    checkArgument(low > 0 && high > low && count >= 2, "levels need 0 < low < high, count ≥ 2");
    for (int k = 0; k < count; k++) {
      levels.add(low * Math.pow(high / low, (double) k / (count - 1)));
    }
    return this;
  }

  /** Adds a path: {@code xs[k], ys[k]} is the k-th iterate. */
  public ContourPathPlot path(String name, double[] xs, double[] ys) {
    checkArgument(
        xs.length == ys.length, "path %s: %s x values, %s y values", name, xs.length, ys.length);
    checkArgument(!paths.containsKey(name), "two paths are named %s", name);
    paths.put(name, new double[][] {xs.clone(), ys.clone()});
    return this;
  }

  /** Marks a point, such as the minimum, with a star. */
  public ContourPathPlot mark(double x, double y) {
    marks.add(new double[] {x, y});
    return this;
  }

  /** The chart, ready to save. */
  public XYChart chart() {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(750)
            .title(title)
            .xAxisTitle("x")
            .yAxisTitle("y")
            .build();
    Styler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setXAxisMin(xMin).setXAxisMax(xMax).setYAxisMin(yMin).setYAxisMax(yMax);
    chart.getStyler().setPlotGridLinesVisible(false);
    ContourLines grid = ContourLines.sample(f, xMin, xMax, yMin, yMax, 240);
    for (int k = 0; k < levels.size(); k++) {
      double[][] line = grid.at(levels.get(k));
      if (line[0].length == 0) {
        continue;
      }
      XYSeries s = chart.addSeries("level " + k, line[0], line[1]);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(new Color(170, 170, 190));
      s.setLineStyle(new BasicStroke(1f));
      s.setShowInLegend(false);
    }
    int colour = 0;
    for (Map.Entry<String, double[][]> e : paths.entrySet()) {
      double[][] p = clip(e.getValue());
      XYSeries s = chart.addSeries(e.getKey(), p[0], p[1]);
      java.awt.Color c = Charts.PALETTE[colour++ % Charts.PALETTE.length];
      s.setLineColor(c);
      s.setMarkerColor(c);
      // Long paths (thousands of small steps) read better as lines than as rows of dots.
      s.setMarker(p[0].length > 300 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      s.setLineStyle(new BasicStroke(1.6f));
    }
    for (int k = 0; k < marks.size(); k++) {
      double[] m = marks.get(k);
      XYSeries s =
          chart.addSeries(
              k == 0 ? "minimum" : "mark " + k, new double[] {m[0]}, new double[] {m[1]});
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.DIAMOND);
      s.setMarkerColor(Color.BLACK);
    }
    chart.getStyler().setMarkerSize(5);
    return chart;
  }

  /** Points outside the plot range become gaps, so a wild first step does not rescale the axes. */
  private double[][] clip(double[][] path) {
    double[] x = path[0].clone();
    double[] y = path[1].clone();
    double w = xMax - xMin;
    double h = yMax - yMin;
    for (int k = 0; k < x.length; k++) {
      if (!(x[k] >= xMin - w && x[k] <= xMax + w && y[k] >= yMin - h && y[k] <= yMax + h)) {
        x[k] = Math.max(xMin, Math.min(xMax, Double.isFinite(x[k]) ? x[k] : xMin));
        y[k] = Double.NaN;
      }
    }
    return new double[][] {x, y};
  }

  /** Saves the chart as PNG to {@code file}. */
  public Path save(Path file) {
    return Charts.savePng(chart(), file);
  }
}
