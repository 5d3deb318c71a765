"""Debian's Chromium, as the browser tests and the screenshots launch it (no browser download)."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Running as root in CI; no background traffic on a machine without network.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
