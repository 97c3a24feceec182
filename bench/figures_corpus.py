"""How the rules provider's own figures fare in the cross-check, per genre of report.

Run: python bench/figures_corpus.py [--corpus DIR] [--flags FILE] [--show N]

For every report of the development corpus (`../shared/corpus`: cities, provinces) and the seed
reports (fixtures/reports), the rules provider extracts every section and the cross-check checks
what it claimed, exactly as `summarizer summarize` does. Printed per genre: reports, figures
reported (every value and every change a metric claims), how many verified (verified / rounded /
derived), flags per status, and flags per report. The rules provider copies its figures from the
source, so every flag on its own output is either a false alarm or a figure it attached to the
wrong metric: the number to drive to zero.

`--flags FILE` writes every flag (report, claim, status, message, context) as JSON lines, for
reading a sample by hand; `--show N` prints N of them per genre.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.assemble import SectionResult, build_summary  # noqa: E402
from summarizer.document.chunking import chunk  # noqa: E402
from summarizer.document.ingest import load  # noqa: E402
from summarizer.models import OK_STATUSES, ChunkResult, ReportSummary  # noqa: E402
from summarizer.pipeline import MIN_SECTION_CHARS  # noqa: E402
from summarizer.providers.base import Extraction  # noqa: E402
from summarizer.providers.rules import RulesProvider  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SEEDS = ROOT / "fixtures" / "reports"


def genres(corpus: Path) -> dict[str, list[Path]]:
    found = {
        "cities": sorted((corpus / "cities").glob("*.md")),
        "provinces": sorted((corpus / "provinces").glob("*.md")),
        # A re-encoded or HTML copy of a seed would only count it twice.
        "seeds": sorted(p for p in SEEDS.glob("*.txt") if p.stem.count(".") == 0),
    }
    return {genre: paths for genre, paths in found.items() if paths}


def summarise(path: Path, provider: RulesProvider) -> ReportSummary:
    doc = load(path)
    sections = chunk(doc)
    results: list[SectionResult] = []
    for section in sections:
        if len(section.text.strip()) < MIN_SECTION_CHARS:
            empty = ChunkResult(achievements=[], targets=[], problems=[])
            results.append((section, Extraction(result=empty), None, False))
            continue
        result = provider.extract_sync(section, doc.meta)
        results.append((section, Extraction(result=result), None, False))
    return build_summary(doc, sections, results, provider)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--flags", type=Path, help="write every flag as JSON lines here")
    parser.add_argument("--show", type=int, default=0, help="print N random flags per genre")
    parser.add_argument("--seed", type=int, default=12, help="random seed for --show")
    args = parser.parse_args()

    provider = RulesProvider()
    out = args.flags.open("w", encoding="utf-8") if args.flags else None
    rng = random.Random(args.seed)
    statuses: set[str] = set()
    rows: list[tuple[str, int, int, int, Counter[str]]] = []
    samples: dict[str, list[dict[str, str]]] = {}
    for genre, paths in genres(args.corpus).items():
        counts: Counter[str] = Counter()
        figures = verified = 0
        flags_seen: list[dict[str, str]] = []
        for path in paths:
            summary = summarise(path, provider)
            for check in summary.checks:
                if check.field == "evidence":
                    if check.is_flag:
                        counts[check.status] += 1
                    continue
                figures += 1
                if check.status in OK_STATUSES:
                    verified += 1
                else:
                    counts[check.status] += 1
            for check in summary.flags:
                record = {
                    "genre": genre,
                    "report": path.name,
                    "status": check.status,
                    "claim": check.claim,
                    "message": check.message,
                    "context": check.context or "",
                }
                flags_seen.append(record)
                if out is not None:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        statuses.update(counts)
        rows.append((genre, len(paths), figures, verified, counts))
        samples[genre] = rng.sample(flags_seen, min(args.show, len(flags_seen)))
    if out is not None:
        out.close()

    order = sorted(statuses)
    header = f"{'genre':<10}{'reports':>8}{'figures':>9}{'verified':>9}{'flags':>7}{'/report':>9}"
    print(header + "".join(f"  {s}" for s in order))
    total: Counter[str] = Counter()
    n_reports = n_figures = n_verified = 0
    for genre, reports, figures, verified, counts in rows:
        flags = sum(counts.values())
        line = f"{genre:<10}{reports:>8}{figures:>9}{verified:>9}{flags:>7}{flags / reports:>9.2f}"
        print(line + "".join(f"  {counts[s]:>{len(s)}}" for s in order))
        total.update(counts)
        n_reports += reports
        n_figures += figures
        n_verified += verified
    flags = sum(total.values())
    line = f"{'all':<10}{n_reports:>8}{n_figures:>9}{n_verified:>9}{flags:>7}"
    print(
        line
        + f"{flags / max(n_reports, 1):>9.2f}"
        + "".join(f"  {total[s]:>{len(s)}}" for s in order)
    )
    for genre, sample in samples.items():
        for record in sample:
            print(f"\n[{genre}] {record['report']} {record['status']}: {record['claim']}")
            print(f"  {record['message']}")
            print(f"  …{record['context']}…")


if __name__ == "__main__":
    main()
