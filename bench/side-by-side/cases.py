"""The issue-12 cases in JAX (jit) and PyTorch (eager), float64, one thread, timed side by side.

Each case is the same function on the same numbers as the JMH benchmark it names: the data come from
java.util.Random with the benchmark's seed (java_random.py), so the loss and gradient norm written
to the output can be checked against Adjoint's (SideBySideTable does, when it renders the table).
Before anything is timed, the JAX and PyTorch gradients must agree to 1e-10 (norm-wise) and JAX's
gradient must match a central difference along a random direction; a case that fails stops the run.

    python cases.py --out side-by-side.json            # every case (about 5 minutes)
    python cases.py --out quick.json --only neuron     # cases whose name contains "neuron"

Timing is timeit-like: the loop count is raised until one repeat takes --min-time seconds, then
--repeats repeats; median, min and max of the per-call times are written. JAX's first call (trace,
compile, one run) is written as compile_s. The process pins itself to one CPU and both frameworks
to one thread before importing them.
"""

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

os.environ["XLA_FLAGS"] = (
    os.environ.get("XLA_FLAGS", "")
    + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
)
os.environ.setdefault("OMP_NUM_THREADS", "1")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import jax  # noqa: E402
import jaxlib  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

from java_random import JavaRandom  # noqa: E402

jax.config.update("jax_enable_x64", True)
torch.set_num_threads(1)
torch.set_num_interop_threads(1)
torch.set_default_dtype(torch.float64)

AGREEMENT = 1e-10


# ---------------------------------------------------------------- the cases' data (as the bench's)


def neuron_data(size):
    """Neuron.of(size, 42): W[m×k], X[k×n] normal, y[m×n] uniform in [0, 1)."""
    m, k, n = (int(d) for d in size.split("x"))
    r = JavaRandom(42)
    return r.normal(m, k), r.normal(k, n), r.uniform(0, 1, m, n)


def classifier_data():
    """new Classifier(11): X[64×784] normal, one-hot Y, then W1, b1, W2, b2 scaled by 1/√dim0."""
    r = JavaRandom(11)
    x = r.normal(64, 784)
    y = np.zeros((64, 10))
    for i in range(64):
        y[i, r.next_int(10)] = 1
    params = []
    for shape in [(784, 128), (128,), (128, 10), (10,)]:
        params.append(r.normal(*shape) * (1 / math.sqrt(shape[0])))
    return x, y, params


def rosenbrock_data(n):
    """new Rosenbrock(n, 5)."""
    return JavaRandom(5).normal(n)


NX = 100
COURANT = 0.125


def advection_data():
    """new Advection(scheme, steps, 3): q0 = 1.5 + sin(2πi/(NX−2) + 0.3), weights uniform."""
    q0 = np.array([1.5 + math.sin(2 * math.pi * i / (NX - 2) + 0.3) for i in range(NX)])
    return q0, JavaRandom(3).uniform(0, 1, NX)


CHAIN_START = (0.3, 0.9, 0.1)  # x0, a, b as in ScalarChain


# ---------------------------------------------------------------- the functions, once per framework


def neuron(xp, w, x, y, sigmoid):
    return xp.sum((sigmoid(w @ x) - y) ** 2)


def classifier(xp, log_softmax, relu, x, y, w1, b1, w2, b2):
    h = relu(x @ w1 + b1)
    return -xp.sum(y * log_softmax(h @ w2 + b2)) * (1.0 / 64)


def rosenbrock(xp, x, pairs=False):
    """As written for Adjoint (pairs: slices of reshape(x, n/2, 2)) or with strided slices."""
    if pairs:
        p = x.reshape(-1, 2)
        even, odd = p[:, 0], p[:, 1]
    else:
        even, odd = x[0::2], x[1::2]
    return xp.sum(100 * (odd - even**2) ** 2 + (1 - even) ** 2)


def flux(xp, scheme, a, b):
    if scheme == "LAX_WENDROFF":
        return (a + b + (a - b) * COURANT) * (0.5 * COURANT)
    return (xp.exp(xp.log(a / b) * COURANT) - 1) * a * b / (a - b)


def advection_step(xp, scheme, q):
    f = flux(xp, scheme, q[: NX - 1], q[1:NX])
    inner = q[1 : NX - 1] + (f[: NX - 2] - f[1 : NX - 1])
    return xp.concatenate([inner[NX - 3 : NX - 2], inner, inner[0:1]])


# ---------------------------------------------------------------- timing


def measure(fn, repeats, min_time):
    """Per-call seconds of fn(): (median, min, max, loops per repeat), timeit-style."""
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            break
        loops *= 2 if elapsed > min_time / 10 else 10
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        times.append((time.perf_counter() - start) / loops)
    return statistics.median(times), min(times), max(times), loops


