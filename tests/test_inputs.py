"""Inputs users bring: PDF reports, Big5 / GB18030 / UTF-16 text without a BOM, mojibake, and
the same report given twice in one run. Every file here is made from a real seed report."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from summarizer import InputError, chunk, load
from summarizer.config import Settings
from summarizer.document.decoding import readable_share
from summarizer.lexicon.frame import frame_lexicon
from summarizer.pipeline import summarize_paths
from tests.conftest import REPORTS, ROOT, SEED_REPORTS

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_font = pytest.mark.skipif(not FONT.is_file(), reason=f"no CJK font at {FONT} to write PDFs")


def _pdf(text: str, path: Path, *, password: str | None = None) -> Path:
    pdf = FPDF()
    if password is not None:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.add_page()
    pdf.add_font("cjk", fname=str(FONT), collection_font_number=0)
    pdf.set_font("cjk", size=11)
    pdf.multi_cell(0, 7, text)
    path.write_bytes(bytes(pdf.output()))
    return path


def _roles(path: Path) -> list[tuple[list[str], str]]:
    return [(s.heading_path, s.role) for s in chunk(load(path))]


# --------------------------------------------------------------------------- PDF


@needs_font
@pytest.mark.parametrize("name", ["xiaying", "xinqi", "xicheng", "xiasha"])
def test_pdf_reads_like_the_text_report(tmp_path: Path, name: str) -> None:
    source = SEED_REPORTS[name]
    path = _pdf(source.read_text(encoding="utf-8"), tmp_path / f"{name}.pdf")
    doc, original = load(path), load(source)
    assert doc.meta.source_format == "pdf"
    # The page's wrapped lines are paragraphs again: same parts, same frame.
    assert _roles(path) == _roles(source)
    for key in ("kind", "issuer", "review_period", "plan_period", "parts"):
        assert getattr(doc.meta, key) == getattr(original.meta, key), key
    # Every figure of the text report survives in the PDF's text.
    figures = set(re.findall(r"\d+(?:\.\d+)?(?:亿元|万元|%)", original.text))
    assert figures <= set(re.findall(r"\d+(?:\.\d+)?(?:亿元|万元|%)", doc.text))


@needs_font
def test_pdf_renamed_txt_is_still_read_as_pdf(tmp_path: Path) -> None:
    path = _pdf(SEED_REPORTS["xiaying"].read_text(encoding="utf-8"), tmp_path / "report.txt")
    assert load(path).meta.source_format == "pdf"


def test_scanned_pdf_without_text_is_one_line_error(tmp_path: Path) -> None:
    image = tmp_path / "page.png"
    Image.new("RGB", (600, 800), "white").save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=180)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(InputError) as err:
        load(path)
    message = str(err.value)
    assert message.startswith(f"{path}: scanned PDF with no text layer (1 page of images)")
    assert "\n" not in message


@needs_font
def test_password_protected_pdf(tmp_path: Path) -> None:
    text = SEED_REPORTS["xiaying"].read_text(encoding="utf-8")
    path = _pdf(text, tmp_path / "locked.pdf", password="secret")
    with pytest.raises(InputError, match="password-protected"):
        load(path)
    # An empty user password (many government PDFs) is no lock at all.
    open_path = _pdf(text, tmp_path / "open.pdf", password="")
    assert load(open_path).meta.issuer == "下应街道"


def test_broken_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    with pytest.raises(InputError, match=r"not a readable PDF \(\w+\)"):
        load(path)


# --------------------------------------------------------------------------- encodings


def _big5_text() -> str:
    """Sentences of a real report in traditional characters, those Big5 can encode."""
    back: dict[int, int] = {}
    for traditional, simplified in frame_lexicon().fold_table.items():
        back.setdefault(simplified, traditional)
    text = SEED_REPORTS["dongliu"].read_text(encoding="utf-8").translate(back)
    kept = []
    for sentence in re.findall(r"[^。\n]+。", text):
        try:
            sentence.encode("big5")
        except UnicodeEncodeError:
            continue
        kept.append(sentence)
    big5 = "\n".join(kept)
    assert len(big5) > 600
    return big5


def test_big5_is_not_read_as_gb18030(tmp_path: Path) -> None:
    text = _big5_text()
    data = text.encode("big5")
    # The trap: the same bytes decode without error as GB18030, into mojibake.
    assert readable_share(data.decode("gb18030")) < 0.7
    path = tmp_path / "big5.txt"
    path.write_bytes(data)
    doc = load(path)
    assert doc.meta.encoding == "big5"
    assert "堅持“謀發展、促增長”" in doc.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(SEED_REPORTS["dongliu"].read_text(encoding="utf-8").encode(encoding))
    doc = load(path)
    assert doc.meta.encoding == encoding
    assert doc.text == load(SEED_REPORTS["dongliu"]).text


def test_gb18030_copy_still_reads(tmp_path: Path) -> None:
    assert load(REPORTS / "ningbo-dongliu-2023.gb18030.txt").meta.encoding == "gb18030"


def test_mojibake_is_refused_in_one_line(tmp_path: Path) -> None:
    # A UTF-8 report decoded as Latin-1 and saved again as UTF-8: valid UTF-8, unreadable.
    text = SEED_REPORTS["xiaying"].read_text(encoding="utf-8")
    path = tmp_path / "twice.txt"
    path.write_bytes(text.encode("utf-8").decode("latin-1").encode("utf-8"))
    with pytest.raises(InputError) as err:
        load(path)
    message = str(err.value)
    assert "reads as mojibake" in message and "\n" not in message


def test_real_reports_read_as_readable() -> None:
    for path in SEED_REPORTS.values():
        assert readable_share(path.read_text(encoding="utf-8")) > 0.99


# --------------------------------------------------------------------------- duplicates


def test_the_same_report_twice_is_summarised_once_and_named(tmp_path: Path) -> None:
    twin = REPORTS / "ningbo-dongliu-2023.gb18030.txt"
    original = SEED_REPORTS["dongliu"]
    settings = Settings(provider="rules", no_cache=True)
    outcomes = summarize_paths([twin, original, SEED_REPORTS["xiaying"]], settings, progress=False)
    assert [o.path for o in outcomes] == [twin, original, SEED_REPORTS["xiaying"]]
    assert outcomes[0].duplicate_of is None
    assert outcomes[1].duplicate_of == twin
    assert outcomes[2].duplicate_of is None


def test_summarize_names_the_copy_and_outputs_the_report_once() -> None:
    twin = REPORTS / "ningbo-dongliu-2023.gb18030.txt"
    original = SEED_REPORTS["dongliu"]
    command = [sys.executable, "-c", "from summarizer.cli import main; main()", "summarize"]
    run = subprocess.run(
        [*command, str(twin), str(original), "-f", "jsonl", "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["path"] for line in lines] == [str(twin)]
    assert f"skipped {original}: same text as {twin}" in run.stderr.splitlines()
