package dev.adjoint.demos.plot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * Saves charts as PNG files, headless (no window, no display needed).
 *
 * <p>Stateless and thread-safe.
 */
public final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Matplotlib's tab10 palette: distinct, readable on white. */
  public static final java.awt.Color[] PALETTE = {
    new java.awt.Color(31, 119, 180),
    new java.awt.Color(255, 127, 14),
    new java.awt.Color(44, 160, 44),
    new java.awt.Color(214, 39, 40),
    new java.awt.Color(148, 103, 189),
    new java.awt.Color(140, 86, 75),
    new java.awt.Color(227, 119, 194),
    new java.awt.Color(127, 127, 127),
    new java.awt.Color(188, 189, 34),
    new java.awt.Color(23, 190, 207)
  };

  private Charts() {}

  /**
   * Writes {@code chart} to {@code file} as PNG, creating missing parent folders.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public static Path savePng(IChart chart, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        ChartEncoder.saveChart(chart, out, "png");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plot " + file + ": " + e.getMessage(), e);
    }
  }
}
