"""Report figure and the ``htmp crosscheck`` sub-command."""
from __future__ import annotations

import argparse

import numpy as np
import pytest
from scipy import stats

from htmp_theory.cli import crosscheck as cli
from htmp_theory.crosscheck.plots import plot_qq, report_figure


def _parser():
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    return parser


def test_report_figure_saves(tmp_path):
    x = stats.gamma(0.7).rvs(size=(10, 400), random_state=1)
    fig = report_figure(x, stats.gamma(0.7), title="gamma")
    out = tmp_path / "r.png"
    fig.savefig(out)
    assert out.stat().st_size > 10_000
    assert len(fig.axes) == 4


def test_qq_points_follow_the_law():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    x = stats.norm.rvs(size=(20, 500), random_state=2)
    plot_qq(ax, x, stats.norm())
    theory, sample = ax.lines[0].get_data()
    assert np.max(np.abs(theory - sample)[10:-10]) < 0.1


def test_cli_crosscheck_writes_report(tmp_path, capsys):
    htmp = pytest.importorskip("htmp_theory")
    if not hasattr(htmp, "HTMP"):
        pytest.skip("htmp_theory.HTMP is not available")
    out = tmp_path / "report.png"
    args = _parser().parse_args(["crosscheck", "--gamma", "0.5", "--kappa", "1", "--n", "300", "--reps", "12",
                                 "--sizes", "10,20,40", "--study-reps", "40", "--out", str(out)])
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "Kolmogorov-Smirnov" in text and "finite-size study" in text
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize("argv, error", [
    (["--sizes", "10,x"], ValueError),
    (["--workers", "0"], ValueError),
])
def test_cli_bad_arguments(argv, error):
    htmp = pytest.importorskip("htmp_theory")
    if not hasattr(htmp, "HTMP"):
        pytest.skip("htmp_theory.HTMP is not available")
    args = _parser().parse_args(["crosscheck", "--gamma", "0.5", "--kappa", "1", "--n", "50", "--reps", "3"] + argv)
    with pytest.raises(error):
        args.func(args)
