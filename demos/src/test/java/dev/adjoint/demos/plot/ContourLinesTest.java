package dev.adjoint.demos.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ContourLinesTest {

  @Test
  void circleContourLiesOnTheCircle() {
    ContourLines grid = ContourLines.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 81);
    double[][] line = grid.at(1.0);
    int points = 0;
    for (int k = 0; k < line[0].length; k++) {
      if (Double.isNaN(line[1][k])) {
        continue;
      }
      double r = Math.hypot(line[0][k], line[1][k]);
      // Linear interpolation of r² along a cell edge is exact on the edge's axis-aligned line.
      assertThat(r).isCloseTo(1.0, within(0.01));
      points++;
    }
    assertThat(points).isGreaterThan(100);
  }

  @Test
  void levelOutsideRangeHasNoSegments() {
    ContourLines grid = ContourLines.sample((x, y) -> x + y, 0, 1, 0, 1, 10);
    assertThat(grid.at(5)[0]).isEmpty();
  }

  @Test
  void segmentsAreSeparatedByGaps() {
    ContourLines grid = ContourLines.sample((x, y) -> x, 0, 1, 0, 1, 3);
    double[][] line = grid.at(0.25);
    // Two cells crossed (one per row), each a segment plus a gap point.
    assertThat(line[0]).hasSize(6);
    assertThat(line[1][2]).isNaN();
    assertThat(line[0][0]).isCloseTo(0.25, within(1e-12));
  }
}
