"""`python -m migrate`: the same as the `tf1-migrate` command."""

import sys

from migrate.cli import main

if __name__ == "__main__":
    sys.exit(main())
