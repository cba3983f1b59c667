"""``python -m htmp_theory.cli`` runs the ``htmp`` command line."""
import sys

from . import main

sys.exit(main())
