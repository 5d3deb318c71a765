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
    """Run the importer and print its summary, French then English.

    Exit 1 when a file gave no row, or a field an indicator needs has no usable value in a file.
    """
    result = import_gc_service_inventory(args.files, args.out, duplicates=args.duplicates)
    print(result.summary("fr"))
    print()
    print(result.summary("en"))
    # a file that gave nothing, or gave an indicator nothing (no usable value in a field), is an error
    return 1 if result.files_unused or result.empty_fields else 0


__all__ = ["SOURCES"]
