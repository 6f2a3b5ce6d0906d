import streamlit as st

from dashboard import access, auth, gazetteer, tables, ui
from dashboard.auth import ROLES, AccountError
from dashboard.filters import governorate_name
from dashboard.i18n import t
from dashboard.text import markdown_plain as plain

ui.page_guard("users")

st.title(t("nav.users"))
st.caption(t("users.intro", n=auth.MIN_PASSWORD))
ui.show_flash()
store = ui.store()
admin = ui.who.current().email
accounts = auth.users(store)
if accounts:
    ui.table(tables.accounts(accounts), key="accounts_table")
else:
    st.info(t("users.none"), icon=":material/person_add:")
places = [g.pcode for g in sorted(gazetteer.governorates(), key=lambda g: g.name())]


def _done(message: str) -> None:
    ui.flash(message)
    st.rerun()


with (
    st.expander(t("users.add"), expanded=not accounts, icon=":material/person_add:"),
    st.form("add_user", clear_on_submit=True),
):
    email = st.text_input(t("users.email"))
    role = st.selectbox(t("users.role"), ROLES, format_func=access.role_name)
    scope = st.multiselect(
            t("users.governorates"), places, format_func=governorate_name,
            placeholder=t("users.everywhere"), help=t("users.governorates_help"),
        )  # fmt: skip
    password = st.text_input(t("users.password"), type="password", help=t("users.password_help"))
    if st.form_submit_button(t("users.add_submit"), type="primary"):
        try:
            made = auth.add_user(store, email, role, password or None, governorates=scope, by=admin)
        except AccountError as exc:
            st.error(plain(str(exc)), icon=":material/error:")
        else:
            _done(t("users.added", email=plain(made.email), role=access.role_name(made.role)))

if accounts:
    by_email = {a["email"]: a for a in accounts}
    with st.expander(t("users.change"), icon=":material/manage_accounts:"):
        chosen = st.selectbox(t("users.account"), list(by_email), key="account_chosen")
        account = by_email[chosen]
        with st.form("set_role"):
            role = st.selectbox(
                t("users.role"), ROLES, index=ROLES.index(account["role"]),
                format_func=access.role_name,
            )  # fmt: skip
            scope = st.multiselect(
                t("users.governorates"), places, default=account["governorates"] or [],
                format_func=governorate_name, placeholder=t("users.everywhere"),
            )  # fmt: skip
            if st.form_submit_button(t("users.set_role")):
                auth.set_role(store, chosen, role, governorates=scope, by=admin)
                _done(t("users.role_set", email=plain(chosen), role=access.role_name(role)))
        with st.form("reset", clear_on_submit=True):
            password = st.text_input(t("users.new_password"), type="password")
            if st.form_submit_button(t("users.reset")):
                try:
                    auth.reset_password(store, chosen, password, by=admin)
                except AccountError as exc:
                    st.error(plain(str(exc)), icon=":material/error:")
                else:
                    _done(t("users.was_reset", email=plain(chosen)))
        closed = account["is_disabled"]
        if st.button(
            t("users.enable" if closed else "users.disable"),
            icon=":material/lock_open:" if closed else ":material/block:",
            disabled=chosen == admin,
            help=t("users.not_yourself") if chosen == admin else None,
        ):
            auth.set_disabled(store, chosen, not closed, by=admin)
            _done(t("users.enabled" if closed else "users.disabled", email=plain(chosen)))
