package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeTest {

  @Test
  void dimensionsSizeAndPrinting() {
    Shape s = Shape.of(2, 3, 4);
    assertThat(s.rank()).isEqualTo(3);
    assertThat(s.size()).isEqualTo(24);
    assertThat(s.dim(-1)).isEqualTo(4);
    assertThat(s.dims()).containsExactly(2, 3, 4);
    assertThat(s).hasToString("[2×3×4]");
    assertThat(Shape.of()).isSameAs(Shape.scalar()).hasToString("[]");
    assertThat(Shape.scalar().size()).isEqualTo(1);
    assertThat(Shape.of(0, 3).size()).isZero();
    int[] dims = s.dims();
    dims[0] = 9;
    assertThat(s.dim(0)).isEqualTo(2);
    assertThat(Shape.of(2, 3)).isEqualTo(Shape.of(2, 3)).hasSameHashCodeAs(Shape.of(2, 3));
  }

  @Test
  void stridesOffsetsAndIndicesAreRowMajorInverses() {
    Shape s = Shape.of(2, 3, 4);
    assertThat(s.strides()).containsExactly(12, 4, 1);
    for (int off = 0; off < s.size(); off++) {
      assertThat(s.offset(s.index(off))).isEqualTo(off);
    }
    assertThat(s.offset(1, 2, 3)).isEqualTo(23);
  }

  @Test
  void broadcastFollowsNumPy() {
    assertThat(Shape.broadcast(Shape.of(2, 1), Shape.of(3))).isEqualTo(Shape.of(2, 3));
    assertThat(Shape.broadcast(Shape.scalar(), Shape.of(4, 5))).isEqualTo(Shape.of(4, 5));
    assertThat(Shape.broadcast(Shape.of(4, 1, 3), Shape.of(2, 1))).isEqualTo(Shape.of(4, 2, 3));
    assertThatThrownBy(() -> Shape.broadcast(Shape.of(2, 3), Shape.of(4)))
        .hasMessage("shapes [2×3] and [4] do not broadcast");
    assertThat(Shape.of(3).broadcastsTo(Shape.of(2, 3))).isTrue();
    assertThat(Shape.of(2, 1).broadcastsTo(Shape.of(2, 3))).isTrue();
    assertThat(Shape.of(2, 3).broadcastsTo(Shape.of(3))).isFalse();
    assertThat(Shape.of(2).broadcastsTo(Shape.of(2, 3))).isFalse();
  }

  @Test
  void invalidShapesAndAxesAreRejected() {
    assertThatThrownBy(() -> Shape.of(2, -1)).hasMessage("negative dimension in [2×-1]");
    assertThatThrownBy(() -> Shape.of(1, 1, 1, 1, 1, 1, 1, 1, 1))
        .hasMessage("rank 9 exceeds the maximum 8");
    assertThatThrownBy(() -> Shape.of(1 << 16, 1 << 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "shape [65536×65536] has 4.295e+09 elements, more than the limit of 268435456"
                + " (2^28) per tensor");
    assertThatThrownBy(() -> Shape.of(Shape.MAX_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit of 268435456");
    assertThat(Shape.of(Shape.MAX_SIZE).size()).isEqualTo(1 << 28);
    assertThat(Shape.of(16384, 16384).size()).isEqualTo(1 << 28);
    assertThat(Shape.of(100_000, 100_000, 0).size()).isZero();
    assertThatThrownBy(() -> Shape.of(2, 3).axis(2))
        .hasMessage("axis 2 is out of range for shape [2×3]");
    assertThatThrownBy(() -> Shape.of(2, 3).dim(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("axis -3 is out of range for shape [2×3]");
    assertThatThrownBy(() -> Shape.of(2, 3).index(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset 6 is out of bounds for shape [2×3]");
    assertThatThrownBy(() -> Shape.of(2, 0).index(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset 0 is out of bounds for shape [2×0]");
    assertThatThrownBy(() -> Shape.of(2, 3).offset(0, 3))
        .hasMessage("index [0, 3] is out of bounds for shape [2×3]");
  }
}
