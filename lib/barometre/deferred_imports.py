"""Defer a costly third-party import that Baromètre never uses.

jsonschema, imported by altair and nbformat (so by every kernel, render worker and rendering command),
imports ``rfc3987_syntax`` for its "iri" format check. That module compiles an Earley grammar as it is
imported: about 0.7 s of CPU in every such process, although no schema Baromètre validates has that
format. :func:`defer_iri_grammar` puts a stand-in in its place whose ``is_valid_syntax`` (the one name
jsonschema takes) loads the real module on first call: the check works as before, and is paid for only
when used.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

NAME = "rfc3987_syntax"
_lock = threading.Lock()


class _StandIn(types.ModuleType):
    """Stands for the module until one of its names is used; then the real module takes its place."""

    def __init__(self) -> None:
        super().__init__(NAME, "Loaded on first use by barometre.deferred_imports")
        self._real: types.ModuleType | None = None

    def load(self) -> types.ModuleType:
        """The real module, imported once."""
        with _lock:
            if self._real is None:
                if sys.modules.get(NAME) is self:
                    del sys.modules[NAME]
                try:
                    self._real = importlib.import_module(NAME)
                except BaseException:
                    sys.modules.setdefault(NAME, self)
                    raise
            return self._real

    def is_valid_syntax(self, term: str, value: str) -> bool:
        """``rfc3987_syntax.is_valid_syntax``, from the real module."""
        return self.load().is_valid_syntax(term, value)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.load(), name)


def defer_iri_grammar() -> bool:
    """Put the stand-in in place; False when the module is absent or already imported (nothing to do)."""
    if NAME in sys.modules or "jsonschema" in sys.modules or importlib.util.find_spec(NAME) is None:
        return False
    sys.modules[NAME] = _StandIn()
    return True
