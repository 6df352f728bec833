package dev.adjoint.autodiff.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.autodiff.ScalarChainFixture;
import dev.adjoint.autodiff.print.DotExporter;
import dev.adjoint.autodiff.print.PlainPrinter;
import dev.adjoint.autodiff.print.Printer;
import org.junit.jupiter.api.Test;

/**
 * A graph of a million nodes builds, differentiates, compiles, evaluates, prints and exports to DOT
 * in a 1 GB heap. Profile {@code scale} only (about a minute); its Surefire execution sets {@code
 * -Xmx1g}, and the test is skipped under a larger heap.
 */
class MillionNodeScaleTest {

  @Test
  void aMillionNodeGraphDoesEverythingInOneGigabyte() {
    // Run by another execution (as -Dtest=... makes every execution do), the heap is not the one
    // this test is about.
    assumeTrue(
        isAbout(Runtime.getRuntime().maxMemory(), 1L << 30),
        "runs only with -Xmx1g (profile scale)");
    ScalarChainFixture chain = ScaleRun.buildDifferentiateCompileEvaluate(1_000_000);

    String plain =
        ScaleRun.timed("plain print of the loss", () -> PlainPrinter.print(chain.loss()));
    assertThat(plain).startsWith("sin(sin(sin(").endsWith(") * sa + sb");
    assertThat(Printer.plain().print(chain.loss())).isEqualTo(plain);
    plain = null;
    String unicode =
        ScaleRun.timed(
            "unicode print of dL/dx0",
            () -> Printer.unicode().print(chain.gradients().of(chain.x0())));
    assertThat(unicode).contains(" where ");
    unicode = null;

    String dot =
        ScaleRun.timed("DOT of the loss, as a string", () -> DotExporter.export(chain.loss()));
    assertThat(dot.lines().filter(l -> l.contains("class=\"forward\"")).count())
        .isEqualTo(1_000_002);
    dot = null;
    LineCount lines = new LineCount();
    ScaleRun.timed(
        "DOT of loss and gradient, streamed",
        () -> {
          DotExporter.write(chain.loss(), chain.gradients(), lines);
          return lines;
        });
    assertThat(lines.count).isGreaterThan(3 * 1_000_000);
  }

  /** Counts the lines written to it and keeps nothing. */
  private static final class LineCount implements Appendable {
    long count;

    @Override
    public Appendable append(CharSequence text) {
      for (int i = 0; i < text.length(); i++) {
        append(text.charAt(i));
      }
      return this;
    }

    @Override
    public Appendable append(CharSequence text, int start, int end) {
      return append(text.subSequence(start, end));
    }

    @Override
    public Appendable append(char c) {
      count += c == '\n' ? 1 : 0;
      return this;
    }
  }

  /** Whether the maximum heap is {@code limit} (the JVM reports a little less than -Xmx). */
  private static boolean isAbout(long maxMemory, long limit) {
    return maxMemory <= limit && maxMemory > limit * 3 / 4;
  }
}
