"""Review: a person's decisions on flagged claims, kept in the cache database and applied to
every later summary of the same report.

A decision is keyed by what it is about, not by ids that a re-run may renumber: the report text,
the section text, the item's metric name (or its quote) and the field. The claim as it stood is
stored beside it. When the same section is summarised again with the same claim, the decision
applies; when the claim changed, the old decision is shown as `stale` and the flag is open again.

Decisions: accept (the figure stands), reject (the figure is dropped from its item), correct (the
reviewer's value replaces it), skip (not now; the flag stays open). The table is append-only, so
the newest row per key is in force and older ones are the history.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal

from summarizer.cache import Cache
from summarizer.errors import CacheError
from summarizer.labels import action_label
from summarizer.models import (
    AchievementItem,
    Check,
    NumberMention,
    ReportSummary,
    TargetItem,
)
from summarizer.review.corrections import Correction, correct, parse_figure, read_correction
from summarizer.review.records import (
    _REVIEW_MARK,
    DECISIONS,
    Decision,
    DecisionKind,
    FlagRecord,
    Item,
    ReviewError,
    metric_at,
)

__all__ = [
    "DECISIONS",
    "Correction",
    "Decision",
    "DecisionKind",
    "FlagRecord",
    "Item",
    "ReviewError",
    "apply_decisions",
    "check_keys",
    "counts_by_state",
    "decision_text",
    "flag_records",
    "latest_decisions",
    "parse_figure",
    "read_correction",
    "record_decision",
    "report_hash",
    "save_flags",
    "stored_flags",
]


# --------------------------------------------------------------------------- keys


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def report_hash(summary: ReportSummary) -> str:
    """A hash of the report's cleaned text. The sections tile it, so their texts rebuild it;
    a summary read back from JSON has no section texts and falls back to what identifies it."""
    text = "".join(section.text for section in summary.sections)
    if text and len(text) == summary.text_length:
        return _digest("text", text)
    meta = summary.report
    return _digest("meta", meta.path or "", meta.title or "", str(summary.text_length))


def _items(summary: ReportSummary) -> dict[str, Item]:
    items: dict[str, Item] = {a.id: a for a in summary.achievements}
    items.update((t.id, t) for t in summary.targets)
    items.update((p.id, p) for p in summary.problems)
    return items


def _anchor(item: Item, check: Check) -> str:
    """What a check is about, in words that survive renumbering and the review itself: the
    metric's name and which of its figures, or the quote. Read from the check's claim (name,
    a space, the figure), because a rejection removes the metric that `field` pointed at."""
    if check.field == "evidence":
        return "evidence:" + "".join(check.claim.split())
    name = check.claim.rsplit(" ", 1)[0] if " " in check.claim else check.field
    part = "change" if check.field.endswith(".change") else "value"
    return f"{item.id[0]}:{''.join(name.split())}:{part}"


def check_keys(summary: ReportSummary) -> dict[str, tuple[str, str]]:
    """check id → (decision key, claim fingerprint)."""
    rhash = report_hash(summary)
    sections = {s.id: _digest(s.text) if s.text else s.id for s in summary.sections}
    items = _items(summary)
    seen: Counter[tuple[str, str]] = Counter()
    keys: dict[str, tuple[str, str]] = {}
    for check in summary.checks:
        item = items.get(check.item_id)
        if item is None:
            continue
        section = sections.get(item.section_id, item.section_id)
        anchor = _anchor(item, check)
        # Two items of one section may report the same metric: number them in order.
        seen[(section, anchor)] += 1
        key = _digest(rhash, section, anchor, str(seen[(section, anchor)]))
        keys[check.id] = (key, _digest(check.claim))
    return keys


# --------------------------------------------------------------------------- storage


def _db(store: Cache) -> sqlite3.Connection:
    return store.db


def latest_decisions(store: Cache, keys: Iterable[str]) -> dict[str, Decision]:
    """The decision in force for each key that has one."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, Decision] = {}
    try:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = _db(store).execute(
                "SELECT key, decision, value, reviewer, decided_at, claim, claim_fp"
                f" FROM review_decisions WHERE key IN ({marks}) ORDER BY id",
                chunk,
            )
            for key, decision, value, reviewer, decided_at, claim, claim_fp in rows:
                found[key] = Decision(key, decision, value, reviewer, decided_at, claim, claim_fp)
    except sqlite3.Error as exc:
        raise CacheError(f"cannot read review decisions in {store.path}: {exc}") from None
    return found


