"""What an ingest says it did: per file and per sheet, as the upload page,
the command line (``--json``) and the upload record show it.

Every sheet keeps the ledger: rows read = loaded + pending + set aside +
rejected. Every message is a ``Message`` (key and values), rendered in the
reader's language when shown; the upload record stores the keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.i18n import Message
from dashboard.ingest import vocabulary
from dashboard.ingest.fields import Mapped, kind_of
from dashboard.ingest.normalise import Rejection


@dataclass
class SheetReport:
    """What happened to one sheet; kept with the upload as JSON."""

    name: str
    facts: list[str] = field(default_factory=list)  # participants, enrolments, follow_up, targets
    why: Message | None = None  # why it contributes that
    skipped: Message | None = None  # why it was not read
    header_rows: list[int] = field(default_factory=list)
    columns: list[dict] = field(default_factory=list)  # header, field, how, score, role, suggestion
    context: dict[str, dict] = field(default_factory=dict)  # field -> value, source
    n_read: int = 0
    n_loaded: int = 0
    n_pending: int = 0
    n_rejected: int = 0
    n_proposed: int = 0  # doubtful merges put to a person
    set_aside: dict[str, list[int]] = field(default_factory=dict)  # reason -> rows
    notes: list[Message] = field(default_factory=list)
    shape: str | None = None  # the set of headers, for remembered mappings
    mapping_from: str | None = None  # user, remembered: a mapping not Oversight's own

    @property
    def kind(self) -> str | None:
        return kind_of(self.facts)

    @property
    def n_set_aside(self) -> int:
        return sum(len(rows) for rows in self.set_aside.values())

    @property
    def headers(self) -> list[str]:
        return [c["header"] for c in self.columns]

    @property
    def mapping(self) -> dict[str, str]:
        """field -> header, of the columns read as a field."""
        return {c["field"]: c["header"] for c in self.columns if c["field"] and not c["role"]}

    @property
    def unmapped(self) -> list[dict]:
        return [c for c in self.columns if c["field"] is None and c["how"] != "tool"]

    @property
    def course(self) -> str | None:
        """The course, when named by the title or the sheet's name, not a column."""
        return self.context.get("course", {}).get("value")

    @classmethod
    def of(cls, mapped: Mapped) -> SheetReport:
        return cls(
            name=mapped.sheet,
            facts=list(mapped.facts) if not mapped.skipped else [],
            why=mapped.why,
            skipped=mapped.skipped,
            header_rows=list(mapped.located.header_rows),
            columns=[
                {
                    "header": c.header,
                    "field": c.field,
                    "how": c.how,
                    "score": c.score,
                    "role": c.role,
                    "suggestion": c.suggestion,
                    "source": c.source,
                }
                for c in mapped.columns
            ],
            context={k: {"value": v.value, "source": v.source} for k, v in mapped.context.items()},
        )

    def to_json(self, language: str | None = None) -> dict:
        """As stored (messages as keys) or, given a language, as shown."""

        def m(value):
            if isinstance(value, Message):
                return value.render(language) if language else value.to_json()
            if isinstance(value, list):
                return [m(v) for v in value]
            if isinstance(value, dict):
                return {k: m(v) for k, v in value.items()}
            return value

        return {
            "name": self.name,
            "kind": self.kind,
            "facts": self.facts,
            "why": m(self.why),
            "skipped": m(self.skipped),
            "header_rows": self.header_rows,
            "columns": m(self.columns),
            "context": m(self.context),
            "n_read": self.n_read,
            "n_loaded": self.n_loaded,
            "n_pending": self.n_pending,
            "n_set_aside": self.n_set_aside,
            "n_rejected": self.n_rejected,
            "n_proposed": self.n_proposed,
            "set_aside": self.set_aside,
            "notes": m(self.notes),
            "shape": self.shape,
            "mapping_from": self.mapping_from,
            "course": self.course,
        }


@dataclass
class IngestResult:
    file_name: str
    sha256: str
    status: str  # loaded, duplicate, refused (previewed: the same, with dry_run)
    upload_id: int | None = None
    replaced: int | None = None  # the upload this one replaced
    sheets: list[SheetReport] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    error: Message | None = None  # why the file was refused, naming it
    note: Message | None = None  # how a text file was decoded
    previews: dict[str, list[dict]] = field(default_factory=dict, repr=False)  # sheet -> rows
    diff: list[dict] = field(default_factory=list)  # against the upload it replaces
    before: list[dict] = field(default_factory=list, repr=False)  # coverage before and after
    after: list[dict] = field(default_factory=list, repr=False)
    n_linked: int = 0  # follow-ups of earlier trackers this roster's people took

    @property
    def n_loaded(self) -> int:
        return sum(s.n_loaded for s in self.sheets)

    @property
    def n_rejected(self) -> int:
        return sum(s.n_rejected for s in self.sheets)

    @property
    def n_pending(self) -> int:
        return sum(s.n_pending for s in self.sheets)

    @property
    def n_proposed(self) -> int:
        return sum(s.n_proposed for s in self.sheets)

    @property
    def kinds(self) -> list[str]:
        return sorted({s.kind for s in self.sheets if s.kind})

    @property
    def facts(self) -> list[str]:
        order = ["participants", "enrolments", "follow_up", "targets", "context"]
        found = {f for s in self.sheets for f in s.facts}
        return [f for f in order if f in found]

    def summary(self, language: str | None = None) -> dict:
        """What the command line prints with ``--json``, its messages in
        ``language`` (the run's, unless given)."""
        read = [s for s in self.sheets if s.facts]
        return {
            "file": self.file_name,
            "status": self.status,
            "upload_id": self.upload_id,
            "replaced": self.replaced,
            "kinds": self.kinds,
            "contributes": self.facts,
            "sheets_read": {s.name: _sheet_summary(s, language) for s in read},
            "sheets_skipped": {
                s.name: s.skipped.render(language) if s.skipped else None
                for s in self.sheets
                if not s.facts
            },
            "rows_loaded": self.n_loaded,
            "rows_pending": self.n_pending,
            "rows_rejected": self.n_rejected,
            "pending_linked": self.n_linked,
            "merges_proposed": self.n_proposed,
            "changes": self.diff,
            "error": self.error.render(language) if self.error else None,
        }


def _sheet_summary(s: SheetReport, language: str | None) -> dict:
    return {
        "kind": s.kind,
        "contributes": s.facts,
        "why": s.why.render(language) if s.why else None,
        "header_rows": s.header_rows,
        "mapping": [
            {
                "column": c["header"],
                "field": c["field"],
                "how": c["how"],
                "sure": c["score"],
                **({"role": c["role"]} if c["role"] else {}),
            }
            for c in s.columns
            if c["field"]
        ],
        "unmapped": [
            {
                "column": c["header"],
                "suggestion": c["suggestion"] and vocabulary.label(c["suggestion"]),
            }
            for c in s.unmapped
        ],
        "tool_columns": [c["header"] for c in s.columns if c["how"] == "tool"],
        "context": {
            k: {"value": v["value"], "from": v["source"].render(language)}
            for k, v in s.context.items()
        },
        "rows": {
            "read": s.n_read,
            "loaded": s.n_loaded,
            "pending": s.n_pending,
            "set_aside": s.n_set_aside,
            "rejected": s.n_rejected,
        },
        "set_aside": s.set_aside,
        "notes": [n.render(language) for n in s.notes],
        "mapping_from": s.mapping_from,
    }
