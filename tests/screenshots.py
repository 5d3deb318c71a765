"""Screenshots of the French overview and first ambition page, desktop and phone (``make screenshots``).

Renders the demo site first when ``<out>/<period>/fr`` is missing, then opens the pages from disk in
Debian's chromium (no network) and writes ``<out>/screenshots/<page>-<width>x<height>.png``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chromium import CHROMIUM, LAUNCH_ARGS

ROOT = Path(__file__).resolve().parent.parent

PAGES = {"overview": "index.html", "ambition-1": "ambition-1.html"}
VIEWPORTS = [(1366, 768), (390, 844)]
SETTLED = """() => [...document.querySelectorAll('.vega-chart')]
    .every(el => el.hasAttribute('data-rendered') || el.hasAttribute('data-error'))"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "demo")
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument("--period", default="2022-2023")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} manquant / missing: make browser", file=sys.stderr)
        return 1
    site = args.out / args.period / "fr"
    if not (site / "index.html").exists():
        from barometre.render.site import render_site

        print(f"rendering {args.data} into {args.out} (fr, en)")
        summary = render_site(args.data, args.out, period=args.period, langs=["fr", "en"])
        if summary.failed:
            print(f"render failed: {[(r.key, r.error) for r in summary.failed]}", file=sys.stderr)
            return 1
    shots = args.out / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            for width, height in VIEWPORTS:
                context = browser.new_context(offline=True, viewport={"width": width, "height": height})
                context.route(
                    "**/*",
                    lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
                )
                page = context.new_page()
                for name, file in PAGES.items():
                    page.goto((site / file).resolve().as_uri(), wait_until="networkidle")
                    page.wait_for_function(SETTLED, timeout=10_000)
                    target = shots / f"{name}-{width}x{height}.png"
                    page.screenshot(path=str(target))
                    print(f"wrote {target}")
                context.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
