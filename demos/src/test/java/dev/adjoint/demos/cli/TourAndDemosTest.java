package dev.adjoint.demos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TourAndDemosTest {

  @Test
  void tourCompletesAndWritesItsPlot(@TempDir Path dir) throws Exception {
    Cli.Run run = Cli.run("tour", "--out", dir.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("1. Linear regression")
        .contains("normal equations")
        .contains("Newton, one step")
        .contains("2. A sigmoid neuron")
        .contains("2(σ(WX) − y)·σ(WX)·(1 − σ(WX))·Xᵀ")
        .contains("3. Minimising")
        .contains("SGD")
        .contains("momentum")
        .contains("Nesterov")
        .contains("Adam")
        .contains("Armijo")
        .contains("strong Wolfe")
        .contains(dir.resolve("tour-neuron-loss.png").toString());
    assertThat(run.out()).doesNotContain("MISMATCH").doesNotContain("WARNING");
    BufferedImage image = ImageIO.read(dir.resolve("tour-neuron-loss.png").toFile());
    assertThat(image.getWidth()).isEqualTo(900);
  }

  @Test
  void mlpDemoTrainsAndPlots(@TempDir Path dir) throws Exception {
    Cli.Run run =
        Cli.run(
            "demo",
            "mlp",
            "--out",
            dir.toString(),
            "--points",
            "120",
            "--batch",
            "20",
            "--epochs",
            "150",
            "--lr",
            "0.02");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("training accuracy").contains("mlp-decision-boundary.png");
    String accuracy = run.out().replaceAll("(?s).*training accuracy ([0-9.]+)%.*", "$1");
    assertThat(Double.parseDouble(accuracy)).isGreaterThan(90);
    assertThat(ImageIO.read(dir.resolve("mlp-decision-boundary.png").toFile())).isNotNull();
  }

  @Test
  void rosenbrockDemoPlotsEveryPath(@TempDir Path dir) throws Exception {
    Cli.Run run = Cli.run("demo", "rosenbrock", "--out", dir.toString(), "--max-iter", "300");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("L-BFGS").contains("Newton").contains("nonlinear CG");
    assertThat(ImageIO.read(dir.resolve("rosenbrock-paths.png").toFile())).isNotNull();
  }
}
