"""The global asset lineage page in headless Debian chromium, driven by Playwright."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Locator, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1800, "height": 760}
# UI preferences the webapp keeps in localStorage: left-to-right lineage, navigation collapsed.
PREFERENCES = {"asset-graph-direction": "horizontal", "dagster-nav-collapsed": True}


def chromium_missing_reason() -> str | None:
    if Path(CHROMIUM).exists():
        return None
    return (
        f"Debian chromium is not installed at {CHROMIUM} (Playwright cannot download browsers "
        "here): `apt-get install chromium`, or run `make test`, which installs it on Debian"
    )


def screenshot_lineage(url: str, asset_names: list[str], screenshot: Path) -> list[str]:
    """Open the lineage with every group expanded; return the asset names that rendered."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(viewport=VIEWPORT, device_scale_factor=2)
            context.add_init_script(
                "".join(
                    f"window.localStorage.setItem({json.dumps(k)}, {json.dumps(json.dumps(v))});"
                    for k, v in PREFERENCES.items()
                )
            )
            page = context.new_page()
            page.goto(f"{url}/asset-groups")
            _expand_all_groups(page, asset_names[0])
            rendered = [name for name in asset_names if _node(page, name).is_visible()]
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
            return rendered
        finally:
            browser.close()


def _expand_all_groups(page: Page, some_asset: str) -> None:
    """With several groups the graph opens collapsed: ⌥E expands them all (remembered in
    localStorage); reloading lays the expanded graph out to fit the window, zoomed in far
    enough that nodes show their kinds, checks and partition status."""
    page.get_by_text("Materialize all").wait_for(timeout=60_000)
    page.keyboard.press("Alt+KeyE")
    _node(page, some_asset).wait_for(timeout=30_000)
    page.reload()
    # Detailed nodes, then their live state (the views' last materialization) have loaded.
    page.get_by_text("Latest event").first.wait_for(timeout=60_000)
    page.get_by_text("Materialized", exact=True).first.wait_for(timeout=30_000)


def _node(page: Page, name: str) -> Locator:
    return page.get_by_text(name, exact=True).first
