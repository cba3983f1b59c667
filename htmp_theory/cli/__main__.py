"""``python -m htmp_theory.cli`` runs the ``htmp`` command line."""
import sys

from . import main

if __name__ == "__main__":  # not when imported (e.g. by the API reference generator)
    sys.exit(main())