def first_call(fn):
    """Seconds of fn()'s first call (for JAX: trace, compile and one run)."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# ---------------------------------------------------------------- checks


def norm_close(a, b):
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)), np.finfo(float).tiny)
    return float(np.max(np.abs(a - b)) / scale)


def check_agreement(name, jax_out, torch_out, tolerance, value_fn=None, params=None):
    """JAX's and PyTorch's loss and gradients agree, and the gradient matches central differences.

    Returns the largest relative difference between JAX and PyTorch (loss, or gradients norm-wise).
    """
    jax_loss, jax_grads = jax_out
    torch_loss, torch_grads = torch_out
    problems = []
    worst = abs(jax_loss - torch_loss) / max(abs(jax_loss), 1e-300)
    if worst > tolerance:
        problems.append(f"loss JAX {jax_loss!r} vs PyTorch {torch_loss!r}")
    for i, (g, t) in enumerate(zip(jax_grads, torch_grads)):
        d = norm_close(g, t)
        worst = max(worst, d)
        if d > tolerance:
            problems.append(f"gradient {i}: JAX and PyTorch differ by {d:.3g} (norm-wise)")
    if value_fn is not None:
        rng = np.random.default_rng(7)
        directions = [rng.standard_normal(np.shape(p)) for p in params]
        h = 1e-6
        plus = value_fn([p + h * v for p, v in zip(params, directions)])
        minus = value_fn([p - h * v for p, v in zip(params, directions)])
        numeric = (plus - minus) / (2 * h)
        analytic = sum(float(np.sum(np.asarray(g) * v)) for g, v in zip(jax_grads, directions))
        if abs(numeric - analytic) > 1e-5 * max(abs(analytic), abs(numeric), 1.0):
            problems.append(f"directional derivative {analytic!r} vs central difference {numeric!r}")
    if problems:
        sys.exit(f"{name}: " + "; ".join(problems) + " — not timing a wrong computation")
    return worst


def gradient_norm(grads):
    return math.sqrt(sum(float(np.sum(np.asarray(g, dtype=np.float64) ** 2)) for g in grads))


# ---------------------------------------------------------------- the runner


class Runner:
    def __init__(self, args):
        self.args = args
        self.results = []

    def wanted(self, name):
        return not self.args.only or any(o.lower() in name.lower() for o in self.args.only)

    def record(self, name, jmh, params, framework, variant, fn, loss, grads, compile_s=None):
        median, low, high, loops = measure(fn, self.args.repeats, self.args.min_time)
        label, _, size = name.partition(" @ ")
        entry = {
            "case": label,
            "size": size,
            "jmh": jmh,
            "params": params,
            "framework": framework,
            "variant": variant,
            "median_s": median,
            "min_s": low,
            "max_s": high,
            "repeats": self.args.repeats,
            "loops": loops,
            "compile_s": compile_s,
            "loss": float(loss),
            "gradient_norm": gradient_norm(grads) if grads is not None else None,
            "tolerance": self.tolerance,
            "jax_pytorch_difference": self.difference,
        }
        self.results.append(entry)
        compile_note = f", first call {compile_s * 1e3:.1f} ms" if compile_s is not None else ""
        print(
            f"{name:60.60s} {framework:8s} {variant:14s} {median * 1e6:12.2f} µs "
            f"({low * 1e6:.2f}–{high * 1e6:.2f}, {loops} loops{compile_note})",
            flush=True,
        )

    # One case = JAX (jit, value_and_grad) and PyTorch (eager, backward) of one function.
    def gradient_case(
        self,
        name,
        jmh,
        params,
        jax_fn,
        torch_fn,
        args,
        grad_of,
        value_only=False,
        variant="jit",
        time_torch=True,
        tolerance=AGREEMENT,
    ):
        """args: numpy arrays; grad_of: indices of the arguments to differentiate.

        PyTorch always runs for the agreement check; time_torch=False leaves its timing out (for a
        second JAX variant of a case already timed). tolerance: how far apart the two frameworks'
        results (and Adjoint's, checked by SideBySideTable) may be, relative.
        """
        self.tolerance = tolerance
        if not self.wanted(name):
            return
        jargs = [jnp.asarray(a) for a in args]
        if value_only:
            jitted = jax.jit(jax_fn)
            compile_s = first_call(lambda: jitted(*jargs).block_until_ready())
            jax_loss = float(jitted(*jargs))
            targs = [torch.from_numpy(np.array(a)) for a in args]

            def torch_value():
                with torch.no_grad():
                    return torch_fn(*targs).item()

            torch_loss = torch_value()
            self.difference = check_agreement(name, (jax_loss, []), (torch_loss, []), tolerance)
            self.record(
                name,
                jmh,
                params,
                "jax",
                variant,
                lambda: jitted(*jargs).block_until_ready(),
                jax_loss,
                None,
                compile_s,
            )
            if time_torch:
                self.record(name, jmh, params, "pytorch", "eager", torch_value, torch_loss, None)
            return

        jitted = jax.jit(jax.value_and_grad(jax_fn, argnums=tuple(grad_of)))

        def jax_step():
            return jax.block_until_ready(jitted(*jargs))

        compile_s = first_call(jax_step)
        jax_loss, jax_grads = jax_step()
        jax_loss = float(jax_loss)

        targs = [torch.from_numpy(np.array(a)) for a in args]
        for i in grad_of:
            targs[i].requires_grad_(True)

        def torch_step():
            for i in grad_of:
                targs[i].grad = None
            loss = torch_fn(*targs)
            loss.backward()
            return loss.item(), [targs[i].grad for i in grad_of]

        torch_loss, torch_grads = torch_step()
        torch_grads = [g.numpy().copy() for g in torch_grads]
        value = jax.jit(jax_fn)

        def value_at(point):
            full = list(jargs)
            for i, p in zip(grad_of, point):
                full[i] = jnp.asarray(p)
            return float(value(*full))

        self.difference = check_agreement(
            name,
            (jax_loss, [np.asarray(g) for g in jax_grads]),
            (torch_loss, torch_grads),
            tolerance,
            value_at,
            [args[i] for i in grad_of],
        )
        self.record(name, jmh, params, "jax", variant, jax_step, jax_loss, jax_grads, compile_s)
        if time_torch:
            self.record(name, jmh, params, "pytorch", "eager", torch_step, torch_loss, torch_grads)

    def neuron(self):
        for size in ["1x3x1", "1x64x64", "1x512x512"]:
            w, x, y = neuron_data(size)
            params = {"size": size}
            self.gradient_case(
                f"neuron, loss + dL/dW @ {size.replace('x', '×')}",
                "NeuronBenchmark.adjoint",
                params,
                lambda w, x, y: neuron(jnp, w, x, y, jax.nn.sigmoid),
                lambda w, x, y: neuron(torch, w, x, y, torch.sigmoid),
                [w, x, y],
                [0],
            )
            self.gradient_case(
                f"neuron, value alone @ {size.replace('x', '×')}",
                "NeuronValueBenchmark.adjoint",
                params,
                lambda w, x, y: neuron(jnp, w, x, y, jax.nn.sigmoid),
                lambda w, x, y: neuron(torch, w, x, y, torch.sigmoid),
                [w, x, y],
                [0],
                value_only=True,
            )

    def classifier(self):
        name = "classifier 784-128(ReLU)-10, softmax cross-entropy, batch 64, loss + 4 gradients"
        if not self.wanted(name):
            return
        x, y, params = classifier_data()
        self.gradient_case(
            name,
            "ClassifierBenchmark.adjoint",
            {},
            lambda x, y, w1, b1, w2, b2: classifier(
                jnp, lambda z: jax.nn.log_softmax(z, axis=1), jax.nn.relu, x, y, w1, b1, w2, b2
            ),
            lambda x, y, w1, b1, w2, b2: classifier(
                torch, lambda z: torch.log_softmax(z, 1), torch.relu, x, y, w1, b1, w2, b2
            ),
            [x, y, *params],
            [2, 3, 4, 5],
        )

    def rosenbrock(self):
        for n in [1000, 10_000, 100_000, 1_000_000]:
            if not self.wanted(f"rosenbrock n = {n}"):
                continue
            x = rosenbrock_data(n)
            params = {"n": str(n)}
            for value_only, what, jmh in [
                (True, "value", "RosenbrockBenchmark.adjointValue"),
                (False, "value + gradient", "RosenbrockBenchmark.adjointGradient"),
            ]:
                # XLA compiles the slices of reshape(x, n/2, 2) (Adjoint's form) into a value
                # several times slower than x[0::2], x[1::2]; both are timed, the table takes the best.
                for pairs in [False, True]:
                    self.gradient_case(
                        f"extended Rosenbrock, {what} @ n = {n}",
                        jmh,
                        params,
                        lambda x, pairs=pairs: rosenbrock(jnp, x, pairs),
                        lambda x, pairs=pairs: rosenbrock(torch, x, pairs),
                        [x],
                        [0],
                        value_only=value_only,
                        variant="jit, reshape" if pairs else "jit, x[0::2]",
                        time_torch=not pairs,
                    )

    def scalar_chain(self):
        for steps in [334, 33334]:
            name = f"scalar chain sin(x)·a + b, loss + 3 partials @ {3 * steps:,} ops"
            if not self.wanted(name):
                continue
            params = {"steps": str(steps)}
            jmh = "ScalarChainBenchmark.adjoint"

            def looped(x0, a, b, steps=steps):
                return jax.lax.fori_loop(0, steps, lambda i, x: jnp.sin(x) * a + b, x0)

            def unrolled(x0, a, b, steps=steps):
                x = x0
                for _ in range(steps):
                    x = jnp.sin(x) * a + b
                return x

            def eager(x0, a, b, steps=steps):
                x = x0
                for _ in range(steps):
                    x = torch.sin(x) * a + b
                return x

            args = [np.float64(v) for v in CHAIN_START]
            self.gradient_case(
                name, jmh, params, looped, eager, args, [0, 1, 2], variant="jit, fori_loop"
            )
            if steps <= self.args.max_unrolled:
                # Unrolled: XLA sees one straight-line program; compile time grows with length.
                self.gradient_case(
                    name,
                    jmh,
                    params,
                    unrolled,
                    eager,
                    args,
                    [0, 1, 2],
                    variant="jit, unrolled",
                    time_torch=False,
                )

    def advection(self):
        for scheme in ["TOON", "LAX_WENDROFF"]:
            for value_only in [True, False]:
                what = "value" if value_only else "value + gradient"
                label = "Toon" if scheme == "TOON" else "Lax–Wendroff"
                name = f"advection, {label}, {what} @ NX = 100, nt = {self.args.advection_steps}"
                if not self.wanted(name):
                    continue
                steps = self.args.advection_steps
                q0, weights = advection_data()

                def jax_cost(q, w, scheme=scheme, steps=steps):
                    q = jax.lax.fori_loop(0, steps, lambda i, q: advection_step(jnp, scheme, q), q)
                    return jnp.sum(q * w)

                def torch_cost(q, w, scheme=scheme, steps=steps):
                    for _ in range(steps):
                        q = advection_step(torch, scheme, q)
                    return torch.sum(q * w)

                self.gradient_case(
                    name,
                    "AdvectionBenchmark.adjointValue"
                    if value_only
                    else "AdvectionBenchmark.adjointGradient",
                    {"scheme": scheme, "steps": str(steps)},
                    jax_cost,
                    torch_cost,
                    [q0, weights],
                    [0],
                    value_only=value_only,
                    variant="jit, fori_loop",
                    # Toon's flux divides by q[i] − q[i+1]: XLA's and PyTorch's exp and log differ
                    # in the last bits, and the cancellation amplifies that (7e-8 at nt = 2000).
                    tolerance=AGREEMENT if scheme == "LAX_WENDROFF" else 1e-6,
                )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the JSON file to write")
    parser.add_argument("--only", nargs="*", help="run the cases whose name contains one of these")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.2, help="seconds per repeat, at least")
    parser.add_argument("--max-unrolled", type=int, default=334, help="longest chain to unroll")
    parser.add_argument("--advection-steps", type=int, default=2000)
    args = parser.parse_args()
    # java.util.Random(42).nextGaussian(), nextDouble() as the JDK gives them (jshell); the Gaussian
    # may differ in the last bit (StrictMath.log against math.log).
    check = JavaRandom(42)
    if abs(check.next_gaussian() - 1.1419053154730547) > 1e-15 or check.next_double() != (
        0.30871945533265976
    ):
        sys.exit("java_random.py no longer reproduces java.util.Random")

    runner = Runner(args)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for case in [
        runner.neuron,
        runner.classifier,
        runner.rosenbrock,
        runner.scalar_chain,
        runner.advection,
    ]:
        case()
    output = {
        "started": started,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "versions": {
            "python": platform.python_version(),
            "jax": jax.__version__,
            "jaxlib": jaxlib.__version__,
            "torch": torch.__version__,
            "numpy": np.__version__,
        },
        "settings": {
            "dtype": "float64",
            "cpus": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "XLA_FLAGS": os.environ["XLA_FLAGS"].strip(),
            "torch_threads": torch.get_num_threads(),
            "repeats": args.repeats,
            "min_time_s": args.min_time,
            "machine": platform.processor() or platform.machine(),
            "load_average": os.getloadavg(),
        },
        "results": runner.results,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(output, f, indent=1)
    print(f"wrote {len(runner.results)} results to {args.out}")


if __name__ == "__main__":
    main()
