package dev.adjoint.demos.tour;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.check.Agreement;
import dev.adjoint.autodiff.check.GradientCheck;
import dev.adjoint.autodiff.check.GradientCheckReport;
import dev.adjoint.autodiff.check.SymbolicComparison;
import dev.adjoint.autodiff.check.VariableReport;
import dev.adjoint.demos.cli.ExpressionLanguage;
import dev.adjoint.demos.problems.Neuron;
import dev.adjoint.demos.text.Numbers;
import java.io.PrintWriter;
import java.util.Arrays;

/**
 * Act 2: the mission's sigmoid neuron. Adjoint derives ∂L/∂W symbolically; it is printed next to
 * the hand derivation, and the two are checked against each other and against finite differences,
 * numerically and (where the simplifier can tell) as formulas.
 */
final class NeuronAct {
  /** The problem raced in act 3 as well. */
  static final Neuron NEURON = Neuron.generate(3, 40, 3);

  /** The hand derivation as it is written on paper. */
  static final String HAND_DERIVATION = "2(σ(WX) − y)·σ(WX)·(1 − σ(WX))·Xᵀ";

  private NeuronAct() {}

  static void run(TourContext context) {
    PrintWriter out = context.out();
    context.heading("2. A sigmoid neuron: a loss you cannot solve");
    Neuron neuron = NEURON;
    Variable w = neuron.weights();
    Expr loss = neuron.loss();
    Expr derived = ExpressionLanguage.simplify(loss.gradient(w).of(w));
    Expr hand = neuron.handGradient();
    out.printf(
        "One neuron, W %s, on %d samples X %s with targets y %s, squared error:%n",
        w.shape(),
        neuron.inputs().shape().dim(1),
        neuron.inputs().shape(),
        neuron.targets().shape());
    out.println("  L      = " + ExpressionLanguage.unicode(loss));
    out.println("  ∂L/∂W  = " + ExpressionLanguage.unicode(derived) + "   (derived by Adjoint)");
    out.println("  ∂L/∂W  = " + HAND_DERIVATION + "   (by hand)");
    out.println(
        "         = " + ExpressionLanguage.unicode(hand) + "   (the hand derivation in Adjoint)");
    out.println();

    Tensor point = Tensor.matrix(new double[][] {{0.5, -0.3, 0.8}});
    Bindings at = neuron.data().with("W", point);
    GradientCheckReport report =
        GradientCheck.of(loss)
            .withRespectTo(w)
            .withHandDerived(w, hand)
            .withCanonicalForm(ExpressionLanguage::simplify)
            .at(at);
    VariableReport r = report.variable(w);
    Agreement handVsAutodiff = r.handVsAutodiff().orElseThrow();
    Agreement autodiffVsFd = r.autodiffVsFiniteDifferences();
    out.println("Do they agree? At W = " + point + ":");
    out.println("  Adjoint's gradient   " + r.autodiff());
    out.println(
        "  hand vs Adjoint:     max abs error "
            + Numbers.sig(handVsAutodiff.maxAbsoluteError())
            + (handVsAutodiff.passed() ? "  ✓" : "  ✗ MISMATCH"));
    out.println(
        "  Adjoint vs central finite differences: max abs error "
            + Numbers.sig(autodiffVsFd.maxAbsoluteError())
            + (autodiffVsFd.passed() ? "  ✓" : "  ✗ MISMATCH"));
    SymbolicComparison symbolic = r.symbolic().orElseThrow();
    out.println(
        "  as formulas:         "
            + (symbolic.identical()
                ? "identical after simplification ✓"
                : "built differently (the simplifier did not bring them to one form), but equal at "
                    + symbolic.comparablePoints()
                    + " random points"
                    + (symbolic.agrees() ? " ✓" : " ✗")));
    out.println();
    out.println(
        "Why not solve ∂L/∂W = 0 as in act 1? W sits inside the sigmoid, an exponential, so the");
    out.println(
        "equations are nonlinear in W: there is no linear system to solve, so we must iterate.");
    if (!report.passed()) {
      out.println(
          "WARNING: the gradient check failed: " + Arrays.toString(report.variables().toArray()));
    }
  }
}
