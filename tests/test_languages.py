"""Arabic and Kurdish through the whole app: every page in each language on
the demo and on an empty database, the language kept in the URL across pages
and filters, governorate names in the language, and no page that writes
user-visible text of its own instead of asking the catalogue."""

import ast
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ROOT, registry
from dashboard.i18n import plain, speaking, t
from dashboard.store import Store

LANGUAGES = ["ar", "ckb"]
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
DATA_PAGES = [p for p in registry.PAGES if p.section != "nav.section_admin"]


def _switch(at: AppTest):
    return at.segmented_control(key="_oversight_language_switch")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", registry.PAGES, ids=lambda p: p.name)
def test_every_page_renders_in_each_language_on_the_demo(app, page, language):
    at = app(lang=language)
    at.switch_page(page.file).run()
    assert not at.exception
    assert not at.error
    title = at.title[0].value
    assert ARABIC_SCRIPT.search(title), title
    with speaking(language):
        assert _switch(at).label == t("app.language")
    assert at.query_params["lang"] == language


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", DATA_PAGES, ids=lambda p: p.name)
def test_every_page_renders_in_each_language_on_an_empty_database(app, databases, page, language):
    Store(databases("empty.duckdb")).close()  # exists already: not seeded
    at = app("empty.duckdb", lang=language)
    at.switch_page(page.file).run()
    assert not at.exception
    with speaking(language):
        empty = {t("overview.empty"), t("uploads_page.empty"), t("upload.empty")}
    assert {i.value for i in at.info} & empty


def test_the_overview_speaks_arabic_with_the_same_numbers(app):
    at = app(lang="ar")
    metrics = {m.label: (m.value, plain(m.delta)) for m in at.metric}
    assert metrics["المشاركون المدرَّبون"] == ("60", "من 65 مخطط لهم")
    assert metrics["نسبة النساء"][0] == "30%"
    assert metrics["المحافظات المشمولة"] == ("4", "4 من 4 مستهدفة")
    summary = plain(at.markdown[0].value)
    assert "بلغت نينوى 16 من 20 مخطط لهم" in summary
    by_governorate, _ = at.get("plotly_chart")
    assert "نينوى 16" in plain(by_governorate.proto.alt)


def test_coverage_names_governorates_in_the_language_on_the_map_and_bars(app):
    at = app(lang="ckb")
    at.switch_page(registry.BY_NAME["coverage"].file).run()
    assert not at.exception
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(figures) == 2
    for figure in figures:  # the map and the bars
        text = plain(json.dumps(figure["data"], ensure_ascii=False))
        for name in ("نەینەوا", "کەرکووک", "دیالە"):
            assert name in text
        assert "Ninewa" not in text
    # The bars read right to left: their categories and values on the right.
    layout = figures[1]["layout"]
    assert layout["yaxis"]["side"] == "right"
    assert layout["xaxis"]["autorange"] == "reversed"


def test_a_shared_link_opens_in_its_language_with_its_filters_and_keeps_the_language(app):
    # As an Arabic page writes its filters into the URL: by their labels.
    # (Clicks through the running app: tests/test_browser.py.)
    at = app(lang="ar", gender="النساء")
    assert at.title[0].value == "نظرة عامة"
    assert {m.label: m.value for m in at.metric}["المشاركون المدرَّبون"] == "18"
    at.switch_page(registry.BY_NAME["follow_up"].file).run()
    assert at.title[0].value == "المتابعة"  # a page switch keeps the language
    assert at.query_params["lang"] == "ar"
    _switch(at).set_value("ckb").run()
    assert at.title[0].value == "بەدواداچوون"
    assert at.query_params["lang"] == "ckb"
    _switch(at).set_value("en").run()
    assert at.title[0].value == "Follow-up"
    assert "lang" not in at.query_params  # English is the default: a clean URL


def test_an_unknown_language_in_the_url_opens_in_english(app):
    at = app(lang="xx")
    assert not at.exception
    assert at.title[0].value == "Overview"


# -- no page writes its own text ---------------------------------------------------

