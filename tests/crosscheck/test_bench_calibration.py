"""The calibration benchmark runs (a few seeds, n = 100 rows) and prints its tables."""
from __future__ import annotations

import importlib.util
import pathlib

import pytest

SCRIPT = pathlib.Path(__file__).parents[2] / "benchmarks" / "bench_calibration.py"


@pytest.mark.slow
def test_quick_calibration_run(capsys):
    spec = importlib.util.spec_from_file_location("bench_calibration", SCRIPT)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.main(["--seeds", "3", "--quick", "--workers", "1"])
    out = capsys.readouterr().out
    assert "rejection rate of `passed`" in out and "coverage" in out
    # a correct sampler against the exact model: the verdict holds at 3 seeds (p of 3 alarms < 1e-5)
    row = next(line for line in out.splitlines() if line.startswith("package") and "model" in line)
    assert float(row.split()[3]) < 1.0
