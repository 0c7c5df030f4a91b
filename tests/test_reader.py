"""Reading inputs: every bad file or line becomes one error naming it; good ones still come."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from kg.config import Settings
from kg.errors import InputError
from kg.language import non_english_reason
from kg.limits import LimitExceeded, check_documents_per_request, check_sentences
from kg.reader import looks_like_html, read_inputs, read_record
from kg.records import Article

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9d3f9a3be7baeea0.txt"
POLNEAR = Path(__file__).resolve().parent / "data" / "polnear"


def _read(*paths: Path) -> list[Article | InputError]:
    return list(read_inputs([str(p) for p in paths], max_chars=10_000))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("latin1.txt", "Caf\xe9 talks".encode("latin-1"), "not UTF-8"),
        ("notes.pdf", b"%PDF-1.4", "unsupported input type"),
        ("huge.txt", b"word " * 3000, "over the limit"),
    ],
)
def test_bad_files_are_named_with_the_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [error] = _read(path)
    assert isinstance(error, InputError)
    assert str(path) in str(error) and reason in str(error)


def test_missing_file(tmp_path: Path) -> None:
    [error] = _read(tmp_path / "nope.txt")
    assert isinstance(error, InputError) and "no such file" in str(error)


def test_jsonl_bad_lines_are_named_and_good_lines_kept(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Talks resumed.", "published": "2024-08-25", "title": "T"}),
        "{not json",
        json.dumps({"id": "a2"}),
        json.dumps(["text"]),
        json.dumps({"text": "Fine.", "published": "last week"}),
        "",
        json.dumps({"text": "Also fine.", "url": "https://example.org/a3"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read(path)
    errors = [str(i) for i in items if isinstance(i, InputError)]
    articles = [i for i in items if isinstance(i, Article)]
    assert [e.split(": ")[0] for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5"]
    assert "not JSON" in errors[0] and "text" in errors[1] and "ISO date" in errors[3]
    assert [a.doc_id for a in articles] == ["a1", "feed-7"]
    assert articles[0].published == date(2024, 8, 25) and articles[0].title == "T"


def test_directory_reads_txt_and_jsonl_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "c.md").write_text("ignored", encoding="utf-8")
    assert [a.doc_id for a in _read(tmp_path) if isinstance(a, Article)] == ["a", "b"]


def test_txt_id_is_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "000_9d3f9a3be7baeea0.txt"
    path.write_text("\ufeffText with a BOM.", encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.doc_id == "000-9d3f9a3be7baeea0" and article.text == "Text with a BOM."


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><meta charset="{charset}"><title>Cairo talks end | Example</title>
<meta property="og:title" content="Cairo talks end">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-08-25T09:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<div class="ad">Subscribe now for 1 euro!</div>
<article><h1>Cairo talks end without a deal</h1>
<p>A round of high-level talks in Cairo ended on Sunday without a deal, Egyptian officials said.</p>
<p>“We will not retreat,” the defence minister said at a café. Hamas said it would study the plan.</p>
<script>document.write("injected prose, said the script")</script>
</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def _one(items: list[Article | InputError]) -> Article:
    [article] = items
    assert isinstance(article, Article), article
    return article


@pytest.mark.parametrize(("suffix", "charset"), [(".html", "utf-8"), (".htm", "windows-1252")])
def test_html_file_is_reduced_to_its_article(tmp_path: Path, suffix: str, charset: str) -> None:
    path = tmp_path / f"cairo{suffix}"
    path.write_bytes(PAGE.format(charset=charset).encode(charset))
    article = _one(_read(path))
    assert "talks in Cairo ended on Sunday" in article.text and "“We will not retreat,”" in article.text
    assert "café" in article.text  # decoded by the declared charset
    for junk in ("Home", "Subscribe", "injected", "Copyright", "<p>"):
        assert junk not in article.text
    assert article.doc_id == "cairo" and article.publisher == "Example News"
    assert article.title == "Cairo talks end" and article.published == date(2024, 8, 25)


def test_jsonl_html_field_and_sniffed_text_are_reduced_and_record_metadata_wins(tmp_path: Path) -> None:
    html = PAGE.format(charset="utf-8")
    path = tmp_path / "feed.jsonl"
    lines = [{"id": "a", "html": html, "title": "Own title"}, {"id": "b", "text": "\n  " + html}]
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    first, second = (_one([a]) for a in _read(path))
    assert first.title == "Own title" and second.title == "Cairo talks end"
    assert first.text == second.text and "Subscribe" not in first.text


@pytest.mark.parametrize(
    ("text", "is_html"),
    [
        ("<!DOCTYPE html><html><body><p>x</p>", True),
        ("  <p>The minister said talks would resume.</p>", True),
        ("<!-- feed --> <div>x</div>", True),
        ("The <b>minister</b> said talks would resume.", False),
        ("<3 said the minister.", False),
        ("<paragraph> is a word here.", False),
    ],
)
def test_html_is_sniffed_as_browsers_do(text: str, is_html: bool) -> None:
    assert looks_like_html(text) is is_html


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><style>p {}</style></head><body><script>var said = 1;</script></body></html>",
        "<html><body>" + "<div>" * 5000 + "<p>Deep.</p>" + "</div>" * 5000 + "</body></html>",
    ],
)
def test_html_without_article_text_is_refused(tmp_path: Path, html: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(html, encoding="utf-8")
    [error] = _read(path)
    assert isinstance(error, InputError) and "HTML holds no article text" in str(error)


# --- encodings and characters -----------------------------------------------------------------


def test_text_not_in_utf8_is_refused_with_the_encoding_it_looks_like(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Le café où les négociateurs se sont réunis était fermé dimanche.".encode("latin-1"))
    [error] = _read(path)
    assert isinstance(error, InputError)
    assert "not UTF-8 text (bad byte 0xe9 at offset 6); it looks like" in str(error) and "iconv" in str(error)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("Talks resumed in Cairo, the minister said.".encode(encoding))
    assert _one(_read(path)).text == "Talks resumed in Cairo, the minister said."


def test_jsonl_must_be_utf8(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"text": "Caf\xe9 talks."}\n{"text": "Fine."}')
    error, article = _read(path)
    assert isinstance(error, InputError) and "JSON Lines must be UTF-8" in str(error)
    assert isinstance(article, Article)


def test_characters_no_rdf_syntax_carries_are_replaced_one_for_one(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    record = '{"text": "Talks\\u0000 resumed\\u001b[31m in \\ud800Cairo\\u0085.\\uffff", "title": "T\\u0007"}'
    path.write_text(record, encoding="utf-8")
    article = _one(_read(path))
    assert article.text == "Talks  resumed [31m in \ufffdCairo . " and article.title == "T "
    assert len(article.text) == len(json.loads(record)["text"])  # offsets still index the text


def test_file_names_with_control_characters_are_shown_escaped(tmp_path: Path) -> None:
    [error] = _read(tmp_path / "evil\x1b[2J.txt")
    assert isinstance(error, InputError) and "evil\\x1b[2J.txt" in str(error) and "\x1b" not in str(error)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[" * 100_000, "nested too deeply"),
        ('{"text": "x", "n": ' + "9" * 5000 + "}", "not JSON NewsKG can read"),
        ('{"text": "Talks resumed.", "url": "javascript:alert(1)"}', "not an absolute http(s) URL"),
        ('{"text": "Talks resumed.", "url": "https://example.org/a b"}', "not an absolute http(s) URL"),
        ('{"text": "Talks resumed.", "url": "https://[::1"}', "not an absolute http(s) URL"),
        ('{"text": "Talks resumed.", "title": 7}', '"title" must be a string'),
        ('{"html": "<script>x</script>", "text": 3}', "HTML holds no article text"),
    ],
)
def test_hostile_jsonl_lines_are_refused_with_a_reason(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(line, encoding="utf-8")
    [error] = _read(path)
    assert isinstance(error, InputError) and reason in str(error), error
    assert "\n" not in str(error)


def test_read_record_serves_other_callers() -> None:
    article = read_record(
        {"text": "Talks resumed."}, source="POST /documents[0]", default_id="post-0", max_chars=100
    )
    assert isinstance(article, Article) and article.doc_id == "post-0"
    error = read_record(["x"], source="POST /documents[1]", default_id="post-1", max_chars=100)
    assert isinstance(error, InputError) and str(error).startswith("POST /documents[1]: a record must be")


# --- limits -----------------------------------------------------------------------------------


def test_file_over_the_byte_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + b"x" * 5000)
    [error] = read_inputs([str(path)], max_chars=10_000, max_bytes=1000)
    assert isinstance(error, InputError)
    assert "has 5,003 bytes, over the limit of 1,000 (set KG_MAX_DOCUMENT_BYTES to raise it)" in str(error)


def test_jsonl_line_over_the_byte_limit_is_refused_and_the_next_lines_still_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    long_line = json.dumps({"text": "word " * 100_000})
    path.write_text("\n".join([long_line, '{"text": "Fine."}']), encoding="utf-8")
    error, article = read_inputs([str(path)], max_chars=10_000, max_bytes=1000)
    assert isinstance(error, InputError) and f"{path}:1: has {len(long_line):,} bytes" in str(error)
    assert isinstance(article, Article) and article.text == "Fine."


def test_text_over_the_character_limit_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("é" * 101, encoding="utf-8")
    [error] = read_inputs([str(path)], max_chars=100)
    assert isinstance(error, InputError)
    assert "text has 101 characters, over the limit of 100 (set KG_MAX_DOCUMENT_CHARS" in str(error)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Talks resumed in Cairo.", "Talks resumed in Cairo."),
        (b'\n {"id": "s1", "text": "Talks resumed."}\n{"text": "Again."}', "Talks resumed.|Again."),
        (b"<p>Talks resumed in Cairo.</p>", "Talks resumed in Cairo."),
        (b"x" * 70_000, "more than 65,600 bytes"),
    ],
)
def test_standard_input(monkeypatch: pytest.MonkeyPatch, data: bytes, expected: str) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(read_inputs(["-"], max_chars=100_000, max_bytes=65_600))
    assert "|".join(i.text if isinstance(i, Article) else str(i) for i in items).find(expected) >= 0


def test_sentence_and_request_limits_refuse_whole() -> None:
    check_sentences("a.txt", iter(range(3)), limit=3)
    with pytest.raises(LimitExceeded, match=r"a.txt: has 4 sentences, over the limit of 3 \(set KG_MAX_SENT"):
        check_sentences("a.txt", iter(range(4)), limit=3)
    with pytest.raises(LimitExceeded, match="KG_MAX_DOCUMENTS_PER_REQUEST"):
        check_documents_per_request(101, limit=100)


def test_limits_are_settings_with_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_MAX_SENTENCES_PER_DOCUMENT", "7")
    settings = Settings()
    assert settings.max_sentences_per_document == 7 and settings.max_documents_per_request == 100
    assert settings.max_document_bytes == 20_000_000 and settings.max_document_chars == 2_000_000


# --- language ---------------------------------------------------------------------------------

FOREIGN = {
    "fr": "Le gouvernement a annoncé dimanche de nouvelles négociations avec l'opposition, a déclaré un "
    "porte-parole à Paris. Les discussions doivent commencer la semaine prochaine et les deux parties se "
    "disent prudemment optimistes quant à un accord sur le budget.",
    "es": "El gobierno anunció el domingo nuevas negociaciones con la oposición, dijo un portavoz en Madrid. "
    "Las conversaciones comenzarán la próxima semana y ambas partes se mostraron cautelosamente optimistas.",
    "de": "Die Regierung hat am Sonntag neue Gespräche mit der Opposition angekündigt, sagte ein Sprecher in "
    "Berlin. Die Verhandlungen sollen nächste Woche beginnen, und beide Seiten zeigten sich optimistisch.",
    "ru": "Правительство в воскресенье объявило о новых переговорах с оппозицией, сообщил представитель в "
    "Москве. Переговоры начнутся на следующей неделе.",
    "ar": "أعلنت الحكومة يوم الأحد عن مفاوضات جديدة مع المعارضة، حسبما قال متحدث في القاهرة. ومن المقرر أن "
    "تبدأ المحادثات الأسبوع المقبل.",
    "he": "הממשלה הודיעה ביום ראשון על משא ומתן חדש עם האופוזיציה, כך אמר דובר בירושלים. השיחות אמורות "
    "להתחיל בשבוע הבא.",
    "zh": "政府周日宣布与反对派举行新的谈判，一位发言人在北京表示。会谈定于下周开始，双方对达成预算协议表示谨慎乐观。"
    "这是一个新的开始。",
}


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_non_english_articles_are_skipped_with_a_message(tmp_path: Path, lang: str) -> None:
    path = tmp_path / f"{lang}.txt"
    path.write_text(FOREIGN[lang], encoding="utf-8")
    [error] = _read(path)
    assert isinstance(error, InputError) and "not English, skipped: " in str(error), error
    assert "KG_SKIP_NON_ENGLISH=false" in str(error)
    assert isinstance(_one(list(read_inputs([str(path)], max_chars=10_000, english_only=False))), Article)


@pytest.mark.parametrize(
    "text",
    [
        SEED.read_text(encoding="utf-8"),
        *(p.read_text(encoding="utf-8") for p in sorted(POLNEAR.glob("*.txt"))),
        "Talks resumed.",  # too short to judge: parsed
        "Der Minister sagte: Nein.",
        "The minister, quoting the Hebrew slogan "
        "“הממשלה הודיעה ביום ראשון על משא ומתן חדש עם האופוזיציה”, said talks would resume in Cairo "
        "next week after the holiday, according to officials who were briefed on the plan.",
    ],
)
def test_english_news_is_never_called_foreign(text: str) -> None:
    assert non_english_reason(text) is None
