"""YAML parsing for every file the package reads.

libyaml's loader when PyYAML has it (ten times faster: the catalogue and the strategy are read by every
kernel and command); the pure-Python one otherwise, and for the error message (it quotes the line).
"""

from __future__ import annotations

from typing import Any

import yaml

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str | bytes) -> Any:
    """Parse ``text`` like :func:`yaml.safe_load`; a syntax error raises :class:`yaml.YAMLError`."""
    try:
        return yaml.load(text, Loader=_FAST)  # noqa: S506 (a safe loader)
    except yaml.YAMLError:
        return yaml.safe_load(text)  # the same error, with the line quoted
