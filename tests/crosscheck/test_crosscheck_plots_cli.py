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


def test_cli_external_samples(tmp_path, capsys):
    from htmp_theory.sampling import sample_htmp

    good, bad = tmp_path / "good.npy", tmp_path / "bad.txt"
    np.save(good, sample_htmp(200, 0.5, 2.0, reps=20, rng=1))
    np.savetxt(bad, sample_htmp(200, 0.5, 4.0, reps=20, rng=2))
    base = ["crosscheck", "--gamma", "0.5", "--kappa", "2", "--strict"]
    args = _parser().parse_args(base + ["--samples", str(good), "--exact"])
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "exact finite-n reference" in text and "p (iid)" in text and "finite-size" not in text
    args = _parser().parse_args(base + ["--samples", str(bad), "--exact"])
    assert args.func(args) == 1
    assert "REJECTED" in capsys.readouterr().out


def test_cli_hermite_model_exact(tmp_path, capsys):
    from htmp_theory.sampling import sample_gaussian_crossover

    path = tmp_path / "h.npy"
    np.save(path, sample_gaussian_crossover(100, 1.0, reps=10, rng=3))
    args = _parser().parse_args(["crosscheck", "--model", "hermite", "--c", "1", "--samples", str(path),
                                 "--exact", "--strict"])
    assert args.func(args) == 0
    assert "GaussianHT(c=1)" in capsys.readouterr().out


@pytest.mark.parametrize("argv, match", [
    (["--model", "jacobi", "--c", "1"], "needs --a, --b"),
    (["--model", "laguerre", "--kappa", "1"], "needs --gamma"),
    (["--samples", "/nonexistent/file.npy", "--gamma", "0.5", "--kappa", "1"], "no such file"),
])
def test_cli_sample_errors(argv, match):
    args = _parser().parse_args(["crosscheck", "--n", "20", "--reps", "2", "--no-finite-size"] + argv)
    with pytest.raises(ValueError, match=match):
        args.func(args)


def test_cli_unreadable_and_nan_samples(tmp_path):
    text = tmp_path / "x.txt"
    text.write_text("1.0 2.0\nfoo bar\n")
    args = _parser().parse_args(["crosscheck", "--gamma", "0.5", "--kappa", "1", "--samples", str(text)])
    with pytest.raises(ValueError, match="cannot read"):
        args.func(args)
    path = tmp_path / "nan.npy"
    np.save(path, np.array([[1.0, np.nan, 2.0]]))
    args = _parser().parse_args(["crosscheck", "--gamma", "0.5", "--kappa", "1", "--samples", str(path)])
    with pytest.raises(ValueError, match="--samples must be finite"):
        args.func(args)
