"""End to end: the dashboard of a real `veil serve` run, in a real headless Chromium.

The real openai and anthropic SDKs send requests through a `veil serve` process to the fake
provider, one with a planted AWS key; the gateway writes an audit event for each into a SQLite
store of this test. Then Debian's Chromium, driven by Playwright (never a downloaded browser),
opens `/_veil/`: the overview loads with that data and its uPlot charts draw, choosing a tier
and typing a search narrow the events table, and a click on a row opens the event's detail.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import anthropic
import openai
import pytest
from playwright.sync_api import Page, sync_playwright

from tests.e2e.conftest import FakeProvider, Service, start, veil_args
from tests.factories import aws_key_id, aws_secret
from veil.audit.store import open_store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KEY = aws_key_id("dashboard")
SECRET = aws_secret("dashboard")
REQUESTS = 5  # what `run` sends


@dataclass
class Run:
    veil: Service
    audit_url: str
    events: int


@pytest.fixture(scope="module")
def run(fake: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """A `veil serve` that audited a few requests of the real SDKs into a store of its own."""
    home = tmp_path_factory.mktemp("dashboard")
    url = f"sqlite:///{home}/audit.db"
    args = veil_args("--upstream", f"openai={fake.url}/v1", "--upstream", f"anthropic={fake.url}")
    env = {"XDG_CONFIG_HOME": str(home / "config"), "VEIL_AUDIT_URL": url}
    veil = start(args, home / "veil.log", env)
    try:
        with openai.OpenAI(base_url=veil.url + "/v1", api_key="test-key", max_retries=0) as oai:
            for text in ("hello", "explain this stack trace", f"deploy with {KEY} / {SECRET}"):
                oai.chat.completions.create(
                    model="gpt-5", messages=[{"role": "user", "content": text}]
                )
            stream = oai.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True
            )
            assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        with anthropic.Anthropic(base_url=veil.url, api_key="test-key", max_retries=0) as claude:
            claude.messages.create(
                model="claude-sonnet-4-5",
                max_tokens=64,
                messages=[{"role": "user", "content": "review my change"}],
            )
        yield Run(veil, url, _written(url, REQUESTS))
    finally:
        veil.stop()


def _written(url: str, n: int) -> int:
    """Wait until the gateway's writer has stored `n` events; how many it stored."""
    store = open_store(url)
    try:
        deadline = time.monotonic() + 20
        while (count := store.count()) < n:
            assert time.monotonic() < deadline, f"the gateway wrote {count} of {n} events"
            time.sleep(0.1)
        return count
    finally:
        store.close()


@pytest.fixture
def page(run: Run) -> Iterator[Page]:
    """A Chromium page; console errors and page errors (a CSP violation among them) fail it."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        yield tab
        browser.close()
    assert errors == []


def _rows(page: Page) -> list[str]:
    return page.locator("#events tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.href.split('/').pop())"
    )


def test_overview_draws_the_runs_charts(run: Run, page: Page, tmp_path: Path) -> None:
    answer = page.goto(run.veil.url + "/_veil/")
    assert answer is not None and answer.status == 200
    assert page.locator("#figure-requests").inner_text() == str(run.events)
    page.wait_for_selector("#chart-latency .uplot canvas")
    for chart in ("#chart-requests", "#chart-latency"):
        box = page.locator(f"{chart} .uplot canvas").bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100
    # The canvas holds drawn pixels, not a blank rectangle.
    assert page.evaluate(
        """() => {
            const c = document.querySelector('#chart-requests canvas');
            const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            return px.some(v => v !== 0);
        }"""
    )
    legend = page.locator("#chart-requests .u-legend").inner_text()
    assert "Restricted" in legend and "Public" in legend
    for name in ("aws_access_key_id", "openai", "anthropic", "gpt-5", "claude-sonnet-4-5"):
        assert name in page.locator(".rankings").inner_text()
    assert KEY not in page.content() and SECRET not in page.content()
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)


def test_a_filter_narrows_the_table_and_a_row_opens_its_event(run: Run, page: Page) -> None:
    page.goto(run.veil.url + "/_veil/")
    page.click("header nav >> text=Events")
    every = _rows(page)
    assert len(every) == run.events
    with page.expect_navigation():
        page.select_option("select[name=tier]", "Restricted")  # the form sends itself
    restricted = _rows(page)
    assert 1 <= len(restricted) < len(every) and "tier=Restricted" in page.url
    assert set(page.locator("#events tbody .tier").all_inner_texts()) == {"Restricted"}
    page.goto(run.veil.url + "/_veil/events")
    page.fill("input[name=search]", "claude")
    with page.expect_navigation():
        page.press("input[name=search]", "Enter")
    assert page.url.endswith("/_veil/events?search=claude")  # empty fields stay out
    (claude,) = _rows(page)
    with page.expect_navigation():
        page.click("#events tbody tr td.model")  # a click on the row, not on its link
    assert page.url.endswith(f"/_veil/events/{claude}")
    assert page.locator("#event-seq").inner_text() == claude
    columns = page.locator("#event-columns").inner_text()
    assert "claude-sonnet-4-5" in columns and "anthropic" in columns
    assert "prev_hash" in columns and "hash" in columns
    assert KEY not in page.content() and SECRET not in page.content()


def test_the_restricted_event_shows_its_findings(run: Run, page: Page) -> None:
    page.goto(run.veil.url + "/_veil/events?kind=aws_access_key_id")
    (seq,) = _rows(page)
    page.click(f"#events a[href$='/events/{seq}']")
    assert "aws_access_key_id" in page.locator("#event-columns").inner_text()
    assert "aws_access_key_id" in page.locator("#event-data").inner_text()
    assert KEY not in page.content() and SECRET not in page.content()
