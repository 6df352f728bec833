package dev.adjoint.demos.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar for long loops, drawn on standard error only when a console is attached (so piped
 * output and tests stay clean) and not switched off with {@code --no-progress}; otherwise every
 * call does nothing.
 *
 * <p>The bar is one line redrawn in place with a carriage return. Its width is the {@code COLUMNS}
 * environment variable when that holds a sensible number, else {@value #DEFAULT_WIDTH}: the
 * terminal is never queried, so drawing starts no process (no {@code stty} or {@code tty} found
 * through {@code PATH}) and loads no native library.
 *
 * <p>Not thread-safe; update and close it from one thread.
 */
public abstract class Progress implements AutoCloseable {
  /** The width of the bar's line when {@code COLUMNS} does not give one. */
  public static final int DEFAULT_WIDTH = 80;

  private Progress() {}

  /**
   * A progress bar over {@code total} steps named {@code task}, or a silent one.
   *
   * @param enabled false for {@code --no-progress}
   */
  public static Progress start(String task, long total, boolean enabled) {
    if (!enabled || System.console() == null) {
      return silent();
    }
    return new Bar(task, total, System.err, width(System.getenv("COLUMNS")));
  }

  /** A progress tracker that shows nothing. */
  public static Progress silent() {
    return new Silent();
  }

  /** Moves to step {@code current} of the total, with a short status such as the loss. */
  public abstract void update(long current, String status);

  /** Draws the final state and ends the bar's line. */
  @Override
  public abstract void close();

  /** The line width from the value of {@code COLUMNS}: 20 to 500 columns, else the default. */
  static int width(String columns) {
    if (columns == null) {
      return DEFAULT_WIDTH;
    }
    try {
      int n = Integer.parseInt(columns.strip());
      return n >= 20 && n <= 500 ? n - 1 : DEFAULT_WIDTH;
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }

  /**
   * One line of the bar, at most {@code width} characters: {@code task 45% [█████▌ ] 450/1000 0:03
   * f = 1.2}.
   */
  static String render(
      String task, long current, long total, long elapsedNanos, String status, int width) {
    long clamped = Math.max(0, total > 0 ? Math.min(current, total) : current);
    double fraction = total > 0 ? (double) clamped / total : 0;
    String left = String.format(Locale.ROOT, "%s %3d%% ", task, (int) (100 * fraction));
    String right =
        String.format(Locale.ROOT, " %d/%d %s %s", clamped, total, clock(elapsedNanos), status);
    int barWidth = Math.max(10, Math.min(40, width - left.length() - right.length() - 2));
    int eighths = (int) Math.round(fraction * barWidth * 8);
    StringBuilder bar = new StringBuilder("[");
    for (int i = 0; i < barWidth; i++) {
      int filled = Math.max(0, Math.min(8, eighths - 8 * i));
      bar.append(filled == 8 ? '█' : filled == 0 ? ' ' : "▏▎▍▌▋▊▉".charAt(filled - 1));
    }
    bar.append(']');
    String line = left + bar + right;
    return line.length() <= width ? line : line.substring(0, Math.max(0, width));
  }

  private static String clock(long nanos) {
    long seconds = nanos / 1_000_000_000L;
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }

  private static final class Silent extends Progress {
    @Override
    public void update(long current, String status) {}

    @Override
    public void close() {}
  }

  private static final class Bar extends Progress {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final String task;
    private final long total;
    private final PrintStream stream;
    private final int width;
    private final long start = System.nanoTime();
    private long lastDrawn = Long.MIN_VALUE;
    private long current;
    private String status = "";

    Bar(String task, long total, PrintStream stream, int width) {
      this.task = task;
      this.total = total;
      this.stream = stream;
      this.width = width;
      draw(System.nanoTime());
    }

    @Override
    public void update(long current, String status) {
      this.current = current;
      this.status = status == null ? "" : status;
      long now = System.nanoTime();
      if (now - lastDrawn >= REDRAW_NANOS) {
        draw(now);
      }
    }

    @Override
    public void close() {
      draw(System.nanoTime());
      stream.print('\n');
      stream.flush();
    }

    private void draw(long now) {
      lastDrawn = now;
      stream.print('\r' + render(task, current, total, now - start, status, width));
      stream.flush();
    }
  }
}
