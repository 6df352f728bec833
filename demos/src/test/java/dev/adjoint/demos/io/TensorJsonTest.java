package dev.adjoint.demos.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TensorJsonTest {

  @Test
  void numberIsRankZero() {
    Tensor t = TensorJson.parse("2.5", "x");
    assertThat(t.shape()).isEqualTo(Shape.scalar());
    assertThat(t.item()).isEqualTo(2.5);
  }

  @Test
  void flatArrayIsVector() {
    Tensor t = TensorJson.parse("[1, -2, 3e-1]", "x");
    assertThat(t.shape()).isEqualTo(Shape.of(3));
    assertThat(t.toArray()).containsExactly(1, -2, 0.3);
  }

  @Test
  void nestedArraysAreRowMajor() {
    Tensor t = TensorJson.parse("[[[1,2],[3,4],[5,6]]]", "x");
    assertThat(t.shape()).isEqualTo(Shape.of(1, 3, 2));
    assertThat(t.get(0, 2, 1)).isEqualTo(6);
    assertThat(t.get(0, 1, 0)).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void roundTripsRandomTensors(int rank) {
    Random random = new Random(rank);
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = 1 + random.nextInt(3);
    }
    Tensor t = Tensor.randomNormal(Shape.of(dims), random);
    JsonNode json = TensorJson.toJson(t);
    assertThat(TensorJson.fromJson(json, "t")).isEqualTo(t);
    assertThat(TensorJson.parse(TensorJson.write(json), "t")).isEqualTo(t);
  }

  @Test
  void raggedArrayNamesTheRow() {
    assertThatThrownBy(() -> TensorJson.parse("[[1,2,3],[4,5]]", "the value of W"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("the value of W is ragged")
        .hasMessageContaining("[1]")
        .hasMessageContaining("2 elements");
  }

  @Test
  void numberWhereArrayBelongsIsRagged() {
    assertThatThrownBy(() -> TensorJson.parse("[[1,2],3]", "W"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("ragged");
  }

  @Test
  void arrayWhereNumberBelongsIsRagged() {
    assertThatThrownBy(() -> TensorJson.parse("[1,[2]]", "W"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("an array at [1]");
  }

  @Test
  void stringIsRejected() {
    assertThatThrownBy(() -> TensorJson.parse("[1,\"a\"]", "W"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("the string \"a\"");
  }

  @Test
  void emptyArrayIsRejected() {
    assertThatThrownBy(() -> TensorJson.parse("[[]]", "W"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("empty array");
  }

  @Test
  void malformedJsonNamesColumn() {
    assertThatThrownBy(() -> TensorJson.parse("[1,,2]", "the value of W"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("malformed JSON in the value of W")
        .hasMessageContaining("column");
  }

  @Test
  void anUnclosedArrayIsReportedWithoutJacksonsSourceNote() {
    assertThatThrownBy(() -> TensorJson.parse("[[1,2,3]", "the value of W"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("malformed JSON in the value of W: Unexpected end-of-input")
        .hasMessageNotContaining("Source")
        .hasMessageNotContaining("REDACTED");
  }

  @Test
  void writesObjectsIndentedAndArraysInline() {
    var root = TensorJson.object();
    root.set("W", TensorJson.toJson(Tensor.matrix(new double[][] {{1, 2}, {3, 4}})));
    assertThat(TensorJson.write(root)).isEqualTo("{\n  \"W\": [[1.0, 2.0], [3.0, 4.0]]\n}");
  }
}
