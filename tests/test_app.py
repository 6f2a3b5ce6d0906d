"""The pages through AppTest, from the entry point, on a real database file."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import ROOT
from dashboard.store import Store

ENTRY = str(ROOT / "streamlit_app.py")
PAGES = ["dashboard/pages/overview.py"]


@pytest.fixture
def app(tmp_path, monkeypatch):
    """An app on its own database file; a new file is seeded with the demo."""

    def start(db_name: str = "oversight.duckdb") -> AppTest:
        monkeypatch.setenv("OVERSIGHT_DB", str(tmp_path / db_name))
        st.cache_resource.clear()
        st.cache_data.clear()
        return AppTest.from_file(ENTRY, default_timeout=60).run()

    yield start
    st.cache_resource.clear()
    st.cache_data.clear()


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_first_start_seeds_the_demo_and_shows_it(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Overview"
    m = metrics(at)
    assert m["Participants trained"][0] == "60"
    assert m["Women's share"] == ("30%", "18 of 60")
    assert m["Governorates reached"][0] == "4"
    assert m["Courses"][0] == "2"
    assert "11 Dec 2017 to 20 Dec 2017" in at.caption[0].value
    (chart,) = at.get("plotly_chart")
    assert "Ninewa 16 (5 women, 11 men)" in chart.proto.alt


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_database(app, tmp_path, page):
    Store(tmp_path / "empty.duckdb").close()  # exists already: not seeded
    at = app("empty.duckdb")
    at.switch_page(page).run()
    assert not at.exception
    assert any("Upload a roster" in i.value for i in at.info)
