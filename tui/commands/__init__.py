"""Subcommands of ``ragtrack``: one module each, with ``register(subparsers)``.

Modules keep heavy imports inside their handlers so ``ragtrack --help`` and ``list`` stay fast.
"""

#: Modules under tui/commands/ that add subcommands, in the order ``--help`` lists them.
COMMAND_MODULES = ["listing", "importing", "updating", "structure", "reviewing", "exporting", "syncing", "hub"]
