"""Who may see and do what (issue 14), through the real pages: AppTest with
``at.user`` for each role, on the demo programme with accounts, so that the
deployment needs sign-in. Each page shows exactly what its role allows; a
forbidden page or action is refused on the server in one line; a user scoped
to a governorate sees only its people; every action writes one audit entry."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard import ROOT, access, audit, auth, demo, registry, tables, uploads
from dashboard.filters import Filters
from dashboard.ingest import ingest
from dashboard.store import Store
from tests.conftest import xlsx

ENTRY = str(ROOT / "streamlit_app.py")
PASSWORD = "a generated passphrase"  # not anybody's
ACCOUNTS = {
    "viewer@example.org": ("viewer", None),
    "manager@example.org": ("manager", None),
    "staff@example.org": ("staff", None),
    "admin@example.org": ("admin", None),
    "kirkuk@example.org": ("manager", ["Kirkuk"]),
}
KIRKUK = 15  # the demo's participants from Kirkuk (6 women, 9 men)


@pytest.fixture
def db_path(databases, monkeypatch):
    path = databases("oversight.duckdb")
    store = Store(path)
    demo.load(store)
    for email, (role, places) in ACCOUNTS.items():
        auth.add_user(store, email, role, PASSWORD, governorates=places, by="setup")
    store.close()
    monkeypatch.setenv("OVERSIGHT_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def _at(script: str, email: str | None, **query) -> AppTest:
    at = AppTest.from_file(script, default_timeout=60)
    at.user = {"is_logged_in": True, "email": email} if email else {"is_logged_in": False}
    at.query_params.update(query)
    return at


def signed_in(email: str | None, page: str | None = None, **query) -> AppTest:
    """The app as ``email`` (None: nobody signed in) sees it at ``page``'s
    address. A page the user may not open is registered by its address
    alone, so it is asked for as a browser asks: by the hash of its address
    (what Streamlit's frontend sends for a typed URL)."""
    at = _at(ENTRY, email, **query).run()
    if page is not None:
        at._page_hash = calc_hash(registry.BY_NAME[page].url)
        at.run()
    assert not at.exception, at.exception
    return at


def _store() -> Store:
    """The app's own store (the AppTest runs share this process's cache)."""
    from dashboard.ui.cached import store

    return store()


def _columns(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value.columns)


def _said(elements) -> str:
    """What elements say, as read (their Markdown escapes undone)."""
    return " ".join(e.value for e in elements).replace("\\", "")


@pytest.mark.parametrize("email", [*ACCOUNTS, None])
def test_each_role_opens_exactly_the_pages_it_may(db_path, email):
    role = ACCOUNTS[email][0] if email else None
    for page in registry.PAGES:
        at = signed_in(email, page.name)
        texts = " ".join(e.value for e in [*at.error, *at.warning, *at.title])
        if email is None:  # every address asks to sign in first
            assert at.title[0].value == "Sign in", page.name
            assert at.text_input[1].proto.type == at.text_input[1].proto.PASSWORD
            continue
        allowed = auth.User(email, role, None).may(page.role)
        if allowed:
            assert "is open to" not in texts, (page.name, texts)
            assert at.title[0].value != "Sign in" and not at.error, page.name
        else:
            assert f"is open to {access.role_name(page.role)} and above" in texts, page.name
            assert f"signed in as {access.role_name(role)}" in texts
            assert not at.dataframe and not at.get("plotly_chart")


def test_a_viewer_sees_pseudonyms_and_a_manager_names(db_path):
    viewer = signed_in("viewer@example.org", "participants")
    columns = _columns(viewer)
    assert columns[0] == "Person" and "Name" not in columns and "Phone" not in columns
    assert "Unit" not in columns and "Rank" not in columns
    people = viewer.dataframe[0].value
    assert len(people) == 60 and people["Person"].str.match(r"^Person \d+$").all()
    numbers = [int(p.split()[-1]) for p in people["Person"]]
    assert numbers == sorted(numbers)  # not in the names' order, which would tell them
    assert not viewer.text_input  # no search by name
    assert "pseudonym" in " ".join(c.value for c in viewer.caption)

    manager = signed_in("manager@example.org", "participants")
    columns = _columns(manager)
    assert columns[:1] == ["Name"] and "Phone" in columns and "Person" not in columns
    assert manager.text_input[0].label == "Search by name"


def test_a_viewer_cannot_narrow_a_list_down_to_a_few_people(db_path):
    """A list of fewer than five is not shown to a viewer, and a card's
    count under five reads "<5" (with no share that gives it away)."""
    at = signed_in("viewer@example.org", "participants", gov=["Kirkuk"], gender="Women")
    assert len(at.dataframe[0].value) == 6  # 6 women: listed
    at = signed_in("viewer@example.org", "participants", gov=["Salah Al-Din"], gender="Women")
    assert not at.dataframe
    assert any("Fewer than 5 people match" in i.value for i in at.info)
    overview = signed_in("viewer@example.org", None, gov=["Salah Al-Din"], gender="Women")
    values = {m.label: m.value for m in overview.metric}
    assert values["Participants trained"] == "<5"
    manager = signed_in("manager@example.org", None, gov=["Salah Al-Din"], gender="Women")
    assert {m.label: m.value for m in manager.metric}["Participants trained"] == "3"


def test_a_scoped_user_sees_only_their_governorate(db_path):
    at = signed_in("kirkuk@example.org")
    assert {m.label: m.value for m in at.metric}["Participants trained"] == str(KIRKUK)
    assert at.caption[0].value == "Showing: All participants in Kirkuk"
    places = at.sidebar.multiselect(key="gov")
    assert places.options == ["Kirkuk"]
    # A link that asks for another governorate still shows Kirkuk only.
    at = signed_in("kirkuk@example.org", "participants", gov=["Ninewa"])
    people = at.dataframe[0].value
    assert len(people) == KIRKUK and set(people["Governorate"]) == {"Kirkuk"}
    said = {}
    for page in ("coverage", "gender", "follow_up"):
        at = signed_in("kirkuk@example.org", page)
        assert not at.error
        said[page] = " ".join(c.proto.alt for c in at.get("plotly_chart"))
    assert "Map of Iraq's governorates: Kirkuk 15 of 15 planned — 100%." in said["coverage"]
    assert "per governorate: Kirkuk 15 of 15 planned — 100%." in said["coverage"]
    assert "women's share: Kirkuk 6 of 15 — 40%." in said["gender"]
    assert "Trained 15 of 15 planned; Followed up 14 of 15" in said["follow_up"]
    for elsewhere in ("Ninewa", "Diyala", "Salah"):
        assert elsewhere not in " ".join(said.values())
    # The export holds the same rows, and the filters keep Kirkuk whatever they say.
    user = auth.User("kirkuk@example.org", "manager", ("IQG13",))
    chosen = access.within(Filters(governorates=("IQG15",)), user)
    assert chosen.governorates == ("IQG13",)
    rows = tables.participant_rows(_store(), chosen.params(), None, user)
    assert rows.num_rows == KIRKUK and set(rows.column("Governorate").to_pylist()) == {"Kirkuk"}


def test_every_page_file_refuses_to_render_without_a_permitted_user(db_path):
    """Run on its own, as a page script outside the launcher: nobody signed
    in sees a request to sign in; a role below the page's sees its refusal."""
    for page in registry.PAGES:
        at = _at(str(ROOT / page.file), None).run()
        assert not at.exception
        assert [w.value for w in at.warning] == [
            "Sign in first: open the dashboard's address and sign in."
        ]
        assert not at.dataframe and not at.get("plotly_chart") and not at.metric
        if page.role != "viewer":
            at = _at(str(ROOT / page.file), "viewer@example.org").run()
            assert "is open to" in at.error[0].value, page.name
            assert not at.dataframe and not at.button


def test_forbidden_actions_are_refused_on_the_server(db_path):
    store = _store()
    staff = auth.account(store, "staff@example.org")
    demo_upload = store.records("uploads")[0]["upload_id"]  # uploaded by "demo"
    with pytest.raises(access.Refused, match="made by someone else"):
        uploads.withdraw(store, demo_upload, staff)
    with pytest.raises(access.Refused, match="needs the rights of staff"):
        uploads.withdraw(store, demo_upload, auth.account(store, "manager@example.org"))
    with pytest.raises(
        access.Refused, match="Loading targets: this needs the rights of administrator"
    ):
        access.require_facts(staff, ["targets"])
    access.require_facts(auth.account(store, "admin@example.org"), ["targets"])
    # The page says so too, and offers no button that would do it.
    at = signed_in("staff@example.org", "uploads")
    withdraw = [b for b in at.button if b.label == "Withdraw"]
    assert withdraw and withdraw[0].disabled
    assert "made by someone else" in withdraw[0].help
    assert audit.entries(store, action="withdraw") == []


def test_staff_withdraw_and_restore_their_own_upload_each_logged_once(db_path):
    store = _store()
    staff = auth.account(store, "staff@example.org")
    roster = xlsx({"Course S": (["Full name", "Sex", "Governorate"],
                                [["Generated Person One", "F", "Kirkuk"]])})  # fmt: skip
    r = ingest(store, roster, "s.xlsx", staff.email, actor=staff.email)
    uploads.withdraw(store, r.upload_id, staff)
    uploads.restore(store, r.upload_id, staff)
    corrected = xlsx({"Course S": (["Full name", "Sex", "Governorate"],
                                   [["Generated Person One", "M", "Kirkuk"]])})  # fmt: skip
    again = ingest(store, corrected, "s.xlsx", staff.email, replaces=r.upload_id, actor=staff.email)
    mine = audit.entries(store, actor=staff.email)
    assert [(e["action"], e["details"]["upload_id"]) for e in mine] == [
        ("replacement", again.upload_id),
        ("restore", r.upload_id),
        ("withdraw", r.upload_id),
        ("upload", r.upload_id),
    ]
    assert mine[0]["details"]["replaces"] == r.upload_id
    ingest(store, roster, "s2.xlsx", staff.email, actor=staff.email, dry_run=True)
    assert len(audit.entries(store, actor=staff.email)) == 4  # a preview is no upload


def test_a_local_account_signs_in_on_the_sign_in_page(db_path):
    at = _at(ENTRY, None).run()
    email, password = at.text_input
    email.input("staff@example.org")
    password.input("not the password at all")
    at.button[0].click().run()  # the form's submit
    wrong = [e.value for e in at.error]
    assert at.title[0].value == "Sign in"
    at.text_input[0].input("nobody@example.org")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert [e.value for e in at.error] == wrong  # no telling which part was wrong
    at.text_input[0].input("staff@example.org")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and at.title[0].value == "Overview"
    assert "Signed in as staff@example.org (staff)" in _said(at.sidebar.caption)
    at.switch_page(registry.BY_NAME["upload"].file).run()
    assert at.title[0].value == "Upload" and not at.error
    actions = [e["action"] for e in audit.entries(_store(), actor="staff@example.org")]
    assert actions == ["sign_in", "sign_in_failed"]
    at.sidebar.button(key="sign_out").click().run()
    assert at.title[0].value == "Sign in"
    assert audit.entries(_store(), actor="staff@example.org")[0]["action"] == "sign_out"


def test_the_sign_in_page_speaks_the_visitor_s_language_and_offers_the_switch(db_path):
    at = _at(ENTRY, None, lang="ar").run()
    assert at.title[0].value == "تسجيل الدخول"
    assert [i.label for i in at.text_input] == ["البريد الإلكتروني", "كلمة المرور"]
    switch = at.segmented_control(key="_oversight_language_switch")
    switch.set_value("ckb").run()
    assert at.title[0].value == "چوونەژوورەوە"
    at.text_input[0].input("staff@example.org")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and at.title[0].value == "تێڕوانینی گشتی"  # signed in, in Kurdish


def test_a_session_ends_after_its_hours_or_an_idle_hour(db_path, monkeypatch):
    from datetime import datetime, timedelta

    at = _at(ENTRY, None).run()
    at.text_input[0].input("viewer@example.org")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert at.title[0].value == "Overview"
    session = at.session_state["_oversight_session"]
    session["seen"] = datetime.now() - timedelta(minutes=access.IDLE_MINUTES + 1)
    at.run()
    assert at.title[0].value == "Sign in"
    assert "Your session has ended" in at.info[0].value


def test_an_identity_provider_user_needs_an_account_here(db_path):
    at = signed_in("stranger@example.org")
    assert at.title[0].value == "Sign in"
    assert "stranger@example.org is signed in with the identity provider, but has no account" in (
        _said(at.error)
    )
    failed = audit.entries(_store(), actor="stranger@example.org")
    assert [e["action"] for e in failed] == ["sign_in_failed"]
    at.run()  # another click: still one entry for the session
    assert len(audit.entries(_store(), actor="stranger@example.org")) == 1
    # A disabled account stops at the next click.
    at = signed_in("manager@example.org")
    assert at.title[0].value == "Overview"
    auth.set_disabled(_store(), "manager@example.org", True, by="admin@example.org")
    at.run()
    assert at.title[0].value == "Sign in"


def test_the_admin_pages_add_an_account_and_list_the_audit_log(db_path):
    at = signed_in("admin@example.org", "users")
    assert not at.sidebar.multiselect  # the programme's filters are not about accounts
    assert "viewer@example.org" in at.dataframe[0].value["Email"].tolist()
    form_email = at.text_input[0]
    form_email.input("new.viewer@example.org")
    at.text_input[1].input(PASSWORD)
    submit = next(b for b in at.button if b.label == "Add")
    submit.click().run()
    assert not at.exception and not at.error
    assert "new.viewer@example.org may now sign in, as viewer." in _said(at.success)
    entry = audit.entries(_store(), action="user_added")[0]
    assert entry["actor"] == "admin@example.org"
    assert entry["details"]["email"] == "new.viewer@example.org"
    log = signed_in("admin@example.org", "audit")
    shown = log.dataframe[0].value
    assert "user_added" in shown["Action"].tolist()
    assert [b.label for b in log.get("download_button")] == ["Download Excel", "Download CSV"]
    log.selectbox(key="audit_action").select("user_added").run()
    assert set(log.dataframe[0].value["Action"]) == {"user_added"}


def test_local_mode_is_this_computer_as_its_administrator(tmp_path, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DB", str(tmp_path / "local.duckdb"))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(ENTRY, default_timeout=60).run()
    assert at.title[0].value == "Overview"
    banner = " ".join(c.value for c in at.sidebar.caption)
    assert "Local mode: this computer only, as its administrator" in banner
    at.switch_page(registry.BY_NAME["users"].file).run()
    assert at.title[0].value == "Users" and not at.error
    assert access.local_address("127.0.0.1") and access.local_address(None)
    assert not access.local_address("0.0.0.0") and not access.local_address("10.0.0.7")
    st.cache_resource.clear()


def test_an_identity_provider_in_the_secrets_means_sign_in(tmp_path, monkeypatch):
    """With ``[auth]`` in the secrets and no account yet, there is no local
    mode: the sign-in page offers the provider (``st.login``) first."""
    monkeypatch.setenv("OVERSIGHT_DB", str(tmp_path / "idp.duckdb"))
    st.cache_resource.clear()
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "generated for the test",
        "client_id": "oversight",
        "client_secret": "generated for the test",
        "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
    }
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    assert at.title[0].value == "Sign in"
    assert at.button[0].label == "Sign in with your organisation's account"
    assert access.provider_configured({"auth": {"google": {"client_id": "x"}}})
    assert access.providers({"google": {"client_id": "x"}, "cookie_secret": "y"}) == ["google"]
    assert not access.provider_configured({})
    st.cache_resource.clear()


def test_the_follow_up_page_as_a_viewer_and_as_a_manager(db_path):
    viewer = signed_in("viewer@example.org", "follow_up")
    diyala_women = viewer.dataframe[0].value.to_dict("records")[0]
    assert (diyala_women["Governorate"], diyala_women["Gender"]) == ("Diyala", "Women")
    assert diyala_women["Trained"] == "<5 ⚠"  # four women: no count, no share
    assert diyala_women["Followed up"] == "<5 of <5"
    assert len(viewer.dataframe) == 1  # four overdue: too few to list
    assert any("Fewer than 5 people match" in i.value for i in viewer.info)
    manager = signed_in("manager@example.org", "follow_up")
    assert manager.dataframe[0].value.to_dict("records")[0]["Followed up"] == "4 of 4 — 100%"
    overdue = manager.dataframe[1].value
    assert len(overdue) == 4 and {"Name", "Phone"} <= set(overdue.columns)
    # The same list as a viewer would export it: pseudonyms only.
    from datetime import date

    user = auth.account(_store(), "viewer@example.org")
    params = Filters().params() | {"days": 90, "today": date.today()}
    rows = tables.overdue_rows(_store(), params, user)
    assert rows.column_names[0] == "Person" and not {"Name", "Phone"} & set(rows.column_names)


def test_staff_replace_their_own_uploads_only(db_path):
    store = _store()
    staff, admin = (auth.account(store, f"{r}@example.org") for r in ("staff", "admin"))
    header = ["Full name", "Sex", "Governorate"]
    first = xlsx({"Course R": (header, [["Generated Person Two", "F", "Kirkuk"]])})
    corrected = xlsx({"Course R": (header, [["Generated Person Two", "M", "Kirkuk"]])})
    theirs = ingest(store, first, "r.xlsx", "someone.else@example.org")
    # The same roster by name and people: staff's corrected copy is an upload
    # of its own, the other's stays active; naming it is refused in one line.
    mine = ingest(store, corrected, "r.xlsx", staff.email, replaceable_by=staff.email)
    assert mine.status == "loaded" and mine.replaced is None
    third = xlsx({"Course R": (header, [["Generated Person Three", "F", "Kirkuk"]])})
    refused = ingest(
        store, third, "r.xlsx", staff.email, replaces=theirs.upload_id, replaceable_by=staff.email
    )
    assert refused.status == "refused"
    assert str(refused.error) == (
        f"r.xlsx: it would replace upload {theirs.upload_id}, which someone else made:"
        " staff replace their own uploads, an administrator any"
    )
    statuses = {u["upload_id"]: u["status"] for u in store.records("uploads")}
    assert statuses[theirs.upload_id] == "active"
    # An admin's corrected copy replaces it.
    fourth = xlsx({"Course R": (header, [["Generated Person Two", "F", "Kirkuk"],
                                         ["Generated Person Four", "M", "Kirkuk"]])})  # fmt: skip
    again = ingest(store, fourth, "r.xlsx", admin.email, actor=admin.email)
    assert again.replaced == mine.upload_id  # the newest of that roster
