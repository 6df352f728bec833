package dev.adjoint.autodiff.fuzz;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.check.GradientCheck;
import dev.adjoint.autodiff.check.GradientCheckReport;
import dev.adjoint.autodiff.check.Tolerance;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.op.StopGradient;
import dev.adjoint.autodiff.parse.Parser;
import dev.adjoint.autodiff.print.PlainPrinter;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The properties every generated case must have. Each one is checked only where the expression as
 * written is finite at the point (the contract promises nothing elsewhere): a case outside that
 * domain is {@link Outcome#skipped}, never a failure.
 */
enum Property {
  /** The simplified expression has the value of the expression as written. */
  SIMPLIFIED_VALUE {
    @Override
    Outcome check(FuzzCase c) {
      Tensor raw = eval(c.expression(), c.point());
      if (!raw.isFinite() || Conditioning.nearDiscontinuity(c.expression(), c.point())) {
        return Outcome.skipped();
      }
      Expr simplified = Simplifier.simplify(c.expression());
      return Norms.agree("simplified value", simplified, eval(simplified, c.point()), raw);
    }
  },

  /** {@code Gradients.of} (simplified) evaluates like {@code Gradients.raw} (backprop as built). */
  SIMPLIFIED_GRADIENT {
    @Override
    Outcome check(FuzzCase c) {
      Variable[] wrt = c.variables().toArray(new Variable[0]);
      List<Tensor> raw = evalAll(Gradients.raw(c.loss(), wrt).list(), c.point());
      if (!allFinite(raw)
          || !eval(c.loss(), c.point()).isFinite()
          || Conditioning.nearDiscontinuity(c.loss(), c.point())) {
        return Outcome.skipped();
      }
      Gradients simplified = Gradients.of(c.loss(), wrt);
      List<Tensor> values = evalAll(simplified.list(), c.point());
      for (int i = 0; i < wrt.length; i++) {
        Outcome o =
            Norms.agree(
                "simplified gradient ∂/∂" + wrt[i].name(),
                simplified.of(wrt[i]),
                values.get(i),
                raw.get(i));
        if (o.failed()) {
          return o;
        }
      }
      return Outcome.passed();
    }
  },

  /** The raw gradient agrees with central finite differences (kinks are not judged). */
  FINITE_DIFFERENCES {
    @Override
    Outcome check(FuzzCase c) {
      Variable[] wrt = c.variables().toArray(new Variable[0]);
      if (!eval(c.loss(), c.point()).isFinite()
          || !allFinite(evalAll(Gradients.raw(c.loss(), wrt).list(), c.point()))
          || Conditioning.onOrNearDiscontinuity(c.loss(), c.point())) {
        return Outcome.skipped();
      }
      // Differences cannot see stop_gradient: difference the loss with each one frozen to its value
      // (a constant to differentiation, as stop_gradient promises), and check that freezing does
      // not change the raw gradient.
      Expr differenced = frozen(c.loss(), c.point());
      if (differenced != c.loss()) {
        List<Tensor> through = evalAll(Gradients.raw(c.loss(), wrt).list(), c.point());
        List<Tensor> frozen = evalAll(Gradients.raw(differenced, wrt).list(), c.point());
        for (int i = 0; i < wrt.length; i++) {
          Outcome o =
              Norms.agree(
                  "raw gradient ∂/∂" + wrt[i].name() + " with stop_gradient frozen",
                  differenced,
                  frozen.get(i),
                  through.get(i));
          if (o.failed()) {
            return o;
          }
        }
      }
      GradientCheck check =
          GradientCheck.of(differenced)
              .withRespectTo(wrt)
              .withRawGradients()
              .withTolerance(Tolerance.of(1e-5, 1e-7));
      GradientCheckReport report = check.at(c.point());
      if (report.passed()) {
        return Outcome.passed();
      }
      // Truncation error of plain central differences on a steep function: try the O(h⁴) rule.
      report = check.withRichardson().at(c.point());
      if (report.outcome() == dev.adjoint.autodiff.check.Outcome.INCONCLUSIVE) {
        // Some element sits on a jump (a comparison exactly at equality): differences cannot judge
        // it, and the check says so instead of passing; not a finding about the gradient.
        return Outcome.skipped();
      }
      return report.passed() ? Outcome.passed() : Outcome.failed(report.toString());
    }
  },

  /**
   * The Hessian-vector product ({@code Gradients.hvp}, simplified) agrees with the raw one and with
   * central differences of the raw gradient along the direction. Only for losses without kinks.
   */
  HESSIAN_VECTOR_PRODUCT {
    @Override
    Outcome check(FuzzCase c) {
      List<Expr> nodes = Graph.topologicalOrder(List.of(c.loss()));
      for (Expr node : nodes) {
        if (node.op().hasKink() || !node.op().isDifferentiable()) {
          return Outcome.skipped();
        }
      }
      List<Variable> variables = c.variables();
      Variable x = variables.get((int) Math.floorMod(c.seed(), (long) variables.size()));
      Variable v = Variable.of("direction_", x.shape().dims());
      Tensor direction = Tensor.randomUniform(x.shape(), -1, 1, new Random(c.seed() ^ 0x5EED));
      Bindings at = c.point().with(v, direction);
      Expr rawGradient = Gradients.raw(c.loss(), x).of(x);
      Expr raw = Gradients.raw(Exprs.dot(rawGradient, v), x).of(x);
      Expr simplified = Gradients.hvp(c.loss(), x, v);
      Tensor rawValue = eval(raw, at);
      if (!rawValue.isFinite()
          || !eval(rawGradient, at).isFinite()
          || Conditioning.nearDiscontinuity(c.loss(), at)) {
        return Outcome.skipped();
      }
      Outcome o = Norms.agree("simplified hvp", simplified, eval(simplified, at), rawValue);
      if (o.failed()) {
        return o;
      }
      Tensor fd = gradientDifference(rawGradient, x, at, direction);
      if (!fd.isFinite()) {
        return Outcome.skipped();
      }
      return Norms.agreeLoosely("hvp against differences of the gradient", raw, rawValue, fd);
    }
  },

  /** {@code parse(print(e))} is {@code e}, for the expression, the loss and its gradients. */
  ROUND_TRIP {
    @Override
    Outcome check(FuzzCase c) {
      List<Variable> variables = c.variables();
      List<Expr> exprs = new ArrayList<>();
      exprs.add(c.expression());
      exprs.add(c.loss());
      exprs.addAll(Gradients.of(c.loss(), variables.toArray(new Variable[0])).list());
      for (Expr e : exprs) {
        String text = PlainPrinter.print(e);
        Expr parsed;
        try {
          parsed = Parser.parse(text, variables);
        } catch (RuntimeException ex) {
          return Outcome.failed("cannot parse the printed form " + text + ": " + ex.getMessage());
        }
        if (parsed != e) {
          return Outcome.failed("parse(print(e)) = " + parsed + " is not e = " + text);
        }
      }
      return Outcome.passed();
    }
  };

  /** Checks this property on one case. */
  abstract Outcome check(FuzzCase c);

  /** Whether the property compares simplified expressions, so a simplifier rule can break it. */
  boolean usesTheSimplifier() {
    return this != FINITE_DIFFERENCES;
  }

  /** The check, with anything thrown turned into a failure that names it. */
  Outcome safely(FuzzCase c) {
    if (c.variables().isEmpty()) {
      return Outcome.skipped(); // a constant: nothing to differentiate
    }
    try {
      return check(c);
    } catch (RuntimeException | StackOverflowError e) {
      return Outcome.failed(name() + " threw " + e);
    }
  }

  static Tensor eval(Expr e, Bindings at) {
    return Program.compileAsWritten(e).run(at).get(0);
  }

  static List<Tensor> evalAll(List<Expr> exprs, Bindings at) {
    return exprs.isEmpty() ? List.of() : Program.compileAsWritten(exprs).run(at);
  }

  static boolean allFinite(List<Tensor> values) {
    for (Tensor t : values) {
      if (!t.isFinite()) {
        return false;
      }
    }
    return true;
  }

  /** {@code e} with every {@code stop_gradient} node replaced by its value at {@code at}. */
  static Expr frozen(Expr e, Bindings at) {
    Map<Expr, Expr> replaced = new IdentityHashMap<>();
    for (Expr node : Graph.topologicalOrder(List.of(e))) {
      if (node.op() instanceof StopGradient) {
        replaced.put(node, Constant.of(eval(node, at)));
      }
    }
    return replaced.isEmpty() ? e : Shrinker.substitute(e, replaced);
  }

  /** {@code (∇f(x + h·v) − ∇f(x − h·v)) / 2h}, with a step scaled to x and v. */
  private static Tensor gradientDifference(Expr gradient, Variable x, Bindings at, Tensor v) {
    double[] base = at.get(x.name()).orElseThrow().toArray();
    double scale = 1;
    for (double b : base) {
      scale = Math.max(scale, Math.abs(b));
    }
    double h = Math.cbrt(Math.ulp(1.0)) * scale;
    double[] plus = base.clone();
    double[] minus = base.clone();
    for (int i = 0; i < base.length; i++) {
      plus[i] += h * v.getFlat(i);
      minus[i] -= h * v.getFlat(i);
    }
    Program program = Program.compileAsWritten(gradient);
    Tensor gp = program.run(at.with(x, Tensor.of(x.shape(), plus))).get(0);
    Tensor gm = program.run(at.with(x, Tensor.of(x.shape(), minus))).get(0);
    double[] d = new double[gp.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = (gp.getFlat(i) - gm.getFlat(i)) / (2 * h);
    }
    return Tensor.of(gp.shape(), d);
  }
}
