/**
 * Plots saved as PNG with XChart, headless: loss curves, contour lines with optimizer paths, and
 * decision boundaries. {@link dev.adjoint.demos.plot.ContourLines} is plain marching squares, kept
 * apart from the charts.
 */
package dev.adjoint.demos.plot;
