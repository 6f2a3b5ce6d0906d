"""The running app in headless Chromium (Debian's package, driven by
Playwright), with every request outside the app blocked, as in a field office
without internet: upload a messy roster through the page, see it on the
Coverage map, download the Excel export and read its rows; click a stage of
the follow-up funnel, a gender's segment of a bar, a governorate on the map
and a course's bar; empty the selection and come back; withdraw and restore.
Every page at 1440, 1280 and 390 px: nothing spills, screenshots of each go to
build/screenshots/. Then a deployment with local accounts: a viewer signs in,
sees pseudonyms and exports no names, and is refused a staff page asked for by
its address; a manager sees and exports names, is refused an admin page, and
signs out. Two servers on one PostgreSQL store: a roster uploaded through
one is counted on the other, which was not restarted. The servers' logs hold
no traceback, no warning and no password."""

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect, sync_playwright

from dashboard import ROOT, access, registry
from tests import messy
from tests.conftest import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "build" / "screenshots"
PAGES = [p.url for p in registry.PAGES]
PASSWORD = "a generated passphrase for the test"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def _serve(
    folder: Path, accounts: dict[str, str] | None = None, db: Path | str | None = None,
    seed: bool = False,
):  # fmt: skip
    """``oversight serve`` on a database of its own (or ``db``, a shared
    store), as `make run` starts it; with ``accounts`` (email: role) or
    ``seed``, the demo is loaded first, and the accounts added, each with
    ``PASSWORD``, so that the server needs sign-in. Yields its address;
    afterwards, its log holds no traceback and no warning."""
    port = free_port()
    db = db or folder / "oversight.duckdb"
    env = os.environ | {"OVERSIGHT_DB": str(db)}
    cli = [sys.executable, "-m", "dashboard.cli"]
    if seed:
        subprocess.run([*cli, "demo", "--db", str(db)], env=env, cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
    if accounts:
        subprocess.run([*cli, "demo", "--db", str(db)], env=env, cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
        for email, role in accounts.items():
            subprocess.run(
                [*cli, "user", "add", email, "--role", role, "--password-stdin", "--db", str(db)],
                input=PASSWORD + "\n", text=True, env=env, cwd=ROOT, check=True,
                capture_output=True,
            )  # fmt: skip
    log = open(folder / "server.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [*cli, "serve", "--port", str(port)],  # as `make run`
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the server did not start: " + (folder / "server.log").read_text()[-2000:])
    yield url
    # The last browser has just closed: let the server see its websocket go
    # before stopping it (Streamlit's shutdown otherwise closes that socket a
    # second time, and logs the traceback of it).
    time.sleep(2)
    proc.terminate()
    proc.wait(timeout=30)
    log.close()
    # What the server said while the tests clicked through: a traceback or a
    # Streamlit warning there is a bug, even when the page looked fine.
    said = (folder / "server.log").read_text(errors="replace")
    bad = [ln for ln in said.splitlines() if re.search(r"Traceback|WARNING|Warning|Error", ln)]
    assert not bad, "the server log holds:\n" + said[-3000:]
    assert PASSWORD not in said


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Local mode: no account, this computer only, as its administrator."""
    yield from _serve(tmp_path_factory.mktemp("server"))


@pytest.fixture(scope="module")
def signed_server(tmp_path_factory):
    """A deployment with local accounts: every page needs sign-in."""
    accounts = {"viewer@example.org": "viewer", "manager@example.org": "manager"}
    yield from _serve(tmp_path_factory.mktemp("signed"), accounts)


@pytest.fixture(scope="module")
def shared_servers(tmp_path_factory, pg_cluster):
    """Two servers, as two offices' or a load balancer's, on one PostgreSQL
    store holding the demo."""
    url = pg_cluster.database()
    first = _serve(tmp_path_factory.mktemp("first"), db=url, seed=True)
    second = _serve(tmp_path_factory.mktemp("second"), db=url)
    yield next(first), next(second)
    for server in (second, first):
        with contextlib.suppress(StopIteration):
            next(server)  # stopped, and its log checked


@pytest.fixture
def page(request):
    """A fresh browser on whichever server the test asks for, offline."""
    if "shared_servers" in request.fixturenames:
        servers = request.getfixturevalue("shared_servers")
    else:
        servers = (request.getfixturevalue(
            "signed_server" if "signed_server" in request.fixturenames else "server"
        ),)  # fmt: skip
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        blocked: list[str] = []

        def offline(route):
            if route.request.url.startswith(servers):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", offline)
        tab = context.new_page()
        tab.blocked = blocked
        yield tab
        browser.close()


def _open(page, server: str, name: str) -> None:
    page.goto(f"{server}/{name}")
    page.wait_for_selector("[data-testid=stMain] h1", timeout=60_000)
    page.wait_for_load_state("networkidle")


def _upload_titled_course(page, server: str) -> None:
    """A messy roster (a title block, four people, two rows to fix) through
    the Upload page, committed."""
    _open(page, server, "upload")
    page.set_input_files(
        "[data-testid=stFileUploader] input[type=file]",
        files=[{"name": "Ninewa course - roster.xlsx", "mimeType": "application/octet-stream",
                "buffer": messy.titled_course()}],
    )  # fmt: skip
    page.get_by_text("rows will be loaded").wait_for(timeout=60_000)
    page.get_by_role("button", name="Commit 1 file").click()
    page.get_by_text("4 rows loaded, 2 rejected").wait_for(timeout=60_000)


def test_upload_see_on_the_map_export_offline(server, page):
    _upload_titled_course(page, server)

    _open(page, server, "coverage")
    page.wait_for_selector(".js-plotly-plot .choroplethlocation", timeout=60_000)
    # All 18 governorates drawn from the shipped boundaries, with no base map
    # from a CDN (every outside request is blocked).
    assert page.locator(".choroplethlocation").count() == 18
    assert page.get_by_text("16 of 15 planned — 107%").count() == 1  # Salah al-Din, +1

    _open(page, server, "participants")
    # Four new people: their phones are the demo's first three officers', not their names.
    page.get_by_text("64 participants").wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download Excel").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(book["Participants"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Name", "Gender", "Governorate")
    assert len(rows) - 1 == 64

    # The upload and the export are in the audit log, once each.
    _open(page, server, "audit")
    main = page.get_by_test_id("stMain")
    main.get_by_text("Action").first.wait_for(timeout=60_000)
    # Each step changes the count, so the text waited for is never the last one's.
    count = main.get_by_text(re.compile(r"^[0-9]+ entr(y|ies)$"))

    def choose(n: int, option: str) -> None:
        chosen = main.get_by_test_id("stSelectbox").nth(n)
        for _ in range(3):  # a click that lands while the page reruns is lost: again
            chosen.click()
            page.get_by_role("option", name=option, exact=True).click()
            with contextlib.suppress(AssertionError):
                expect(chosen.get_by_role("combobox")).to_have_value(option, timeout=10_000)
                return
        expect(chosen.get_by_role("combobox")).to_have_value(option)

    choose(1, "export")
    expect(count).to_have_text("1 entry", timeout=60_000)
    choose(1, "upload")  # the demo's four files, and ours
    expect(count).to_have_text("5 entries", timeout=60_000)
    choose(0, access.LOCAL.email)
    expect(count).to_have_text("1 entry", timeout=60_000)

    assert page.blocked == []  # (every page's screenshots: test_every_page_fits_its_width)


def test_clicking_a_funnel_stage_narrows_every_page(server, page):
    _open(page, server, "follow_up")
    stage = page.locator(".js-plotly-plot .funnellayer .point path").nth(3)  # selected for ToT
    stage.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # the chart finishes drawing
    # The bar itself: its label may stand outside a narrow bar.
    stage.click(force=True)
    sentence = "Showing: All participants, selected for training of trainers"
    page.get_by_text(sentence).wait_for(timeout=60_000)
    assert "stage=Selected+for+training+of+trainers" in page.url
    # While the page reruns, its old elements stand beside the new ones a moment.
    page.get_by_role("link", name="See the participants behind these numbers").first.click()
    page.get_by_text("12 participants").wait_for(timeout=60_000)
    page.wait_for_selector("[data-testid=stDataFrame]", timeout=60_000)
    page.wait_for_timeout(1000)  # the grid draws its rows
    page.screenshot(path=SHOTS / "follow_up_stage_clicked.png", full_page=True)
    assert page.blocked == []


def test_clicking_a_gender_s_segment_of_a_bar_narrows_to_both(server, page):
    _open(page, server, "")
    chart = page.locator(".js-plotly-plot").first
    segments = chart.locator(".barlayer .point")
    segments.first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # the chart finishes drawing
    boxes = [segments.nth(i).bounding_box() for i in range(segments.count())]
    widths = [box["width"] if box else 0 for box in boxes]
    widest = widths.index(max(widths))
    count = (segments.nth(widest).text_content() or "").strip()
    segments.nth(widest).locator("path").click(force=True)
    page.wait_for_url(re.compile(r"gender="), timeout=60_000)
    assert "gov=" in page.url
    caption = page.get_by_text(re.compile(r"^Showing: (Women|Men) in \w+"))
    caption.wait_for(timeout=60_000)
    page.get_by_test_id("stMetricValue").first.get_by_text(count, exact=True).wait_for(
        timeout=60_000
    )
    page.screenshot(path=SHOTS / "overview_bar_clicked.png", full_page=True)
    assert page.blocked == []


@pytest.mark.parametrize("width", [1440, 1280, 390])
def test_every_page_fits_its_width(server, page, width):
    """At a desktop's width and a phone's, nothing spills past the page's
    edge (a table wider than it scrolls inside itself), and nothing fails."""
    page.set_viewport_size({"width": width, "height": 900})
    for name in PAGES:
        _open(page, server, name)
        page.wait_for_timeout(600)  # charts finish drawing
        assert page.locator("[data-testid=stException]").count() == 0, name
        spill = page.evaluate("document.documentElement.scrollWidth") - width
        assert spill <= 1, f"{name or 'overview'} spills {spill}px past {width}px"
        page.screenshot(path=SHOTS / f"{name or 'overview'}_{width}.png", full_page=True)
    assert page.blocked == []


@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_every_page_reads_right_to_left_in_arabic_and_kurdish(server, page, language):
    """Every page at ?lang=ar and ?lang=ckb: the document is right to left in
    that language, the sidebar stands on the right, nothing spills, the text
    is in Arabic script in the app's own font (served from static/, like
    everything else: no request leaves the app), and the Coverage map and
    bars name the governorates in the language."""
    from dashboard import gazetteer

    width = 1400
    for name in PAGES:
        _open(page, server, f"{name}?lang={language}")
        page.wait_for_timeout(600)
        assert page.locator("[data-testid=stException]").count() == 0, name
        # Set by the page's own script, which may run after its title shows.
        html = "document.documentElement"
        page.wait_for_function(
            f"{html}.lang == '{language}' && {html}.dir == 'rtl'", timeout=60_000
        )
        main = page.get_by_test_id("stMain")
        assert main.evaluate("e => getComputedStyle(e).direction") == "rtl"
        sidebar = page.get_by_test_id("stSidebar").bounding_box()
        assert sidebar["x"] > width / 2, f"{name}: the sidebar is not on the right"
        assert re.search("[\u0600-\u06ff]", page.locator("h1").first.inner_text()), name
        spill = page.evaluate("document.documentElement.scrollWidth") - width
        assert spill <= 1, f"{name or 'overview'} spills {spill}px"
        page.screenshot(path=SHOTS / f"{language}_{name or 'overview'}.png", full_page=True)
    fonts = page.evaluate(
        "Array.from(document.fonts).filter(f => f.status == 'loaded').map(f => f.family)"
    )
    assert "noto-sans-arabic" in fonts
    _open(page, server, f"coverage?lang={language}")
    charts = page.locator(".js-plotly-plot")
    charts.nth(1).locator(".ytick").first.wait_for(timeout=60_000)
    names = {g.name(language) for g in gazetteer.governorates() if g.pcode in {"IQG13", "IQG15"}}
    for chart in (charts.nth(0), charts.nth(1)):  # the map's labels, the bars' categories
        text = re.sub("[\u2066-\u2069]", "", chart.inner_text())
        assert all(n in text for n in names), text[:300]
    assert page.blocked == []


def test_an_arabic_export_has_arabic_headers_a_right_to_left_sheet_and_the_rows_shown(server, page):
    _open(page, server, "participants?lang=ar")
    count = page.get_by_text(re.compile("^\u2068?[0-9]+\u2069? مشارك"))
    count.wait_for(timeout=60_000)
    shown = int(re.search("[0-9]+", count.inner_text()).group())
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="تنزيل Excel").click()
    assert download.value.suggested_filename.startswith("oversight-المشاركون-")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames == ["المشاركون", "عن هذا التصدير"]
    sheet = book["المشاركون"]
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("الاسم", "الجنس", "المحافظة")
    assert len(rows) - 1 == shown
    assert {r[2] for r in rows[1:]} >= {"نينوى", "كركوك"}  # governorates in Arabic
    assert book["عن هذا التصدير"].sheet_view.rightToLeft
    assert page.blocked == []


def test_the_language_and_the_filters_survive_each_other_in_the_browser(server, page):
    """Choose a filter in Arabic, change page, switch to Kurdish, then to
    English: the language holds across pages, the filter across languages,
    and the address bar says both (the filter by the words of the language
    it is in, so that reloading it opens the same view)."""
    _open(page, server, "?lang=ar")
    sidebar = page.get_by_test_id("stSidebar")
    trained = page.get_by_test_id("stMetricValue").first
    main = page.get_by_test_id("stMain")

    def showing(who: str):  # the page's sentence of what it shows
        return main.get_by_text(re.compile(f"^المعروض: [\u2066-\u2069]?{who}[\u2066-\u2069]?$"))

    showing("جميع المشاركين").wait_for(timeout=60_000)
    everyone = trained.inner_text()
    sidebar.get_by_test_id("stButtonGroup").get_by_text("النساء", exact=True).click()
    page.wait_for_function("location.search.includes('gender=')", timeout=60_000)
    # Read once the page says it shows women and its count has changed.
    showing("النساء").wait_for(timeout=60_000)
    expect(trained).not_to_have_text(everyone, timeout=60_000)
    women = trained.inner_text()
    sidebar.get_by_role("link", name="المتابعة").click()
    expect(page.locator("h1").first).to_have_text("المتابعة", timeout=60_000)
    sidebar.get_by_text("کوردی", exact=True).click()
    expect(page.locator("h1").first).to_have_text("بەدواداچوون", timeout=60_000)
    page.wait_for_function("location.search.includes('lang=ckb')", timeout=60_000)
    sidebar.get_by_role("link", name="تێڕوانینی گشتی").click()
    expect(page.locator("h1").first).to_have_text("تێڕوانینی گشتی", timeout=60_000)
    expect(trained).to_have_text(women, timeout=60_000)  # women still
    sidebar.get_by_text("English", exact=True).click()
    expect(page.locator("h1").first).to_have_text("Overview", timeout=60_000)
    page.wait_for_function("location.search == '?gender=Women'", timeout=60_000)
    page.reload()
    expect(trained).to_have_text(women, timeout=60_000)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "en", "ltr",
    ]  # fmt: skip
    assert page.blocked == []


def test_map_and_gender_clicks_an_empty_selection_withdraw_and_restore(server, page):
    # A governorate clicked on the map narrows every page to it.
    _open(page, server, "coverage")
    shapes = page.locator(".js-plotly-plot .choroplethlocation")
    shapes.first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    # The darkest shape is one with people: the map names it; click its label's place.
    label = page.locator(".js-plotly-plot .scattergeo text").first
    name = label.text_content()
    box = label.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] + 6)
    page.get_by_text(f"Showing: All participants in {name}").wait_for(timeout=60_000)

    # A course's bar on the Gender page narrows to that course.
    _open(page, server, "gender")
    bars = page.locator(".js-plotly-plot").nth(1).locator(".barlayer .point path")
    bars.first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    bars.first.click(force=True)
    page.wait_for_url(re.compile(r"course="), timeout=60_000)

    # A selection of nobody says so, keeps the map, and leads back in one click.
    page.goto(f"{server}/coverage?gov=Al-Basrah")
    page.get_by_text("No participants match: All participants in Al-Basrah.").wait_for(
        timeout=60_000
    )
    page.wait_for_selector(".js-plotly-plot .choroplethlocation", timeout=60_000)
    assert page.locator(".js-plotly-plot .choroplethlocation").count() == 18
    page.get_by_test_id("stMain").get_by_role("button", name="Clear filters").click()
    page.get_by_text("Showing: All participants", exact=True).wait_for(timeout=60_000)

    # Withdraw an upload and restore it: each says so, and the picker follows.
    _open(page, server, "uploads")
    page.get_by_role("button", name="Withdraw").click()
    page.get_by_text(re.compile(r"^Upload \d+ withdrawn\.$")).wait_for(timeout=60_000)
    page.get_by_text("This upload is withdrawn.").wait_for(timeout=60_000)
    page.get_by_role("button", name="Restore").click()
    page.get_by_text(re.compile(r"^Upload \d+ restored\.")).wait_for(timeout=60_000)
    page.get_by_text("This upload is active.").wait_for(timeout=60_000)
    page.screenshot(path=SHOTS / "uploads_restored.png", full_page=True)
    assert page.blocked == []


def test_the_first_click_after_picking_from_a_list_lands(server, page):
    """The sidebar holds still while a multiselect's list is open and when it
    closes: the click meant for the next filter lands on it. Then the stage and
    a date, each through its own widget: every filter from the sidebar itself."""
    _open(page, server, "")
    sidebar = page.get_by_test_id("stSidebar")
    women = sidebar.get_by_test_id("stButtonGroup").get_by_text("Women", exact=True)
    women.wait_for(timeout=60_000)
    before = women.bounding_box()
    sidebar.get_by_test_id("stMultiSelect").nth(1).click()  # the governorates
    page.get_by_role("option", name="Kirkuk").click()
    assert women.bounding_box() == before  # the list is still open: nothing moved
    women.click()  # the first click after picking
    page.wait_for_url(re.compile(r"gender=Women"), timeout=60_000)
    assert "gov=Kirkuk" in page.url
    page.get_by_text("Showing: Women in Kirkuk").wait_for(timeout=60_000)
    assert women.bounding_box() == before
    # The stage and a date, through the sidebar's own widgets too. Below the
    # fold of a 1000 px window: scrolled to first, as a person would (a list
    # opened while the sidebar scrolls under it closes again).
    stage = sidebar.get_by_test_id("stSelectbox").first
    stage.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    stage.click()
    page.get_by_role("option", name="Followed up").click()
    expect(page).to_have_url(re.compile(r"stage=Followed"), timeout=60_000)
    day = sidebar.get_by_role("spinbutton", name="day, Courses starting from")
    day.click()
    page.keyboard.type("16122017", delay=30)  # day, month, year: each field moves on
    sidebar.get_by_text("Filters", exact=True).click()  # leaving the field commits it
    expect(page).to_have_url(re.compile(r"from=2017-12-16"), timeout=60_000)
    page.get_by_text("Showing: Women in Kirkuk, courses from 16 Dec 2017, followed up").wait_for(
        timeout=60_000
    )


def _sign_in(page, email: str) -> None:
    page.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(re.compile(f"^Signed in as {re.escape(email)}")).wait_for(timeout=60_000)


def _export(page) -> list[tuple]:
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download Excel").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    return list(book["Participants"].iter_rows(values_only=True))


def test_a_viewer_signs_in_and_sees_no_names(signed_server, page):
    server = signed_server
    page.goto(f"{server}/participants")  # a link to a page asks to sign in first
    page.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)
    page.get_by_text("Password", exact=True).wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    page.screenshot(path=SHOTS / "sign_in.png", full_page=True)
    page.get_by_role("textbox", name="Email").fill("viewer@example.org")
    page.get_by_role("textbox", name="Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("That email and password do not open an account.").wait_for(timeout=60_000)
    _sign_in(page, "viewer@example.org")
    page.get_by_role("heading", name="Participants").wait_for(timeout=60_000)
    page.get_by_text("People are shown by a pseudonym").wait_for(timeout=60_000)
    assert page.get_by_role("textbox", name="Search by name").count() == 0
    nav = page.get_by_test_id("stSidebarNav")
    assert nav.get_by_text("Participants", exact=True).count() == 1
    assert nav.get_by_text("Upload", exact=True).count() == 0
    page.wait_for_timeout(800)
    page.screenshot(path=SHOTS / "participants_viewer.png", full_page=True)
    rows = _export(page)
    assert rows[0][:3] == ("Person", "Gender", "Governorate")
    assert not {"Name", "Phone", "Unit", "Rank"} & set(rows[0]) and len(rows) - 1 == 60
    numbers = [int(r[0].split()[-1]) for r in rows[1:]]
    assert numbers == sorted(numbers)  # by pseudonym, not in the names' order
    # A page the viewer may not open, asked for by its address, says why.
    page.goto(f"{server}/upload")
    _sign_in(page, "viewer@example.org")
    page.get_by_text("Upload is open to staff and above; you are signed in as viewer.").wait_for(
        timeout=60_000
    )
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    assert page.blocked == []


def test_a_manager_signs_in_and_sees_names(signed_server, page):
    server = signed_server
    page.goto(f"{server}/participants")
    _sign_in(page, "manager@example.org")
    page.get_by_role("heading", name="Participants").wait_for(timeout=60_000)
    page.get_by_role("textbox", name="Search by name").wait_for(timeout=60_000)
    rows = _export(page)
    assert rows[0][:1] == ("Name",) and "Phone" in rows[0] and len(rows) - 1 == 60
    page.goto(f"{server}/users")
    _sign_in(page, "manager@example.org")
    page.get_by_text("Users is open to administrator and above").wait_for(timeout=60_000)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)
    assert page.blocked == []


def test_an_upload_through_one_server_shows_on_the_other(shared_servers, page):
    first, second = shared_servers
    _open(page, second, "participants")
    page.get_by_text("60 participants").wait_for(timeout=60_000)
    _upload_titled_course(page, first)
    started = time.monotonic()
    _open(page, second, "participants")  # the other server, not restarted
    page.get_by_text("64 participants").wait_for(timeout=10_000)
    seen_after = time.monotonic() - started
    page.screenshot(path=SHOTS / "shared-store-second-server.png", full_page=True)
    assert seen_after < 10
    _open(page, second, "uploads")
    page.get_by_text("Ninewa course - roster.xlsx").first.wait_for(state="attached", timeout=10_000)
    assert page.blocked == []
