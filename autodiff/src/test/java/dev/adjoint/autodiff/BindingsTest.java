package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingsTest {

  @Test
  void withReturnsNewBindingsAndKeepsOrder() {
    Bindings empty = Bindings.of();
    Bindings one = empty.with("b", Tensor.scalar(1));
    Bindings two = one.with("a", Tensor.scalar(2));
    assertThat(empty.names()).isEmpty();
    assertThat(one.names()).containsExactly("b");
    assertThat(two.names()).containsExactly("b", "a");
    assertThat(two.with("b", Tensor.scalar(3)).get("b")).contains(Tensor.scalar(3));
    assertThat(two.get("missing")).isEmpty();
    assertThat(Bindings.of("b", Tensor.scalar(1), "a", Tensor.scalar(2))).isEqualTo(two);
    Map<String, Tensor> map = new LinkedHashMap<>();
    map.put("x", Tensor.vector(1, 2));
    assertThat(Bindings.copyOf(map).asMap()).isEqualTo(map);
    assertThatThrownBy(() -> two.asMap().put("z", Tensor.scalar(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void variableBindingChecksTheShape() {
    Variable w = Variable.of("W", 2, 3);
    assertThat(Bindings.of().with(w, Tensor.zeros(2, 3)).get("W")).isPresent();
    assertThatThrownBy(() -> Bindings.of().with(w, Tensor.zeros(3, 2)))
        .isInstanceOf(BindingException.class)
        .hasMessage("variable W has shape [2×3] but the value has shape [3×2]");
  }

  @Test
  void nullsAndEmptyNamesAreRejected() {
    assertThatThrownBy(() -> Bindings.of().with((String) null, Tensor.scalar(1)))
        .hasMessageContaining("variable name");
    assertThatThrownBy(() -> Bindings.of().with("x", null)).hasMessageContaining("value of x");
    assertThatThrownBy(() -> Bindings.of().with("", Tensor.scalar(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty variable name");
  }
}
