package dev.adjoint.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Values for variables, by name: what an expression is evaluated at. Immutable; {@link #with}
 * returns a new set of bindings.
 *
 * <p>Immutable and thread-safe.
 */
public final class Bindings {
  private static final Bindings EMPTY = new Bindings(ImmutableMap.of());

  private final ImmutableMap<String, Tensor> values;

  private Bindings(ImmutableMap<String, Tensor> values) {
    this.values = values;
  }

  /** No bindings. */
  public static Bindings of() {
    return EMPTY;
  }

  /** One binding. */
  public static Bindings of(String name, Tensor value) {
    return EMPTY.with(name, value);
  }

  /** Two bindings. */
  public static Bindings of(String name1, Tensor value1, String name2, Tensor value2) {
    return EMPTY.with(name1, value1).with(name2, value2);
  }

  /** Three bindings. */
  public static Bindings of(
      String name1, Tensor value1, String name2, Tensor value2, String name3, Tensor value3) {
    return EMPTY.with(name1, value1).with(name2, value2).with(name3, value3);
  }

  /** Bindings copied from a map. */
  public static Bindings copyOf(Map<String, Tensor> values) {
    checkNotNull(values, "values");
    Bindings b = EMPTY;
    for (Map.Entry<String, Tensor> e : values.entrySet()) {
      b = b.with(e.getKey(), e.getValue());
    }
    return b;
  }

  /** These bindings with {@code name} bound to {@code value} (replacing an earlier value). */
  public Bindings with(String name, Tensor value) {
    checkNotNull(name, "variable name");
    checkNotNull(value, "value of %s", name);
    checkArgument(!name.isEmpty(), "empty variable name");
    Map<String, Tensor> copy = new LinkedHashMap<>(values);
    copy.put(name, value);
    return new Bindings(ImmutableMap.copyOf(copy));
  }

  /** These bindings with {@code variable} bound to {@code value}; the shapes must agree. */
  public Bindings with(Variable variable, Tensor value) {
    checkNotNull(value, "value of %s", variable);
    if (!variable.shape().equals(value.shape())) {
      throw new BindingException(
          "variable "
              + variable.name()
              + " has shape "
              + variable.shape()
              + " but the value has shape "
              + value.shape());
    }
    return with(variable.name(), value);
  }

  /** The value bound to {@code name}, if any. */
  public Optional<Tensor> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The bound names, in the order they were bound. */
  public Set<String> names() {
    return values.keySet();
  }

  /** The bindings as an immutable map. */
  public Map<String, Tensor> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bindings other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
