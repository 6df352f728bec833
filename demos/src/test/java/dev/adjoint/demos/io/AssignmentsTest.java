package dev.adjoint.demos.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignmentsTest {

  @Test
  void keepsOrderAndShapes() {
    Map<String, String> at = new LinkedHashMap<>();
    at.put("W", "[[0.1,0.2,0.3]]");
    at.put("b", "1");
    Bindings b = Assignments.parse(at, "--at");
    assertThat(b.names()).containsExactly("W", "b");
    assertThat(b.get("W").orElseThrow().shape()).isEqualTo(Shape.of(1, 3));
    assertThat(b.get("b").orElseThrow().shape()).isEqualTo(Shape.scalar());
  }

  @Test
  void readsValueFromFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("x.json");
    Files.writeString(file, "[[1,2],[3,4]]");
    Bindings b = Assignments.parse(Map.of("X", "@" + file), "--at");
    assertThat(b.get("X").orElseThrow().get(1, 0)).isEqualTo(3);
  }

  @Test
  void missingFileIsOneLine(@TempDir Path dir) {
    Path file = dir.resolve("nope.json");
    assertThatThrownBy(() -> Assignments.parse(Map.of("X", "@" + file), "--at"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("cannot read " + file)
        .hasMessageContaining("no such file");
  }

  @Test
  void rejectsNonIdentifier() {
    assertThatThrownBy(() -> Assignments.parse(Map.of("2x", "1"), "--at"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'2x' is not a variable name");
  }

  @Test
  void rejectsEmptyValue() {
    assertThatThrownBy(() -> Assignments.parse(Map.of("x", " "), "--at"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("empty");
  }
}
