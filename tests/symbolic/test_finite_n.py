"""Exact finite-n trace moments of the tridiagonal models vs closed forms, small-n brute force and Monte Carlo."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from htmp_theory.sampling import beta_hermite, beta_jacobi, beta_laguerre
from htmp_theory.symbolic.finite_n import BETA, M, N, trace_moment, trace_moment_closed_form


def test_laguerre_second_moment_in_htmp_units():
    # E tr L^2 = beta m n (beta (m + n - 1) + 2)  =>  m2 = 1 + gamma + 2 gamma/kappa - gamma/n
    closed = trace_moment_closed_form("laguerre", 2)
    assert sp.expand(closed - BETA * M * N * (BETA * (M + N - 1) + 2)) == 0
    g, k = sp.symbols("gamma kappa", positive=True)
    htmp = closed.subs({BETA: k / N, M: N / g}) / (N * (k / g) ** 2)
    assert sp.simplify(htmp - (1 + g + 2 * g / k - g / N)) == 0


def test_hermite_fourth_moment_and_gue():
    closed = trace_moment_closed_form("hermite", 4)
    assert sp.expand(closed.subs(BETA, 2) - (2 * N**3 + N)) == 0      # GUE: E tr H^4 = 2n^3 + n
    assert sp.expand(trace_moment_closed_form("hermite", 2) - (N + BETA * N * (N - 1) / 2)) == 0


@pytest.mark.parametrize("model, k", [
    ("hermite", 3), ("laguerre", 2),
    pytest.param("laguerre", 3, marks=pytest.mark.slow), pytest.param("laguerre", 4, marks=pytest.mark.slow)])
def test_closed_form_equals_row_sum(model, k):
    closed = trace_moment_closed_form(model, k)
    params = {"beta": Fraction(3, 7), "m": Fraction(23, 2)}
    for n in (k, k + 1, 9):
        value = trace_moment(model, k, n, **params)
        assert closed.subs({N: n, BETA: sp.Rational(3, 7), M: sp.Rational(23, 2)}) == \
            sp.Rational(value.numerator, value.denominator)


def test_n_equal_one_is_the_one_dimensional_law():
    # n = 1: Laguerre L = chi^2_{beta m}, Jacobi Beta(beta/2 (a+1), beta/2 (b+1)), Hermite N(0, 1)
    beta, m, a, b = Fraction(1, 3), Fraction(5, 2), Fraction(1, 2), Fraction(-1, 3)
    assert trace_moment("laguerre", 2, 1, m=m, beta=beta) == beta * m * (beta * m + 2)
    u, v = beta / 2 * (a + 1), beta / 2 * (b + 1)
    assert trace_moment("jacobi", 2, 1, a=a, b=b, beta=beta) == u * (u + 1) / ((u + v) * (u + v + 1))
    assert trace_moment("hermite", 4, 1, beta=beta) == 3


def _monte_carlo_check(samples: np.ndarray, exact: list[float]):
    per_rep = np.stack([(samples**k).sum(axis=1) for k in range(1, len(exact) + 1)], axis=1)
    mean, se = per_rep.mean(axis=0), per_rep.std(axis=0, ddof=1) / np.sqrt(per_rep.shape[0])
    z = (mean - np.array(exact)) / se
    assert np.all(np.abs(z) < 4.5), z


@pytest.mark.parametrize("model, params, sampler", [
    ("hermite", dict(beta=0.7), lambda n: beta_hermite(n, 0.7, reps=20000, rng=1)),
    ("laguerre", dict(m=9.5, beta=0.4), lambda n: beta_laguerre(n, 9.5, 0.4, reps=20000, rng=2)),
    ("jacobi", dict(a=0.5, b=1.5, beta=1.3), lambda n: beta_jacobi(n, 0.5, 1.5, 1.3, reps=20000, rng=3)),
])
def test_monte_carlo_of_the_tridiagonal_models(model, params, sampler):
    n = 6
    _monte_carlo_check(sampler(n), [float(trace_moment(model, k, n, **params)) for k in range(1, 5)])


def test_bad_arguments():
    with pytest.raises(ValueError, match="model"):
        trace_moment("wishart", 2, 3, beta=1.0)
    with pytest.raises(ValueError, match="jacobi"):
        trace_moment_closed_form("jacobi", 2)
    with pytest.raises(ValueError, match="n"):
        trace_moment("hermite", 2, 0, beta=1.0)
