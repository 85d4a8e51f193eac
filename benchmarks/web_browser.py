"""The web atlas's speed in headless Chromium, measured in the browser with the performance APIs.

- first render: from navigation start to the map page's ``nnatlas-ready`` mark (basemap and
  footprints drawn; ``performance.getEntriesByName``), in a fresh browser context (empty cache) each
  run, against a server that has answered once (its per-date responses are memoised); the very first
  load, on a cold server, is reported too;
- transfer: the bytes the page's load moved (``transferSize`` of the navigation and every resource
  entry, compressed as sent), once the network is idle;
- slider step: from the slider's ``input`` event to the frame after the redraw (the page's
  ``nnatlas-step`` measures), for dates already in the page's cache (the neighbours it prefetches).

Run:  .venv/bin/python benchmarks/web_browser.py [--runs 5]
Targets (issue 15): first render under 1.5 s, transfer under 1.5 MB, a slider step within 100 ms.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
FIRST_RENDER_S, TRANSFER_MB, STEP_MS = 1.5, 1.5, 100.0
MAP = "/?at=2016-12-31&var=level.org_type&lang=en"


def serve() -> tuple[str, object]:
    import uvicorn

    from nnatlas.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning", access_log=False, lifespan="off"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server


def load(browser, url: str) -> tuple[float, int, object, object]:
    """Open the map in a fresh context: (first render in s, bytes transferred, context, page)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_selector("body[data-ready]", timeout=120_000)
    page.wait_for_load_state("networkidle")
    ready = page.evaluate("() => performance.getEntriesByName('nnatlas-ready')[0].startTime") / 1000
    transfer = page.evaluate(
        "() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
        ".reduce((n, e) => n + e.transferSize, 0)"
    )
    return ready, transfer, context, page


def steps(page, n: int) -> list[float]:
    """Step the slider back and forth between cached months; the step times in ms."""
    slider = page.locator("#slider")
    slider.focus()
    page.keyboard.press("ArrowLeft")  # a new month: fetched; its neighbours are prefetched after
    page.wait_for_function("() => document.body.dataset.drawnAt !== '2016-12-31'")
    page.wait_for_load_state("networkidle")
    page.evaluate("() => performance.clearMeasures('nnatlas-step')")
    for i in range(n):
        before = page.evaluate("() => document.body.dataset.drawnAt")
        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function(f"() => document.body.dataset.drawnAt !== '{before}'")
        page.wait_for_timeout(50)
        page.wait_for_load_state("networkidle")
    return page.evaluate("() => performance.getEntriesByName('nnatlas-step').map(e => e.duration)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    base, server = serve()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        cold, cold_bytes, context, _ = load(browser, base + MAP)
        context.close()
        renders, transfers = [], []
        for _ in range(args.runs):
            ready, transfer, context, page = load(browser, base + MAP)
            renders.append(ready)
            transfers.append(transfer)
            context.close()
        _, _, context, page = load(browser, base + MAP)
        step_ms = steps(page, args.steps)
        context.close()
        browser.close()
    server.should_exit = True
    render = statistics.median(renders)
    transfer_mb = max(transfers) / 1e6
    step = max(step_ms)
    print(f"first render on a cold server: {cold:.2f} s ({cold_bytes / 1e6:.2f} MB)")
    print(
        f"first render: median {render:.2f} s (range {min(renders):.2f}-{max(renders):.2f}, {len(renders)} runs); "
        f"target {FIRST_RENDER_S:g} s: {'met' if render <= FIRST_RENDER_S else 'MISSED'}"
    )
    verdict = "met" if transfer_mb <= TRANSFER_MB else "MISSED"
    print(f"transfer: {transfer_mb:.2f} MB (largest of the runs); target {TRANSFER_MB:g} MB: {verdict}")
    print(
        f"slider step (cached month): median {statistics.median(step_ms):.1f} ms, max {step:.1f} ms ({len(step_ms)} steps); "
        f"target {STEP_MS:g} ms: {'met' if step <= STEP_MS else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
