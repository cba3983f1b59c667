"""Issue 12: 50-digit HTMP values at large kappa, the fixed rules against mpmath.quad (same process).

    python benchmarks/bench_large_kappa_digits.py            # bulk, tails, edge rows, quantiles
    python benchmarks/bench_large_kappa_digits.py --edges    # the sweep next to the edges

For kappa > 300 Tricomi U comes from its Laplace integral along the steepest-descent path.  The
"before" column integrates it with ``mpmath.quad`` (``hyperu_scaled(quadrature="mpquad")``, the
former method, still reachable); "after" with the fixed rules of ``htmp_theory._numerics.descent``
(Gauss-Hermite or trapezoid in the steepest-descent variable; next to an edge, where the two
saddles nearly merge, Gauss rules for the weight exp(-r^3/3) on two rays of the cubic (Airy)
variable; Clenshaw-Curtis on the polygon where none of these applies; beyond the bulk the part
of the path past its corner on its own, so that tail masses need no extra digits, by a half-range
Hermite rule, and the axis part before the corner by one Gauss-Legendre rule).  Milliseconds a point (the last-U cache
cleared before each call; the least of three runs), and the digits on which the dps=50 value
agrees with dps=70.  Before, tail masses below 1e-60 came from quadrature of the density.
Target: pdf and cdf <= 50 ms a point for kappa in [300, 1e6].  mpmath runs 1.4-2 times faster
here with gmpy2 installed (the ``fast`` extra); the backend in use is printed (``MPMATH_NOGMPY=1``
for the plain Python backend).  The edge rows (x = 3.0 at kappa = 500, 2.95 at 1e4) are beyond
the bulk, where the Airy rule applies (|phi(t0) - phi(t1)| = 5.2 and 26).

``--edges``: the sweeps next to both edges, gamma in {0.05, 0.5, 2}, kappa in {300, 1e4, 1e6}:
inside the bulk, where the two saddles of U are closest without merging (the gap
|phi(t0) - phi(t1)| = 8, 10, 12: the Airy rule's reach, and the trapezoid rule's beyond it; 54
points), and beyond it (gap 20, 35, 45, 55, 80, 120: the Airy rule with the axis rule on its real
ray, then the leg and axis rules; 108 points, fewer at kappa = 300 below the lower edge, where
the larger gaps fall below x = 0); the density and the mass (cdf at the lower edge, sf at the
upper), ms a point (least of three) with the fixed rules and with mpmath.quad (one run; not
where the former path took a tail mass below 1e-60 by quadrature of the density, minutes a
point), and digits against dps=70; then the range, the points over 50 ms and the fewest digits.
"""
from __future__ import annotations

import functools
import math
import sys
import time

import mpmath as mp

import htmp_theory.laws.htmp as htmp_module
from htmp_theory import HTMP
from htmp_theory._numerics.saddles import edges, gap_offset

#: (kappa, gamma, x): bulk points, both tails (the mass there is the sf above the median, the
#: cdf below it), near an edge
POINTS = [(300.0, 0.5, "1.1"), (500.0, 0.5, "1.1"), (500.0, 0.5, "3.0"), (1e4, 0.5, "1.1"),
          (1e4, 0.5, "2.95"), (1e4, 0.5, "3.2"), (1e4, 0.5, "0.06"), (1e4, 0.05, "1.2"),
          (1e6, 0.5, "1.5"), (1e6, 2.0, "5.9"), (1e6, 0.5, "0.08")]
#: (kappa, gamma, q) for the quantiles
QUANTILES = [(500.0, 0.5, "0.3"), (1e4, 0.5, "0.3"), (1e4, 0.5, "0.999"), (1e6, 2.0, "0.9")]


#: the sweeps next to the edges: gammas, kappas, gaps |phi(t0) - phi(t1)| inside the bulk and beyond
EDGE_SWEEP = ((0.05, 0.5, 2.0), (300.0, 1e4, 1e6), {True: (8.0, 10.0, 12.0),
                                                    False: (20.0, 35.0, 45.0, 55.0, 80.0, 120.0)})


def _timed(func, law, repeats: int = 3):
    """The value and the least of ``repeats`` times in ms (the last-U cache cleared before each:
    the least time is the least disturbed by other jobs on the machine)."""
    best = math.inf
    for _ in range(repeats):
        law._last_u = None
        start = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - start)
    return value, 1e3 * best


def _digits(a, b) -> float:
    with mp.workdps(90):
        err = abs(a / b - 1) if b != 0 else abs(a)
        return 70.0 if err == 0 else min(70.0, float(-mp.log10(err)))


def _old_used_density_quadrature(law, name, arg, underflow: bool = False) -> bool:
    """Whether the former path took this mass by quadrature of the density (below 1e-60): minutes
    a point with mpmath.quad for U, not timed here (with the new rules for the density: 30-40 s).
    ``underflow``: also where the float64 mass is 0, from which the former path planned its digits
    (next to the lower edge at kappa = 300 that took minutes a point)."""
    if name not in ("cdf", "sf"):
        return False
    mass = law.sf(float(arg)) if name == "sf" else law.cdf(float(arg)) - law.atom
    return mass < 1e-60 if underflow else 0 < mass < 1e-60


