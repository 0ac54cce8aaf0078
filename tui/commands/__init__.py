"""Subcommands of ``ragtrack``: one module each, with ``register(subparsers)``.

Modules keep heavy imports inside their handlers so ``ragtrack --help`` and ``list`` stay fast.
"""

#: Modules under tui/commands/ and the commands each adds, in the order ``--help`` lists them. A
#: command line naming one of these builds only its module's parser (a test keeps this in step).
COMMANDS: dict[str, tuple[str, ...]] = {
    "listing": ("list", "show"),
    "officers": ("officers",),
    "importing": ("import",),
    "updating": ("update",),
    "structure": ("add", "move", "delete", "restore"),
    "reviewing": ("review", "chase"),
    "exporting": ("export",),
    "syncing": ("sync",),
    "hub": ("hub",),
}
COMMAND_MODULES = list(COMMANDS)
