"""java.util.Random in Python, so the side-by-side cases run on the very numbers the JMH benchmarks use.

Only what the bench classes call: nextDouble, nextGaussian (the JDK's polar method, with StrictMath
replaced by math: at most an ulp apart), nextInt(bound), and Tensor.randomNormal/randomUniform's
element order (row-major, one draw per element).
"""

import math

import numpy as np

_MULTIPLIER = 0x5DEECE66D
_ADDEND = 0xB
_MASK = (1 << 48) - 1


class JavaRandom:
    """The 48-bit linear congruential generator of java.util.Random, seeded as Java seeds it."""

    def __init__(self, seed):
        self._seed = (seed ^ _MULTIPLIER) & _MASK
        self._next_gaussian = None

    def _next(self, bits):
        self._seed = (self._seed * _MULTIPLIER + _ADDEND) & _MASK
        r = self._seed >> (48 - bits)
        # Java's (int) cast: only 32-bit draws can come out negative.
        return r - (1 << 32) if bits == 32 and r >= 1 << 31 else r

    def next_double(self):
        return ((self._next(26) << 27) + self._next(27)) * 2.0**-53

    def next_int(self, bound):
        r = self._next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        r = u % bound
        while u - r + m >= 1 << 31:
            u = self._next(31)
            r = u % bound
        return r

    def next_gaussian(self):
        if self._next_gaussian is not None:
            g, self._next_gaussian = self._next_gaussian, None
            return g
        while True:
            v1 = 2 * self.next_double() - 1
            v2 = 2 * self.next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        multiplier = math.sqrt(-2 * math.log(s) / s)
        self._next_gaussian = v2 * multiplier
        return v1 * multiplier

    def normal(self, *shape):
        """Tensor.randomNormal(Shape.of(shape), this)."""
        n = math.prod(shape)
        return np.array([self.next_gaussian() for _ in range(n)], dtype=np.float64).reshape(shape)

    def uniform(self, low, high, *shape):
        """Tensor.randomUniform(Shape.of(shape), low, high, this)."""
        n = math.prod(shape)
        values = [low + (high - low) * self.next_double() for _ in range(n)]
        return np.array(values, dtype=np.float64).reshape(shape)
