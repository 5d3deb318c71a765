"""Command-line interface: ``barometre <command>`` (see the brief, section 5).

Each command lives in the module that does the work and registers itself here
through :func:`command`; this module only parses arguments, sets up logging and
turns :class:`~barometre.errors.BarometreError` into a message and an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable

from .errors import BarometreError

log = logging.getLogger("barometre")

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Handler, str]] = {}
# Modules that register commands; imported lazily so ``barometre --help`` stays fast.
COMMAND_MODULES = (
    "barometre.commands",
    "barometre.render.command",
    "barometre.importers.command",
    "barometre.collect.command",
    "barometre.plans_command",
    "barometre.publish.command",
    "barometre.brief.command",
)


def command(name: str, help: str) -> Callable:
    """Register ``configure(parser)`` and ``run(args) -> exit code`` as a subcommand."""

    def deco(configure: Callable[[argparse.ArgumentParser], None]) -> Callable:
        def bind(run: Handler) -> Handler:
            _COMMANDS[name] = (configure, run, help)
            return run

        configure.bind = bind  # type: ignore[attr-defined]
        return configure

    return deco


# « --period » of render, brief and plans (api.resolve_period): the default, and when it is refused
PERIOD_DEFAULT_HELP = "défaut : la plus récente ; refusé si une plus récente a toutes ses lignes rejetées"


def jobs(text: str) -> int:
    """``--jobs N``: a number of processes, at least 1 (« 0 » or « -1 » ran one process without a word)."""
    from .i18n import both

    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(both("cli.jobs", value=text))
    return n


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every registered command."""
    for module in COMMAND_MODULES:
        importlib.import_module(module)
    parser = argparse.ArgumentParser(
        prog="barometre",
        description="Baromètre de la transformation numérique / Digital transformation barometer",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="journal détaillé / verbose log")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for name, (configure, _run, help_text) in _COMMANDS.items():
        configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``barometre`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(message)s",
        stream=sys.stderr,
    )
    if not args.command:
        parser.print_help()
        return 2
    _configure, run, _help = _COMMANDS[args.command]
    try:
        return int(run(args) or 0)
    except BarometreError as exc:
        print(f"Erreur / Error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrompu / Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    # disk full, no rights, read-only: say which path and what to do, never a traceback
    except OSError as exc:
        from .os_errors import output_error

        error = output_error(exc)
        print(f"Erreur / Error: {error}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
