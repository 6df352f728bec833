package dev.adjoint.autodiff.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A workspace that keeps what did not change between runs gives, bit for bit, what a fresh
 * workspace computing every node gives: random losses and their gradients, with random subsets of
 * their variables re-bound between runs (to new values, to equal values in a new tensor, or not at
 * all).
 */
class IncrementalRunTest {
  private static final int CASES = 300;

  static LongStream seeds() {
    return LongStream.range(0, CASES);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void reusedValuesEqualAFullRecomputation(long seed) {
    FuzzCase fuzzCase = new ExpressionGenerator(seed).next(seed, 10);
    Expr loss = fuzzCase.loss();
    Program program = Program.compile(loss);
    Variable[] wrt = program.variables().toArray(new Variable[0]);
    List<Expr> outputs = new ArrayList<>();
    outputs.add(loss);
    outputs.addAll(Gradients.of(loss, wrt).list());
    program = Program.compile(outputs);

    Random random = new Random(seed);
    Map<String, Tensor> values = new HashMap<>();
    Program.Workspace kept = program.newWorkspace();
    for (Variable v : wrt) {
      Tensor value = fuzzCase.point().get(v.name()).orElseThrow();
      values.put(v.name(), value);
      kept.set(v.name(), value);
    }
    for (int round = 0; round < 5; round++) {
      StringBuilder rebound = new StringBuilder();
      for (Variable v : wrt) {
        switch (random.nextInt(4)) {
          case 0 -> {
            Tensor value = randomValues(v, random);
            values.put(v.name(), value);
            kept.set(v.name(), value);
            rebound.append(' ').append(v.name());
          }
          case 1 -> {
            kept.set(v.name(), Tensor.of(v.shape(), values.get(v.name()).toArray()));
            rebound.append(' ').append(v.name()).append("(same)");
          }
          default -> {}
        }
      }
      kept.execute();
      Program.Workspace fresh = program.newWorkspace();
      values.forEach(fresh::set);
      fresh.execute();
      for (int o = 0; o < outputs.size(); o++) {
        double[] expected = fresh.output(o).toArray();
        double[] got = kept.output(o).toArray();
        assertThat(Arrays.equals(got, expected))
            .as(
                "seed %s, round %s, re-bound [%s], output %s of %s%n got      %s%n expected %s",
                seed,
                round,
                rebound,
                o,
                fuzzCase.describe(),
                Arrays.toString(got),
                Arrays.toString(expected))
            .isTrue();
      }
    }
  }

  private static Tensor randomValues(Variable v, Random random) {
    double[] data = new double[v.shape().size()];
    for (int i = 0; i < data.length; i++) {
      double range = v.name().equals(FuzzCase.WEIGHTS) ? 1 : ExpressionGenerator.RANGE;
      data[i] = Math.round((random.nextDouble() * 2 - 1) * range * 1000) / 1000.0;
    }
    return Tensor.of(v.shape(), data);
  }
}
