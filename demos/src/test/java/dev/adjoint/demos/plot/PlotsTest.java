package dev.adjoint.demos.plot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.demos.data.TwoMoons;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

  @Test
  void lossCurveIsAPng(@TempDir Path dir) throws Exception {
    Path file =
        LossCurvePlot.titled("loss", "iteration", "f")
            .curve("a", new double[] {1, 0.1, 0.01, 0})
            .curve("b", new double[] {2, 1, 0.5})
            .save(dir.resolve("sub/loss.png"));
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(900);
    assertThat(image.getHeight()).isEqualTo(600);
  }

  @Test
  void contourPathIsAPng(@TempDir Path dir) throws Exception {
    Path file =
        ContourPathPlot.of("bowl", (x, y) -> x * x + 4 * y * y, -2, 2, -1, 1)
            .geometricLevels(0.01, 4, 8)
            .path("steps", new double[] {-1.5, -0.5, 0}, new double[] {0.8, -0.2, 0})
            .mark(0, 0)
            .save(dir.resolve("contour.png"));
    assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(900);
  }

  @Test
  void decisionBoundaryIsAPng(@TempDir Path dir) throws Exception {
    TwoMoons data = TwoMoons.generate(60, 0.1, 1);
    Path file =
        DecisionBoundaryPlot.save(
            dir.resolve("boundary.png"),
            "moons",
            (x, y) -> 1 / (1 + Math.exp(-(y - 0.25) * 5)),
            data.points(),
            data.labels());
    assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(800);
  }
}
