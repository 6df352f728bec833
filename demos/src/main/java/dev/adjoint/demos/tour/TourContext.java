package dev.adjoint.demos.tour;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the acts of the tour share: where to print, where to save files (and which were saved),
 * whether progress bars may be drawn, and how much work to do.
 *
 * <p>Not thread-safe: it writes to one {@code PrintWriter}; use it from the tour's thread.
 */
public final class TourContext {
  private final PrintWriter out;
  private final Path outputFolder;
  private final boolean progress;
  private final int maxIterations;
  private final List<Path> files = new ArrayList<>();

  /**
   * A context.
   *
   * @param maxIterations the iteration limit of each optimizer run in act 3
   */
  public TourContext(PrintWriter out, Path outputFolder, boolean progress, int maxIterations) {
    this.out = out;
    this.outputFolder = outputFolder;
    this.progress = progress;
    this.maxIterations = maxIterations;
  }

  /** Where the tour prints. */
  public PrintWriter out() {
    return out;
  }

  /** The path of {@code name} in the output folder. */
  public Path file(String name) {
    return outputFolder.resolve(name);
  }

  /** Records that a file was written, for the closing summary. */
  public void wrote(Path file) {
    files.add(file);
  }

  /** The files written so far. */
  public List<Path> files() {
    return List.copyOf(files);
  }

  /** Whether progress bars may be drawn. */
  public boolean progress() {
    return progress;
  }

  /** The iteration limit of each optimizer run in the race. */
  public int maxIterations() {
    return maxIterations;
  }

  /** Prints an act's title, underlined. */
  public void heading(String title) {
    out.println();
    out.println(title);
    out.println("═".repeat(title.length()));
  }
}
