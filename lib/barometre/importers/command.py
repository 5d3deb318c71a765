"""``barometre import gc-service-inventory CSV... --out DIR``: real public data → dataset."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import command
from ..i18n import both
from .gc_service_inventory import import_gc_service_inventory
from .services import DUPLICATE_POLICIES

SOURCES = ("gc-service-inventory",)


@command("import", both("import.help"))
def _import_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="source", metavar="SOURCE", required=True)
    gc = sub.add_parser(
        "gc-service-inventory", help=both("import.gc.help"), description=both("import.gc.help")
    )
    gc.add_argument("files", nargs="+", type=Path, metavar="CSV", help=both("import.gc.help_files"))
    gc.add_argument("--out", type=Path, required=True, metavar="DIR", help=both("import.gc.help_out"))
    gc.add_argument(
        "--duplicates", choices=DUPLICATE_POLICIES, default="keep", help=both("import.gc.help_duplicates")
    )


@_import_args.bind
def _import(args: argparse.Namespace) -> int:
    """Run the importer and print its summary, French then English; exit 1 when a file gave no row."""
    result = import_gc_service_inventory(args.files, args.out, duplicates=args.duplicates)
    print(result.summary("fr"))
    print()
    print(result.summary("en"))
    return 1 if result.files_unused else 0  # a file that gave nothing is an error, even beside good ones


__all__ = ["SOURCES"]