def record_decision(
    store: Cache,
    record: FlagRecord,
    decision: DecisionKind,
    *,
    value: str | None = None,
    reviewer: str | None = None,
) -> Decision:
    """Store one decision now (so a review can stop at any point). A correction's value must
    read as a figure of the claim's kind (`read_correction`); it is stored as the reviewer typed
    it, normalised in spacing, with the claim's unit when the reviewer typed a bare number."""
    if decision not in DECISIONS:
        raise ReviewError(f"unknown decision {decision!r}; choose one of {', '.join(DECISIONS)}")
    value = read_correction(record.check, value or "").value if decision == "correct" else None
    made = Decision(
        key=record.decision_key,
        decision=decision,
        value=value,
        reviewer=reviewer or _whoami(),
        decided_at=datetime.now(UTC).isoformat(timespec="seconds"),
        claim=record.check.claim,
        claim_fp=record.claim_fp,
    )
    try:
        with store.transaction() as db:
            db.execute(
                "INSERT INTO review_decisions (key, report_hash, report_path, field, claim,"
                " claim_fp, decision, value, reviewer, decided_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    made.key,
                    record.report_hash,
                    record.report_path,
                    record.check.field,
                    made.claim,
                    made.claim_fp,
                    made.decision,
                    made.value,
                    made.reviewer,
                    made.decided_at,
                ),
            )
    except sqlite3.Error as exc:
        raise CacheError(f"cannot store the review decision in {store.path}: {exc}") from None
    record.decision = made
    return made


def _whoami() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        # No login name (a container without a passwd entry): still say something.
        return "unknown"


def flag_records(summary: ReportSummary, store: Cache | None = None) -> list[FlagRecord]:
    """The flags of one summary, with the decision in force on each (when a store is given)."""
    keys = check_keys(summary)
    rhash = report_hash(summary)
    records = [
        FlagRecord(
            report_hash=rhash,
            report_path=summary.report.path,
            report_title=summary.report.title,
            check=check,
            decision_key=keys[check.id][0],
            claim_fp=keys[check.id][1],
        )
        for check in summary.flags
        if check.id in keys
    ]
    items = _items(summary)
    for record in records:
        item = items.get(record.check.item_id)
        if item is not None:
            record.passage, record.passage_start = _passage(summary, item)
    if store is not None:
        decided = latest_decisions(store, (r.decision_key for r in records))
        for record in records:
            record.decision = decided.get(record.decision_key)
    return records


def save_flags(summary: ReportSummary, store: Cache) -> None:
    """Replace the stored flags of this report with the summary's (the latest run wins)."""
    rhash = report_hash(summary)
    records = flag_records(summary)
    now = time.time()
    try:
        with store.transaction() as db:
            db.execute("DELETE FROM flags WHERE report_hash = ?", (rhash,))
            db.executemany(
                "INSERT INTO flags (report_hash, check_id, report_path, report_title, item_id,"
                " field, claim, status, message, context, context_start, mention, decision_key,"
                " claim_fp, updated_at, passage, passage_start)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        rhash,
                        r.check.id,
                        r.report_path,
                        r.report_title,
                        r.check.item_id,
                        r.check.field,
                        r.check.claim,
                        r.check.status,
                        r.check.message,
                        r.check.context,
                        r.check.context_start,
                        None
                        if r.check.mention is None
                        else json.dumps(r.check.mention.to_json(), ensure_ascii=False),
                        r.decision_key,
                        r.claim_fp,
                        now,
                        r.passage,
                        r.passage_start,
                    )
                    for r in records
                ],
            )
    except sqlite3.Error as exc:
        raise CacheError(f"cannot store flags in {store.path}: {exc}") from None


def stored_flags(store: Cache) -> list[FlagRecord]:
    """Every stored flag of every report, with the decision in force, report by report."""
    try:
        rows = (
            _db(store)
            .execute(
                "SELECT report_hash, report_path, report_title, check_id, item_id, field, claim,"
                " status, message, context, context_start, mention, decision_key, claim_fp,"
                " passage, passage_start"
                " FROM flags ORDER BY report_path, report_hash,"
                " CAST(SUBSTR(check_id, 2) AS INTEGER)"
            )
            .fetchall()
        )
    except sqlite3.Error as exc:
        raise CacheError(f"cannot read flags in {store.path}: {exc}") from None
    records = []
    for row in rows:
        (rhash, path, title, check_id, item_id, field, claim, status, message) = row[:9]
        context, context_start, mention_json, key, claim_fp, passage, passage_start = row[9:]
        records.append(
            FlagRecord(
                report_hash=rhash,
                report_path=path,
                report_title=title,
                check=Check(
                    id=check_id,
                    item_id=item_id,
                    field=field,
                    claim=claim,
                    status=status,
                    mention=_mention_from_json(mention_json),
                    context=context,
                    context_start=context_start,
                    message=message,
                ),
                decision_key=key,
                claim_fp=claim_fp,
                passage=passage,
                passage_start=passage_start,
            )
        )
    decided = latest_decisions(store, (r.decision_key for r in records))
    for record in records:
        record.decision = decided.get(record.decision_key)
    return records