def _evaluate(law, name, arg, quad_repeats: int = 3, warm_shift: str = "1e-3", underflow: bool = False):
    """(value at dps=50, ms) with the new rules, ms with mpmath.quad, digits against dps=70.

    Both rules are first called once at a nearby point (``arg`` times 1 + ``warm_shift``): the
    nodes they cache per precision (Gauss-Hermite, Clenshaw-Curtis; mpmath.quad's tanh-sinh) are
    built once per session."""
    func = getattr(law, name)
    warm = str(mp.mpf(arg) * (1 + mp.mpf(warm_shift)))
    func(mp.mpf(warm), dps=50)
    law._last_u = None
    new, ms_new = _timed(lambda: func(mp.mpf(arg), dps=50), law)
    if _old_used_density_quadrature(law, name, arg, underflow):
        law._last_u = None
        ref = func(mp.mpf(arg), dps=70)
        return new, ms_new, math.nan, _digits(new, ref), math.nan
    original = htmp_module.hyperu_scaled
    htmp_module.hyperu_scaled = functools.partial(original, quadrature="mpquad")
    try:
        law._last_u = None
        func(mp.mpf(warm), dps=50)
        law._last_u = None
        old, ms_old = _timed(lambda: func(mp.mpf(arg), dps=50), law, quad_repeats)
    finally:
        htmp_module.hyperu_scaled = original
    law._last_u = None
    ref = func(mp.mpf(arg), dps=70)
    return new, ms_new, ms_old, _digits(new, ref), _digits(old, ref)


def edge_sweep(inside: bool) -> None:
    """The points next to the edges, ``inside`` the bulk or beyond it (module notes)."""
    where = "inside the bulk" if inside else "beyond the bulk"
    print(f"\ndps=50 {where} next to an edge: ms a point, fixed rules (least of 3) vs mpmath.quad (1 run);"
          f" digits agreeing with dps=70; mpmath backend: {mp.libmp.BACKEND}")
    print(f"{'kappa':>8} {'gamma':>6} {'edge':>5} {'gap':>4} {'x':>12} {'fn':>4} {'new ms':>7} {'quad ms':>8} "
          f"{'ratio':>6} {'digits':>7}")
    gammas, kappas, gaps = EDGE_SWEEP
    times, ratios, digits = [], [], []
    for kappa in kappas:
        for gamma in gammas:
            law = HTMP(gamma, kappa)
            law.cdf(1.0)
            for edge in (0, 1):
                for gap in gaps[inside]:
                    x = edges(gamma, kappa)[edge] * (1 + gap_offset(gamma, kappa, edge, inside, gap))
                    if x <= 0:
                        continue
                    x = repr(x)
                    for name in ("pdf", "cdf" if edge == 0 else "sf"):
                        # warmed up next to x (1e-3 away at kappa = 1e6 is beyond the edge, where
                        # mpmath.quad on the former path takes minutes for a tail mass)
                        _, ms_new, ms_old, d_new, _ = _evaluate(law, name, x, quad_repeats=1, warm_shift="1e-9",
                                                                underflow=True)
                        times.append(ms_new)
                        if not math.isnan(ms_old):
                            ratios.append(ms_old / ms_new)
                        digits.append(d_new)
                        print(f"{kappa:8.0e} {gamma:6g} {('lower', 'upper')[edge]:>5} {gap:4g} {x[:12]:>12} "
                              f"{name:>4} {ms_new:7.0f} {ms_old:8.0f} {ms_old / ms_new:6.1f} {d_new:7.1f}")
    over = sum(ms > 50 for ms in times)
    print(f"{where}, {len(times)} values: {min(times):.0f}-{max(times):.0f} ms a point, {over} over 50 ms; "
          f"{min(ratios):.1f}-{max(ratios):.1f} times faster than mpmath.quad; digits {min(digits):.1f}+")


def main() -> None:
    print("dps=50 at large kappa: ms a point, new fixed rules vs mpmath.quad; digits agreeing with dps=70;"
          f" mpmath backend: {mp.libmp.BACKEND}")
    header = (f"{'kappa':>8} {'gamma':>6} {'x / q':>6} {'fn':>4} {'value':>12} {'new ms':>8} "
              f"{'quad ms':>8} {'ratio':>6} {'digits new':>10} {'digits quad':>11}")
    print(header)
    for kappa, gamma, x in POINTS:
        law = HTMP(gamma, kappa)
        law.cdf(1.0)  # the float64 table (mass estimates) is not part of the cost
        mass = "sf" if law.cdf(float(x)) > (1 + law.atom) / 2 else "cdf"
        for name in ("pdf", mass):
            value, ms_new, ms_old, d_new, d_old = _evaluate(law, name, x)
            print(f"{kappa:8.0e} {gamma:6g} {x:>6} {name:>4} {mp.nstr(value, 5):>12} {ms_new:8.0f} "
                  f"{ms_old:8.0f} {ms_old / ms_new:6.1f} {d_new:10.1f} {d_old:11.1f}")
    for kappa, gamma, q in QUANTILES:
        law = HTMP(gamma, kappa)
        law.cdf(1.0)
        value, ms_new, ms_old, d_new, d_old = _evaluate(law, "ppf", q)
        print(f"{kappa:8.0e} {gamma:6g} {q:>6} {'ppf':>4} {mp.nstr(value, 5):>12} {ms_new:8.0f} "
              f"{ms_old:8.0f} {ms_old / ms_new:6.1f} {d_new:10.1f} {d_old:11.1f}")


if __name__ == "__main__":
    if "--edges" in sys.argv[1:]:
        edge_sweep(inside=True)
        edge_sweep(inside=False)
    else:
        main()
