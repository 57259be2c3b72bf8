"""The query page in a real browser: Debian's chromium driven by playwright, against `laocu-kg serve`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("httpx")

from tests.test_serve import OFFICIALS, SEED, start_server, stop  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "kg.db"
    subprocess.run([sys.executable, "-m", "laocu_kg", "build", str(SEED), "--store", str(db)],
                   check=True, capture_output=True)
    proc, url = start_server(db)
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda req: hosts.add(urlsplit(req.url).netloc))
    page.hosts = hosts  # type: ignore[attr-defined]
    yield page
    context.close()
    assert hosts <= {urlsplit(server).netloc, ""}, f"the page reached out to {hosts}"


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


def test_pick_example_and_run(page, server):
    open_page(page, server + "/")
    page.select_option("#examples", "officials")
    assert "with their posts" in page.locator("#description").inner_text()
    assert "org:Membership" in page.evaluate("window.yasgui.getTab().getQuery()")
    page.click(".yasqe_queryButton")
    cell = page.locator(".yasr table td", has_text="王立伟").first
    cell.wait_for(timeout=20_000)
    # sortable: clicking a column's order control sorts the rows by it
    persons = "els => els.map(e => e.innerText)"
    before = page.eval_on_selector_all(".yasr table tbody td:nth-child(2)", persons)
    page.locator(".yasr table th", has_text="person").first.locator(".dt-column-order").click()
    page.locator(".yasr table th.dt-ordering-asc", has_text="person").wait_for(timeout=5_000)
    page.wait_for_function(f"JSON.stringify([...document.querySelectorAll('.yasr table tbody td:nth-child(2)')]"
                           f".map(e => e.innerText)) !== {json.dumps(json.dumps(before))}", timeout=5_000)
    after = page.eval_on_selector_all(".yasr table tbody td:nth-child(2)", persons)
    assert sorted(after) == sorted(before) and len(after) == len(before) > 1


def test_permalink_runs_query(page, server):
    open_page(page, server + "/#query=" + quote(OFFICIALS))
    page.locator(".yasr table td", has_text="王立伟").first.wait_for(timeout=20_000)
    query = page.evaluate("window.yasgui.getTab().getQuery()")
    assert "SELECT ?person ?title ?organization" in query and "PREFIX org:" in query  # prefixes declared
    assert page.locator(".yasqe .CodeMirror-gutter-elt .parseErrorIcon, .yasqe .parseErrorIcon").count() == 0


def test_construct_network_view(page, server):
    q = "CONSTRUCT { ?m org:member ?p ; org:organization ?o . ?p rdfs:label ?n } WHERE { " \
        "?m org:member ?p ; org:organization ?o . ?p rdfs:label ?n }"
    open_page(page, server + "/#query=" + quote(q))
    page.locator(".laocu-network svg text", has_text="王立伟").first.wait_for(timeout=20_000)  # shown first
    page.locator(".yasr_btn", has_text="Table").first.click()
    page.locator(".yasr table td", has_text="王立伟").first.wait_for(timeout=5_000)


def test_chromium_is_debian(browser):
    assert shutil.which(str(CHROMIUM)) and browser.version
