package dev.adjoint.demos.plot;

import dev.adjoint.autodiff.Tensor;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A two-class classifier in the plane: the regions it assigns to each class (shaded), its decision
 * boundary (where the predicted probability is ½), and the labelled points, saved as PNG.
 *
 * <p>Stateless and thread-safe.
 */
public final class DecisionBoundaryPlot {
  private static final Color CLASS_0 = new Color(31, 119, 180);
  private static final Color CLASS_1 = new Color(214, 39, 40);

  private DecisionBoundaryPlot() {}

  /**
   * The chart of {@code probability} (of class 1) over the points' bounding box, with the points.
   *
   * @param points {@code [n×2]}
   * @param labels {@code [n]}, 0 or 1
   */
  public static XYChart chart(
      String title, DoubleBinaryOperator probability, Tensor points, Tensor labels) {
    int n = labels.size();
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      xMin = Math.min(xMin, points.get(i, 0));
      xMax = Math.max(xMax, points.get(i, 0));
      yMin = Math.min(yMin, points.get(i, 1));
      yMax = Math.max(yMax, points.get(i, 1));
    }
    double padX = 0.1 * (xMax - xMin);
    double padY = 0.1 * (yMax - yMin);
    xMin -= padX;
    xMax += padX;
    yMin -= padY;
    yMax += padY;

    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(700)
            .title(title)
            .xAxisTitle("x₁")
            .yAxisTitle("x₂")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setXAxisMin(xMin).setXAxisMax(xMax).setYAxisMin(yMin).setYAxisMax(yMax);
    chart.getStyler().setPlotGridLinesVisible(false);

    // Shading: a fine grid of small squares, light in the colour of the predicted class.
    int cells = 120;
    double[][] shade0 = new double[2][cells * cells];
    double[][] shade1 = new double[2][cells * cells];
    int n0 = 0;
    int n1 = 0;
    for (int j = 0; j < cells; j++) {
      for (int i = 0; i < cells; i++) {
        double x = xMin + (xMax - xMin) * (i + 0.5) / cells;
        double y = yMin + (yMax - yMin) * (j + 0.5) / cells;
        if (probability.applyAsDouble(x, y) >= 0.5) {
          shade1[0][n1] = x;
          shade1[1][n1++] = y;
        } else {
          shade0[0][n0] = x;
          shade0[1][n0++] = y;
        }
      }
    }
    addShade(chart, "region 0", shade0, n0, new Color(198, 219, 239));
    addShade(chart, "region 1", shade1, n1, new Color(252, 208, 208));

    double[][] boundary = ContourLines.sample(probability, xMin, xMax, yMin, yMax, 200).at(0.5);
    if (boundary[0].length > 0) {
      XYSeries b = chart.addSeries("decision boundary p = ½", boundary[0], boundary[1]);
      b.setMarker(SeriesMarkers.NONE);
      b.setLineColor(Color.BLACK);
      b.setLineStyle(new java.awt.BasicStroke(2f));
    }

    for (int c = 0; c <= 1; c++) {
      double[] xs = new double[n];
      double[] ys = new double[n];
      int m = 0;
      for (int i = 0; i < n; i++) {
        if ((int) labels.get(i) == c) {
          xs[m] = points.get(i, 0);
          ys[m++] = points.get(i, 1);
        }
      }
      XYSeries s = chart.addSeries("class " + c, Arrays.copyOf(xs, m), Arrays.copyOf(ys, m));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(c == 0 ? CLASS_0 : CLASS_1);
    }
    chart.getStyler().setMarkerSize(6);
    return chart;
  }

  private static void addShade(XYChart chart, String name, double[][] xy, int n, Color color) {
    if (n == 0) {
      return;
    }
    XYSeries s = chart.addSeries(name, Arrays.copyOf(xy[0], n), Arrays.copyOf(xy[1], n));
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.SQUARE);
    s.setMarkerColor(color);
    s.setShowInLegend(false);
  }

  /** Saves the chart as PNG to {@code file}. */
  public static Path save(
      Path file, String title, DoubleBinaryOperator probability, Tensor points, Tensor labels) {
    return Charts.savePng(chart(title, probability, points, labels), file);
  }
}
