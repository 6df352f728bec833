package dev.adjoint.autodiff.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Shape;
import org.junit.jupiter.api.Test;

/** The offset tables against index arithmetic done element by element with {@link Shape}. */
class IndexMapsTest {

  @Test
  void broadcastMapsEachOutputElementToTheInputElementItRepeats() {
    Shape out = Shape.of(4, 2, 3);
    for (Shape in : new Shape[] {Shape.of(2, 1), Shape.of(3), Shape.of(4, 1, 3), Shape.scalar()}) {
      int[] map = IndexMaps.broadcast(in, out);
      for (int i = 0; i < out.size(); i++) {
        int[] o = out.index(i);
        int[] idx = new int[in.rank()];
        for (int a = 0; a < in.rank(); a++) {
          int oa = o[out.rank() - in.rank() + a];
          idx[a] = in.dim(a) == 1 ? 0 : oa;
        }
        assertThat(map[i]).as("%s → %s at %s", in, out, i).isEqualTo(in.offset(idx));
      }
    }
    assertThat(IndexMaps.broadcast(out, out)).isNull();
  }

  @Test
  void reduceMapsEachInputElementToItsResult() {
    Shape in = Shape.of(2, 3, 4);
    boolean[] reduced = {false, true, false};
    Shape out = Shape.of(2, 4);
    int[] map = IndexMaps.reduce(in, reduced);
    for (int i = 0; i < in.size(); i++) {
      int[] idx = in.index(i);
      assertThat(map[i]).isEqualTo(out.offset(idx[0], idx[2]));
    }
  }

  @Test
  void permuteReadsTheTransposedElement() {
    Shape in = Shape.of(2, 3, 4);
    int[] perm = {2, 0, 1};
    Shape out = Shape.of(4, 2, 3);
    int[] map = IndexMaps.permute(in, perm);
    for (int i = 0; i < out.size(); i++) {
      int[] o = out.index(i);
      int[] idx = new int[3];
      for (int a = 0; a < 3; a++) {
        idx[perm[a]] = o[a];
      }
      assertThat(map[i]).isEqualTo(in.offset(idx));
    }
  }

  @Test
  void boxAddressesAStridedSlice() {
    Shape full = Shape.of(5, 6);
    Shape box = Shape.of(2, 3);
    int[] map = IndexMaps.box(full, box, new int[] {4, 1}, new int[] {-2, 2});
    for (int i = 0; i < box.size(); i++) {
      int[] b = box.index(i);
      assertThat(map[i]).isEqualTo(full.offset(4 - 2 * b[0], 1 + 2 * b[1]));
    }
  }
}