# Streamlit's elements and widgets that show text given as their first
# argument or as one of these keywords.
ELEMENTS = {
    "title", "header", "subheader", "caption", "markdown", "write", "text", "button",
    "metric", "info", "warning", "error", "success", "toast", "spinner", "expander",
    "tabs", "popover", "dialog", "text_input", "text_area", "selectbox", "multiselect",
    "segmented_control", "pills", "radio", "checkbox", "toggle", "slider",
    "select_slider", "date_input", "number_input", "file_uploader", "download_button",
    "link_button", "form_submit_button", "page_link", "Page", "TextColumn",
    "NumberColumn", "DateColumn", "DatetimeColumn", "LinkColumn", "CheckboxColumn",
    "ProgressColumn", "ListColumn",
}  # fmt: skip
TEXT_KEYWORDS = {"label", "help", "placeholder", "caption", "title", "body"}
WORDS = re.compile(r"[^\W\d_]{2,}")
UI_SOURCES = [
    *ROOT.glob("dashboard/pages/*.py"), *ROOT.glob("dashboard/ui/*.py"), ROOT / "streamlit_app.py",
]  # fmt: skip


def literal_text(source: str) -> list[str]:
    """Words handed to a Streamlit element as written in the code (a string,
    or an f-string's literal parts), not taken from the catalogue."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in ELEMENTS:
            continue
        for arg in node.args[:1] + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                text = arg.value
            elif isinstance(arg, ast.JoinedStr):
                text = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
            else:
                continue
            if WORDS.search(text):
                found.append(f"line {node.lineno}: {name}({text!r})")
    return found


def test_the_check_for_literal_text_finds_it():
    code = 'st.title("Coverage")\nst.button(t("a.b"), help=f"Click {n} times")\ncol.metric("42", 1)'
    assert literal_text(code) == [
        "line 1: title('Coverage')", "line 2: button('Click  times')",
    ]  # fmt: skip


@pytest.mark.parametrize("path", UI_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_passes_literal_text_to_streamlit(path):
    assert literal_text(path.read_text(encoding="utf-8")) == []


def test_an_upload_in_arabic_gives_its_reasons_and_its_fix_it_workbook_in_arabic(app):
    import io

    from openpyxl import load_workbook

    from dashboard import uploads
    from dashboard.store import open_default
    from tests import messy

    at = app(lang="ar")
    at.switch_page(registry.BY_NAME["upload"].file).run()
    at.file_uploader[0].upload("Ninewa course - roster.xlsx", messy.titled_course()).run()
    assert not at.exception
    assert "سيُحمَّل **4** صفًا، ويُرفض **2**" in plain(at.markdown[0].value)
    reasons = {plain(r) for r in at.dataframe[-1].value["السبب"]}
    assert reasons == {
        "العمود «Participant Full name» يحوي الخطأ #N/A",
        "«sometime» في العمود «Dates Start date» ليس تاريخًا (اكتبه يوم/شهر/سنة)",
    }
    (commit,) = [b for b in at.button if b.label.startswith("اعتماد")]
    commit.click().run()
    assert not at.exception
    assert "حُمّل 4 صفًا، ورُفض 2" in plain(at.success[0].value)
    db, _ = open_default()
    upload_id = max(r["upload_id"] for r in db.records("uploads"))
    with speaking("ar"):
        _, content = uploads.fixit(db, upload_id)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert "سبب عدم تحميل هذا الصف" in rows[0]
    column = rows[0].index("سبب عدم تحميل هذا الصف")
    assert {plain(r[column]) for r in rows[1:]} == reasons


def test_possible_duplicates_name_their_governorates_in_the_reader_s_language(store):
    from dashboard import tables
    from dashboard.ingest import ingest
    from tests.conftest import xlsx

    rows = [["Test Person Same", "F", "Kirkuk"], ["Test Person Same", "F", "Erbil"],
            ["Test Person Same", "F", "Kirkouk City"]]  # fmt: skip
    r = ingest(store, xlsx({"S": (["Full name", "Sex", "Governorate"], rows)}), "a.xlsx")
    assert r.n_loaded == 3
    (found,) = store.records("possible_duplicates")
    assert found["pcodes"] == ["IQG11", "IQG13", None]
    assert found["written"] == [None, None, "Kirkouk City"]
    with speaking("ar"):
        shown = tables.possible_duplicates([found]).to_pylist()
    places = "اربيل، كركوك، Kirkouk City — ليست محافظة نعرفها"
    assert [{k: plain(str(v)) for k, v in row.items()} for row in shown] == [
        {"الاسم": "Test Person Same", "المحافظات": places, "السجلات": "3"},
    ]
    english = tables.possible_duplicates([found]).to_pylist()
    assert english[0]["Governorates"] == ("Erbil, Kirkuk, Kirkouk City — not a governorate we know")
