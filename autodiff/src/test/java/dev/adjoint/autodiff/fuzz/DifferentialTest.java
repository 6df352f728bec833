package dev.adjoint.autodiff.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.reflect.ClassPath;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.op.ConstantOp;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.VariableOp;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests over random expressions (see {@link ExpressionGenerator}): for each one the
 * simplified value equals the value as written, the simplified gradient equals the raw backprop
 * gradient (both to 1e-10, norm-wise), the raw gradient agrees with central differences, the
 * printed form parses back to the same node, and, on every fourth case without kinks, the
 * Hessian-vector product agrees with the raw one and with differences of the gradient.
 *
 * <p>{@code fuzz.count} cases are run (default 10,000; {@code mvn -Pfuzz} runs a million), starting
 * at seed {@code fuzz.seed}. A failure is shrunk (see {@link Shrinker}) and reported with its seed,
 * the smallest expression that still fails, the shapes and the point.
 */
class DifferentialTest {
  static final int COUNT = Integer.getInteger("fuzz.count", 10_000);
  static final long FIRST_SEED = Long.getLong("fuzz.seed", 1);
  static final int BLOCK = 250;

  /** Op applications per expression. */
  static final int STEPS = 6;

  /** Failures reported per block; the rest are only counted. */
  private static final int REPORTED = 3;

  /** Per property: passed, skipped, failed, and failed through a known-bad rule. */
  private static final Map<Property, long[]> COUNTS = new EnumMap<>(Property.class);

  private static final int KNOWN = 3;

  private static final long START = System.nanoTime();

  private static synchronized void count(Property p, int outcome) {
    COUNTS.computeIfAbsent(p, k -> new long[4])[outcome]++;
  }

  @AfterAll
  static synchronized void printSummary() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "differential fuzzing: %d cases from seed %d in %.1f s%n",
            COUNT,
            FIRST_SEED,
            (System.nanoTime() - START) / 1e9));
    COUNTS.forEach(
        (p, c) ->
            sb.append(
                String.format(
                    Locale.ROOT,
                    "  %-24s passed %8d  skipped %6d  failed %4d  known-bad rule %4d%n",
                    p,
                    c[0],
                    c[1],
                    c[2],
                    c[KNOWN])));
    System.out.print(sb);
  }

  static LongStream blocks() {
    long blocks = (COUNT + BLOCK - 1) / BLOCK;
    return LongStream.range(0, blocks).map(b -> FIRST_SEED + b * BLOCK);
  }

  static FuzzCase generate(long seed) {
    return new ExpressionGenerator(seed).next(seed, STEPS);
  }

  @ParameterizedTest(name = "seeds from {0}")
  @MethodSource("blocks")
  void simplifiedAndRawGradientsAgreeWithEachOtherAndWithFiniteDifferences(long first) {
    long last = Math.min(first + BLOCK, FIRST_SEED + COUNT);
    List<String> failures = new ArrayList<>();
    int failed = 0;
    int gradientSkips = 0;
    for (long seed = first; seed < last; seed++) {
      FuzzCase c = generate(seed);
      for (Property p : Property.values()) {
        if (p == Property.HESSIAN_VECTOR_PRODUCT && seed % 4 != 0) {
          continue;
        }
        Outcome o = p.safely(c);
        if (!o.failed()) {
          count(p, o.status().ordinal());
          if (p == Property.SIMPLIFIED_GRADIENT && o.status() == Outcome.Status.SKIPPED) {
            gradientSkips++;
          }
          continue;
        }
        FuzzCase shrunk = Shrinker.shrink(c, candidate -> p.safely(candidate).failed());
        Outcome again = p.safely(shrunk);
        if (p.usesTheSimplifier()
            && (KnownBadRules.involved(c, o) || KnownBadRules.involved(shrunk, again))) {
          count(p, KNOWN);
          continue;
        }
        count(p, o.status().ordinal());
        if (failed++ < REPORTED) {
          failures.add(report(p, c, o, shrunk, again));
        }
      }
    }
    assertThat(failures)
        .as(
            "%d failures in seeds %d..%d; the first ones, shrunk:%n%s",
            failed, first, last - 1, String.join("\n", failures))
        .isEmpty();
    assertThat(gradientSkips)
        .as("cases outside the domain (the generator's guards should prevent most)")
        .isLessThanOrEqualTo((int) (last - first) / 10);
  }

  /** The failure shrunk to its smallest case, with the seed, shapes and point. */
  static String report(Property p, FuzzCase c, Outcome o, FuzzCase shrunk, Outcome again) {
    return p
        + " fails (reproduce: -Dfuzz.seed="
        + c.seed()
        + " -Dfuzz.count=1)\n"
        + shrunk.describe()
        + "  "
        + (again.failed() ? again.message() : o.message())
        + "\n  unshrunk:   "
        + c.expression()
        + "\n";
  }

  @Test
  void theGeneratorUsesEveryOp() throws IOException {
    Set<String> seen = new TreeSet<>();
    for (long seed = 1; seed <= 2_000; seed++) {
      for (Expr node : Graph.topologicalOrder(List.of(generate(seed).loss()))) {
        seen.add(node.op().getClass().getSimpleName());
      }
    }
    Set<String> missing = new TreeSet<>();
    for (ClassPath.ClassInfo info :
        ClassPath.from(Op.class.getClassLoader()).getTopLevelClasses(Op.class.getPackageName())) {
      Class<?> c = info.load();
      boolean concrete =
          Op.class.isAssignableFrom(c)
              && !c.isInterface()
              && !Modifier.isAbstract(c.getModifiers())
              && c != VariableOp.class
              && c != ConstantOp.class;
      if (concrete && !seen.contains(c.getSimpleName())) {
        missing.add(c.getSimpleName());
      }
    }
    assertThat(seen).hasSizeGreaterThan(30);
    assertThat(missing).as("op classes the generator never uses").isEmpty();
  }
}
