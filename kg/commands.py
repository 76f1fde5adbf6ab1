"""The complete ``kg`` command: the core group of :mod:`kg.cli` plus every command module.

Command modules add themselves to the group when imported; the entry point is here so
that ``kg.cli`` stays free of import cycles.
"""

from . import cli_cypher, cli_eval, cli_render  # noqa: F401  (each adds its commands to main)
from .cli import main

__all__ = ["main"]

if __name__ == "__main__":
    main()
