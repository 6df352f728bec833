package dev.adjoint.demos.progress;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for long loops, drawn on the terminal by me.tongfei's progressbar only when a
 * console is attached (so piped output and tests stay clean) and not switched off with {@code
 * --no-progress}; otherwise every call does nothing.
 *
 * <p>Not thread-safe; update and close it from one thread.
 */
public abstract class Progress implements AutoCloseable {

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
    return new Bar(task, total, System.err);
  }

  /** A progress tracker that shows nothing. */
  public static Progress silent() {
    return new Silent();
  }

  /** Moves to step {@code current} of the total, with a short status such as the loss. */
  public abstract void update(long current, String status);

  /** Removes nothing; finishes the bar's line. */
  @Override
  public abstract void close();

  private static final class Silent extends Progress {
    @Override
    public void update(long current, String status) {}

    @Override
    public void close() {}
  }

  private static final class Bar extends Progress {
    private final ProgressBar bar;

    Bar(String task, long total, PrintStream stream) {
      this.bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUpdateIntervalMillis(100)
              .setConsumer(new ConsoleProgressBarConsumer(stream))
              .build();
    }

    @Override
    public void update(long current, String status) {
      bar.stepTo(current);
      bar.setExtraMessage(status);
    }

    @Override
    public void close() {
      bar.close();
    }
  }
}