def _mention_from_json(text: str | None) -> NumberMention | None:
    if not text:
        return None
    data = json.loads(text)
    data["value"] = Decimal(data["value"])
    if data.get("value_hi") is not None:
        data["value_hi"] = Decimal(data["value_hi"])
    return NumberMention(**data)


# --------------------------------------------------------------------------- applying


def apply_decisions(summary: ReportSummary, store: Cache) -> None:
    """Apply the stored decisions to `summary` and store its flags.

    accepted: the check is marked; rejected: the figure leaves its item (a rejected value takes
    its change with it); corrected: the reviewer's value replaces the figure; a decision taken
    on a claim that has since changed marks the check `stale` and changes nothing. Applying
    twice is harmless: a summary that already carries review marks is only re-stored.
    """
    if any(check.review is not None for check in summary.checks):
        save_flags(summary, store)
        return
    keys = check_keys(summary)
    decided = latest_decisions(store, (key for key, _ in keys.values()))
    items = _items(summary)
    dropped: list[tuple[Item, str]] = []
    for check in summary.checks:
        key, claim_fp = keys.get(check.id, ("", ""))
        decision = decided.get(key)
        if decision is None or decision.decision == "skip":
            continue
        if decision.claim_fp != claim_fp:
            check.review = "stale"
            continue
        check.review = _REVIEW_MARK[decision.decision]
        item = items[check.item_id]
        if decision.decision == "reject":
            dropped.append((item, check.field))
        elif decision.decision == "correct" and decision.value is not None:
            check.corrected_value = decision.value
            correct(summary, item, check.field, decision.value)
    # Drop after every decision is read, last index first, so that the metrics[i] of the other
    # checks still point where they did.
    for item, field in sorted(dropped, key=lambda d: _metric_index(d[1]), reverse=True):
        _drop(item, field)
    save_flags(summary, store)


def _metric_index(field: str) -> int:
    head = field.split(".", 1)[0]
    if head.startswith("metrics["):
        return int(head[len("metrics[") : -1])
    return -1


def _drop(item: Item, field: str) -> None:
    metric = metric_at(item, field)
    if metric is None:
        return
    if field.endswith(".change"):
        metric.change = None
    elif isinstance(item, AchievementItem):
        item.metrics[:] = [m for m in item.metrics if m is not metric]
    elif isinstance(item, TargetItem):
        item.metric = None


# Characters of the source shown on each side of an item's own words.
PASSAGE_MARGIN = 20


def _passage(summary: ReportSummary, item: Item) -> tuple[str | None, int | None]:
    """The item's evidence as it stands in its section, with a little around it."""
    if item.start is None or item.end is None:
        return None, None
    for section in summary.sections:
        if section.start <= item.start < section.end and section.text:
            start = max(section.start, item.start - PASSAGE_MARGIN)
            end = min(section.end, item.end + PASSAGE_MARGIN)
            return section.text[start - section.start : end - section.start], start
    return None, None


# --------------------------------------------------------------------------- for display


def decision_text(decision: Decision | None, lang: str = "en") -> str:
    """One line for a table cell: 'reject by ann 2026-11-22' / 'correct → 15.93亿元 by …', in
    Chinese '剔除（ann，2026-11-22）' / '更正 → 15.93亿元（…）'."""
    if decision is None:
        return ""
    what = action_label(decision.decision, lang) if lang == "zh" else decision.decision
    if decision.value:
        what += f" → {decision.value}"
    if lang == "zh":
        return f"{what}（{decision.reviewer}，{decision.decided_at[:10]}）"
    return f"{what} by {decision.reviewer} {decision.decided_at[:10]}"


def counts_by_state(records: Sequence[FlagRecord]) -> Counter[str]:
    return Counter(record.state for record in records)
