"""Track rows as a person and a program read them: a rich table per issuer, JSON, JSONL, CSV.

Every format says the same things: the target (its figure, bound and quote), the outcome (its
figure, quote, and the report's own words about the target), the status and the rule that
decided it, and what the cross-check flagged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from summarizer.labels import TRACK_STYLE, track_status_label, track_word
from summarizer.lexicon import qualifiers
from summarizer.models import format_decimal
from summarizer.track_rows import TRACK_STATUSES, TrackRow

CSV_COLUMNS: tuple[str, ...] = (
    "issuer",
    "region",
    "metric_id",
    "metric",
    "measure",
    "period",
    "period_year",
    "period_span",
    "target_value",
    "target_value_hi",
    "target_unit",
    "target_qualifier",
    "target_quote",
    "target_report",
    "target_check",
    "outcome_value",
    "outcome_unit",
    "outcome_quote",
    "outcome_report",
    "outcome_check",
    "outcome_says",
    "status",
    "rule",
    "flagged",
    "notes",
)


def row_json(row: TrackRow) -> dict[str, object]:
    # Through pydantic's JSON encoder: exact decimals as plain text, never 1E+1.
    data: dict[str, object] = json.loads(row.model_dump_json())
    return data


def rows_json(rows: Sequence[TrackRow]) -> str:
    return json.dumps([row_json(row) for row in rows], ensure_ascii=False, indent=2) + "\n"


def row_jsonl(row: TrackRow) -> str:
    return json.dumps(row_json(row), ensure_ascii=False)


def _num(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


def rows_csv(rows: Iterable[TrackRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        target, outcome = row.target, row.outcome
        writer.writerow(
            [
                row.issuer,
                row.region or "",
                row.metric_id,
                row.metric,
                row.measure,
                row.period.label,
                row.period.year,
                row.period.span,
                _num(target.value),
                _num(target.value_hi),
                target.unit or "",
                target.qualifier or "",
                target.quote,
                target.report,
                target.check or "",
                _num(outcome.value) if outcome else "",
                (outcome.unit or "") if outcome else "",
                outcome.quote if outcome else "",
                outcome.report if outcome else "",
                (outcome.check or "") if outcome else "",
                (outcome.says or "") if outcome else "",
                row.status,
                row.rule or "",
                "yes" if row.flagged else "",
                " | ".join(row.notes),
            ]
        )
    return buffer.getvalue()


def target_text(row: TrackRow, lang: str = "zh") -> str:
    """`增长9%左右`, `7%—8%`, `1230亿元`: the target as the report prints it."""
    target = row.target
    if target.value is None:
        return target.quote
    number = _num(target.value)
    if target.value_hi is not None:
        number = f"{number}—{_num(target.value_hi)}"
    bound = target.qualifier if qualifiers().bound(target.qualifier) != "exact" else None
    text = qualifiers().written(number, target.unit, bound)
    if row.measure == "growth":
        text = f"{track_word('growth', lang)} {text}" if lang == "en" else f"增长{text}"
    return text


def outcome_text(row: TrackRow, lang: str = "zh") -> str:
    outcome = row.outcome
    if outcome is None:
        return ""
    if outcome.value is None:
        return outcome.says or outcome.quote
    text = f"{_num(outcome.value)}{outcome.unit or ''}"
    if row.measure == "growth" and outcome.unit in ("%", "％", "个百分点"):
        text = f"{track_word('growth', lang)} {text}" if lang == "en" else f"增长{text}"
    return text


def counts(rows: Sequence[TrackRow]) -> dict[str, int]:
    tally: dict[str, int] = {status: 0 for status in TRACK_STATUSES}
    for row in rows:
        tally[row.status] += 1
    return tally


def counts_line(rows: Sequence[TrackRow], lang: str = "zh") -> str:
    tally = counts(rows)
    return track_word("counts", lang).format(
        rows=len(rows),
        met=tally["met"],
        missed=tally["missed"],
        none=tally["no outcome reported"],
        nc=tally["not comparable"],
    )


def render_track_table(rows: Sequence[TrackRow], console: Console, lang: str = "zh") -> None:
    """One table per issuer; the notes (flags, the report's own words) under each row."""
    if not rows:
        console.print(track_word("none", lang), markup=False)
        return
    for issuer, group in groupby(rows, key=lambda row: row.issuer):
        table = Table(title=issuer, title_justify="left", show_lines=False, expand=False)
        table.add_column(track_word("metric", lang), overflow="fold")
        table.add_column(track_word("period", lang), no_wrap=True)
        table.add_column(track_word("target", lang), overflow="fold")
        table.add_column(track_word("outcome", lang), overflow="fold")
        table.add_column(track_word("status", lang), no_wrap=True)
        table.add_column(track_word("source", lang), overflow="fold")
        for row in group:
            status = Text(track_status_label(row.status, lang), style=TRACK_STYLE[row.status])
            if row.flagged:
                status.append(" ⚑", style="red")
            source = row.target.report
            if row.outcome is not None and row.outcome.report != row.target.report:
                source += f" → {row.outcome.report}"
            table.add_row(
                row.metric,
                row.period.label,
                target_text(row, lang),
                outcome_text(row, lang),
                status,
                source,
            )
        console.print(table)
    console.print(counts_line(rows, lang), markup=False, style="dim")
