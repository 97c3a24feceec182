"""Record a real model's replies to named sections as test fixtures.

Each section of REPORT goes through the LLM provider against a real endpoint (a CPU model takes
minutes per section: run it in the background), and every reply the model wrote is kept in
fixtures/replies/recorded/<report>-<section>[-<n>].json with the model, the prompt version and
the date, as the model wrote it (the test server replays that text verbatim).

    python bench/record_replies.py --base-url http://127.0.0.1:8765/v1 \
        --model qwen2.5-coder-1.5b --context-window 16384 \
        fixtures/reports/ningbo-xiaying-2023h1.txt:s02 ../shared/corpus/cities/南京市-2019.md:s05
    # or a whole `summarizer` run, exactly as a user types it, recording every reply:
    python bench/record_replies.py --cli summarize REPORT --provider llm --base-url … --model …
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic import ValidationError  # noqa: E402

from summarizer.config import load_settings  # noqa: E402
from summarizer.document.chunking import chunk  # noqa: E402
from summarizer.document.ingest import load  # noqa: E402
from summarizer.models import ReportMeta, Section  # noqa: E402
from summarizer.providers.llm import ExtractionFailed, LLMProvider  # noqa: E402
from summarizer.providers.reply import ReplyCut, error_lines, parse_reply  # noqa: E402
from summarizer.providers.stream import Reply  # noqa: E402

OUT = ROOT / "fixtures" / "replies" / "recorded"
MODEL_FILE = "Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF, llama-cpp-python 0.3.36 server, 2 CPU cores"
# A match is this many characters of the part's text: long enough to be unique in the seeds
# and corpus, short enough to read.
MATCH_CHARS = 24


def _source_name(path: Path) -> str:
    text = str(path.resolve())
    for marker in ("/fixtures/", "/corpus/"):
        if marker in text:
            return marker.strip("/") + "/" + text.split(marker, 1)[1]
    return path.name


def _match(text: str) -> str:
    """MATCH_CHARS of the part's own text without whitespace, from after its first sentence
    (the test server serves the reply to a request whose section text contains it)."""
    starts = [i + 1 for i, c in enumerate(text[:200]) if c in "。；"] + [0]
    for start in starts:
        for i in range(start, max(start + 1, len(text) - MATCH_CHARS)):
            piece = text[i : i + MATCH_CHARS]
            if len(piece) == MATCH_CHARS and not any(c.isspace() for c in piece):
                return piece
    return max(text.split(), key=len)[:MATCH_CHARS]


def _outcome(text: str, reply: Reply) -> dict[str, Any]:
    """How this one reply reads on its own, as the replay test will read it."""
    if reply.finish_reason in ("length", "repetition"):
        return {"outcome": reply.finish_reason, "items": None}
    try:
        parsed = parse_reply(reply.text, {"section_text": text, "numbers_reasked": False})
    except ReplyCut:
        return {"outcome": "cut", "items": None}
    except (ValidationError, ValueError) as exc:
        return {"outcome": "invalid: " + error_lines(exc)[0], "items": None}
    items = len(parsed.achievements) + len(parsed.targets) + len(parsed.problems)
    return {"outcome": "valid", "items": items}


class Recorder:
    """An `on_reply` hook that writes every reply of a real model as a fixture, as it comes."""

    def __init__(self, provider: LLMProvider, model_file: str) -> None:
        self.provider = provider
        self.model_file = model_file
        self.written: list[Path] = []
        self._seen: dict[str, int] = {}

    def __call__(self, section: Section, meta: ReportMeta, text: str, reply: Reply) -> None:
        path = Path(meta.path or "report")
        stem = f"{path.stem.split('.')[0]}-{section.id}"
        self._seen[stem] = self._seen.get(stem, 0) + 1
        info = self.provider.endpoint_info
        data = {
            "model": self.provider.model,
            "model_file": self.model_file,
            "server": info.server if info else None,
            "context_window": info.context_window if info else None,
            "mode": self.provider.mode,
            "prompt_version": self.provider.prompts.version,
            "prompt_digest": self.provider.prompts.digest,
            "candidates": self.provider.settings.candidates,
            "recorded": date.today().isoformat(),
            "source": _source_name(path),
            "section": {
                "id": section.id,
                "heading_path": section.heading_path,
                "role": section.role,
            },
            "part_chars": len(text),
            "match": _match(text),
            "finish_reason": reply.finish_reason,
            "completion_tokens": reply.tokens,
            "seconds": round(reply.seconds, 1),
            "first_token_seconds": round(reply.first_token_seconds, 1),
            **_outcome(text, reply),
            "text": text,
            "reply": reply.text,
        }
        OUT.mkdir(parents=True, exist_ok=True)
        target = OUT / f"{stem}-{self._seen[stem]}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.written.append(target)
        print(
            f"  wrote {target.relative_to(ROOT)} ({data['outcome']})", file=sys.stderr, flush=True
        )


async def record(args: argparse.Namespace) -> None:
    settings = load_settings(
        {
            "provider": "llm",
            "base_url": args.base_url,
            "model": args.model,
            "context_window": args.context_window,
            "candidates": args.candidates,
            "no_cache": True,
        }
    )
    provider = LLMProvider(settings)
    provider.on_notice = lambda line: print("notice:", line, flush=True)
    provider.on_reply = Recorder(provider, args.model_file)
    try:
        for spec in args.sections:
            path_text, _, section_id = spec.rpartition(":")
            doc = load(Path(path_text))
            section = next(s for s in chunk(doc) if s.id == section_id)
            started = time.monotonic()
            try:
                extraction = await provider.extract(section, doc.meta)
                outcome: dict[str, Any] = {"usage": extraction.usage.model_dump()}
            except ExtractionFailed as exc:
                outcome = {"error": str(exc), "usage": exc.usage.model_dump()}
            print(f"{spec}: {time.monotonic() - started:.0f}s {outcome}", flush=True)
    finally:
        await provider.aclose()


def run_cli(argv: list[str], model_file: str) -> None:
    """`summarizer ARGV…` exactly as a user runs it, with every reply recorded on the way."""
    import summarizer.pipeline as pipeline
    from summarizer.cli import main as cli_main

    made = pipeline.create_provider

    def recording(settings: Any) -> Any:
        provider = made(settings)
        if isinstance(provider, LLMProvider):
            provider.on_reply = Recorder(provider, model_file)
        return provider

    pipeline.create_provider = recording  # type: ignore[assignment]
    cli_main(argv)


def main() -> None:
    # What the provider does on the way (splits, re-asks, retries) goes to stderr.
    logging.basicConfig(format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("summarizer").setLevel(logging.INFO)
    if len(sys.argv) > 2 and sys.argv[1] == "--cli":
        run_cli(sys.argv[2:], MODEL_FILE)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sections", nargs="+", help="REPORT:SECTION_ID (ids as `summarizer chunks`)"
    )
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--model-file", default=MODEL_FILE)
    parser.add_argument("--context-window", type=int, default=None)
    parser.add_argument("--candidates", action="store_true")
    asyncio.run(record(parser.parse_args()))


if __name__ == "__main__":
    main()
