"""Shared helpers for the derivation scripts: step printing and failing checks."""
import sys

from htmp_theory.symbolic import pretty

_failures = []


def step(title: str, expr=None) -> None:
    """Print a numbered derivation step (and an expression, pretty-printed)."""
    print(f"\n== {title}")
    if expr is not None:
        print(pretty(expr))


def check(condition: bool, what: str) -> None:
    """Record and print a check; failures make :func:`finish` exit non-zero."""
    print(f"[{'ok' if condition else 'FAIL'}] {what}")
    if not condition:
        _failures.append(what)


def finish() -> None:
    """Exit with status 1 if any check failed."""
    if _failures:
        print(f"\n{len(_failures)} check(s) FAILED", file=sys.stderr)
        sys.exit(1)
    print("\nall checks passed")
