"""The ``htmp`` command line.

Each sub-command lives in its own module of this package and exposes
``register(subparsers)``, which adds an ``argparse`` sub-parser whose ``func``
default receives the parsed arguments and returns an exit status.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

#: Modules of this package that define sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = ("density", "tails", "demo", "crosscheck", "fit")


def add_law_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--gamma``, ``--kappa``, ``--scale`` and ``--inverse`` (the law to evaluate)."""
    # kept as text: the law reads decimal strings exactly (0.3255 is 651/2000, not a double)
    parser.add_argument("--gamma", type=str, required=True, help="aspect ratio gamma = n/m > 0 (read exactly)")
    parser.add_argument("--kappa", type=str, required=True,
                        help="repulsion kappa = beta n > 0 ('inf' for Marchenko-Pastur; read exactly)")
    parser.add_argument("--scale", type=str, default="1", help="mean of the law (default 1; read exactly)")
    parser.add_argument("--inverse", action="store_true", help="use the law of 1/X (InverseHTMP)")


def law_from_args(args: argparse.Namespace):
    """The law selected by :func:`add_law_arguments`."""
    from htmp_theory import HTMP, InverseHTMP

    cls = InverseHTMP if args.inverse else HTMP
    return cls(args.gamma, args.kappa, scale=args.scale)


def output_file(path: str, default_suffix: str = ".png") -> str:
    """Check that the figure file ``path`` can be written before any work starts.

    Returns the path that will be written: matplotlib adds ``default_suffix`` to a name
    without one, and the commands report that name.  ``ValueError`` (shown as a usage
    error) for a missing or unwritable directory.
    """
    if not os.path.splitext(path)[1]:
        path += default_suffix
    _check_writable_dir(os.path.dirname(os.path.abspath(path)), f"--out {path}")
    return path


def output_dir(path: str) -> str:
    """Check that the folder ``path`` exists and is writable, or can be created; returns it."""
    target = os.path.abspath(path)
    while not os.path.exists(target):  # the nearest existing ancestor must take the new folders
        target = os.path.dirname(target)
    if not os.path.isdir(target):
        raise ValueError(f"--out {path}: {target} is not a directory")
    _check_writable_dir(target, f"--out {path}")
    return path


def _check_writable_dir(folder: str, what: str) -> None:
    if not os.path.isdir(folder):
        raise ValueError(f"{what}: the directory {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"{what}: the directory {folder} is not writable")


def build_parser() -> argparse.ArgumentParser:
    """Return the ``htmp`` argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="htmp",
        description="High-temperature Marchenko-Pastur law: densities, tails, demos and cross-checks.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``htmp`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (ValueError, TypeError) as exc:
        parser.error(str(exc))
    except OSError as exc:  # e.g. the disk filled up while writing: a message, not a traceback
        parser.exit(1, f"{parser.prog}: error: {exc}\n")
    return 2  # pragma: no cover - parser.error exits


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
