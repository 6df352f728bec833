package dev.adjoint.optim;

import static dev.adjoint.autodiff.Exprs.softmax;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.loss.Losses;
import dev.adjoint.autodiff.print.Printer;
import dev.adjoint.optim.method.Lbfgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code docs/losses.md} are the code between the markers below: the documented
 * blocks must equal the marked regions (up to indentation), and the tests run them and check what
 * the page says they give.
 */
class LossesExamplesTest {
  private static final Path DOC = Path.of("..", "docs", "losses.md");
  private static final Path SELF =
      Path.of("src", "test", "java", "dev", "adjoint", "optim", "LossesExamplesTest.java");

  @Test
  void multinomialLogisticRegression() {
    // --- multinomial logistic regression starts ---
    // Three classes of points in the plane around three centres, 100 points
    Random random = new Random(7);
    double[][] centres = {{2, 0}, {-1, 1.7}, {-1, -1.7}};
    int n = 100;
    double[] xs = new double[n * 2];
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      int k = i % 3;
      xs[2 * i] = centres[k][0] + random.nextGaussian();
      xs[2 * i + 1] = centres[k][1] + random.nextGaussian();
      labels[i] = k; // class indices, as float64 integers
    }
    Bindings data = Bindings.of("X", Tensor.of(Shape.of(n, 2), xs), "y", Tensor.vector(labels));

    Variable X = Variable.of("X", n, 2);
    Variable y = Variable.of("y", n);
    Variable W = Variable.of("W", 2, 3);
    Variable b = Variable.of("b", 3);
    Expr logits = X.matmul(W).plus(b);
    Expr loss = Losses.crossEntropy(logits, y); // the mean over the 100 examples

    String dW = Printer.unicode().print(loss.gradient(W).of(W));
    // 0.01·Xᵀ·(softmax(X·W + b, 1) − one_hot(y, 3))

    Parameters params =
        Parameters.builder(1).add(W, Initializer.zeros()).add(b, Initializer.zeros()).build();
    OptimizationResult fit =
        Lbfgs.withDefaults().minimize(params.objective(loss, data), params.toPoint());
    params.update(fit.point());
    Tensor probabilities = params.evaluate(softmax(logits), data); // 100×3, rows sum to 1
    // --- multinomial logistic regression ends ---

    assertThat(dW).isEqualTo("0.01·Xᵀ·(softmax(X·W + b, 1) − one_hot(y, 3))");
    assertThat(fit.isConverged()).as("%s", fit).isTrue();
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int k = 1; k < 3; k++) {
        if (probabilities.getFlat(3 * i + k) > probabilities.getFlat(3 * i + best)) {
          best = k;
        }
      }
      correct += best == labels[i] ? 1 : 0;
    }
    // the page says: 92 of the 100 training points are classified right; mean loss 0.199
    assertThat(correct).isEqualTo(92);
    assertThat(fit.value()).isCloseTo(0.199, within(0.0005));
  }

  @Test
  void huberRegression() {
    // --- Huber regression starts ---
    // y = 2x + 1 with a little noise, and every tenth of the 50 points 15 too high
    Random random = new Random(3);
    int n = 50;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = -2 + 4.0 * i / (n - 1);
      ys[i] = 2 * xs[i] + 1 + 0.1 * random.nextGaussian() + (i % 10 == 0 ? 15 : 0);
    }
    Bindings data = Bindings.of("x", Tensor.vector(xs), "y", Tensor.vector(ys));

    Variable x = Variable.of("x", n);
    Variable y = Variable.of("y", n);
    Variable slope = Variable.of("w");
    Variable intercept = Variable.of("b");
    Expr prediction = x.times(slope).plus(intercept);
    Expr huber = Losses.huber(prediction, y, 1.0);
    Expr squares = Losses.mse(prediction, y);

    String dc = Printer.unicode().print(huber.gradient(intercept).of(intercept));
    // 0.02·sum(where(le(|a|, 1), a, sign(a))) where a = w·x + b − y

    List<double[]> fits = new ArrayList<>();
    for (Expr loss : List.of(huber, squares)) {
      Parameters params =
          Parameters.builder(1)
              .add(slope, Initializer.zeros())
              .add(intercept, Initializer.zeros())
              .build();
      OptimizationResult fit =
          Lbfgs.withDefaults().minimize(params.objective(loss, data), params.toPoint());
      fits.add(fit.point()); // {w, b}
    }
    // --- Huber regression ends ---

    assertThat(dc).isEqualTo("0.02·sum(where(le(|a|, 1), a, sign(a))) where a = w·x + b − y");
    // the page says: Huber w = 1.99, b = 1.11; least squares w = 1.63, b = 2.49
    assertThat(fits.get(0)[0]).isCloseTo(1.99, within(0.005));
    assertThat(fits.get(0)[1]).isCloseTo(1.11, within(0.005));
    assertThat(fits.get(1)[0]).isCloseTo(1.63, within(0.005));
    assertThat(fits.get(1)[1]).isCloseTo(2.49, within(0.005));
  }

  @Test
  void theDocumentedExamplesAreTheseTestsCode() throws IOException {
    String self = Files.readString(SELF, StandardCharsets.UTF_8);
    List<String> blocks = javaBlocks();
    assertThat(normalise(blocks.get(0)))
        .isEqualTo(normalise(region(self, "multinomial logistic regression")));
    assertThat(normalise(blocks.get(1))).isEqualTo(normalise(region(self, "Huber regression")));
  }

  private static String region(String file, String name) {
    String start = "// --- " + name + " starts ---";
    String end = "// --- " + name + " ends ---";
    return file.substring(file.indexOf(start) + start.length(), file.indexOf(end));
  }

  /** The page's ```java blocks, in order, without their import lines. */
  private static List<String> javaBlocks() throws IOException {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      if (current == null && line.equals("```java")) {
        current = new StringBuilder();
      } else if (current != null && line.equals("```")) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null && !line.startsWith("import ")) {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  private static String normalise(String code) {
    return code.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
