"""The hand annotations of tests/data/news/ (docs/ANNOTATION.md): load them, check them, match names.

Used by ``bench/bench_extraction.py`` (scoring) and ``tests/test_news_annotations.py`` (every
file follows the format: exact substrings, known classes and types, the split rule).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

NEWS_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "news"
SETS = ("conflict", "other", "events")
CLASSES = {"Person", "Organization", "GovernmentBody", "ArmedGroup", "GeopoliticalEntity", "Place"}
TYPES = {
    "Airstrike", "RocketAttack", "MissileAttack", "DroneAttack", "Shelling", "Bombing", "Assassination",
    "Killing", "Interception", "ExchangeOfFire", "Deployment", "GroundOperation", "Abduction", "Siege",
    "Attack",
}  # fmt: skip
MODALITIES = {"asserted", "negated", "future", "hypothetical", "generic", "denied"}
STYLES = {"wire", "broadcaster", "press-release", "live-blog", "indirect", "casualties", "mediated", "analysis",
          "feature"}  # fmt: skip
WHY = {"verbal", "political", "sport", "business", "labour", "entertainment", "medical", "weather", "disaster",
       "crime", "police", "cyber", "metaphor", "idiom", "other"}  # fmt: skip
STEM = re.compile(r"^(\d\d)_[a-z0-9-]+_[a-z0-9-]+$")
_STOP = {"the", "a", "an", "of", "for", "and", "to", "in", "on", "at", "by", "with", "s", "said", "says", "its",
         "his", "her", "their", "who", "which", "that", "from", "as"}  # fmt: skip


@dataclass
class GoldArticle:
    """One annotated article: its text, metadata and every annotation table."""

    stem: str
    set: str
    text: str
    meta: dict[str, Any]
    actors: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    decoys: list[dict[str, Any]] = field(default_factory=list)
    negotiations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def heldout(self) -> bool:
        return self.meta.get("split") == "heldout"

    @property
    def published(self) -> date | None:
        value = self.meta.get("published")
        return date.fromisoformat(str(value)) if value else None

    def span(self, words: str) -> tuple[int, int] | None:
        """The offsets of the first occurrence of ``words`` in the text."""
        start = self.text.find(words)
        return (start, start + len(words)) if start >= 0 else None

    def names_of(self, reference: str) -> set[str]:
        """Every name an annotation's actor reference may go by: ``"A|B"`` takes A's and B's
        names, an actor label all the names of that actor, a description itself."""
        names: set[str] = set()
        for alternative in reference.split("|"):
            names.add(alternative)
            for actor in self.actors:
                if actor["label"] == alternative:
                    names.update(actor.get("names", []))
        return names

    def is_label(self, reference: str) -> bool:
        labels = {a["label"] for a in self.actors}
        return any(alternative in labels for alternative in reference.split("|"))


def load_article(toml_path: Path, set_name: str) -> GoldArticle:
    data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    return GoldArticle(
        stem=toml_path.stem,
        set=set_name,
        text=toml_path.with_suffix(".txt").read_text(encoding="utf-8"),
        meta=data.get("article", {}),
        actors=data.get("actor", []),
        statements=data.get("statement", []),
        actions=data.get("action", []),
        decoys=data.get("decoy", []),
        negotiations=data.get("negotiation", []),
    )


def load_set(set_name: str, root: Path = NEWS_DIR) -> list[GoldArticle]:
    folder = root / set_name
    return [load_article(p, set_name) for p in sorted(folder.glob("*.toml")) if p.name != "EVENTS.toml"]


# ------------------------------------------------------------------ names


def norm(name: str) -> str:
    """A name as compared: lower case, straight apostrophes, no leading article, no punctuation."""
    low = name.replace("’", "'").replace("‘", "'").lower().strip()
    low = re.sub(r"^(the|a|an)\s+", "", low)
    low = re.sub(r"'s$", "", low)
    return " ".join(re.findall(r"[\w'-]+", low))


def words(names: set[str] | list[str]) -> set[str]:
    """The content words of some names: what a description and a name may share."""
    found: set[str] = set()
    for name in names:
        found |= {w for w in re.findall(r"[a-z0-9]+", name.replace("’", "'").lower()) if w not in _STOP}
    return found


def same_actor(predicted: set[str], gold: GoldArticle, reference: str) -> bool:
    """True when a predicted actor (its name, aliases and mentions) is the annotation's actor.

    A named actor must share a name (compared by :func:`norm`); an unnamed source ("a US
    official", "residents") a content word of its description.
    """
    wanted = {norm(n) for n in gold.names_of(reference)}
    if {norm(n) for n in predicted} & wanted:
        return True
    return not gold.is_label(reference) and bool(words(predicted) & words(gold.names_of(reference)))


# ------------------------------------------------------------------ format check


def check(article: GoldArticle) -> list[str]:
    """Every way ``article`` departs from docs/ANNOTATION.md, one line each."""
    errors: list[str] = []
    text, meta = article.text, article.meta

    def err(message: str) -> None:
        errors.append(f"{article.set}/{article.stem}: {message}")

    match = STEM.match(article.stem)
    if not match:
        err("stem is not NN_outlet_slug")
    for key in ("title", "url", "published", "publisher", "style", "topic", "split"):
        if not meta.get(key):
            err(f"[article] lacks {key}")
    if meta.get("style") and meta["style"] not in STYLES:
        err(f"style {meta['style']!r}")
    if match and meta.get("split") != ("heldout" if int(match.group(1)) % 3 == 0 else "tune"):
        err("split does not follow the NN rule")

    def exact(what: str, words: object, unique: bool = False) -> None:
        if not isinstance(words, str) or not words:
            err(f"{what} missing")
        elif words not in text:
            err(f"{what} {words!r} is not in the text")
        elif unique and text.count(words) > 1:
            err(f"{what} {words!r} is not unique")

    for actor in article.actors:
        if actor.get("class") not in CLASSES:
            err(f"actor {actor.get('label')!r}: class {actor.get('class')!r}")
        for name in actor.get("names", []):
            exact(f"actor {actor.get('label')!r} name", name)
    for st in article.statements:
        exact("statement content", st.get("content"))
        if st.get("type") not in {"direct", "indirect"} or not st.get("speaker") or not st.get("cue"):
            err(f"statement {str(st.get('content'))[:30]!r}: speaker, cue and type direct|indirect")
        if st.get("polarity", "assert") not in {"assert", "deny"}:
            err(f"statement polarity {st.get('polarity')!r}")
    for action in article.actions:
        exact("action anchor", action.get("anchor"), unique=True)
        for mention in action.get("mentions", []):
            exact("action mention", mention)
        if action.get("type") not in TYPES or action.get("modality", "asserted") not in MODALITIES:
            err(f"action {action.get('anchor')!r}: type or modality")
    for decoy in article.decoys:
        exact("decoy anchor", decoy.get("anchor"), unique=True)
        if decoy.get("why") not in WHY:
            err(f"decoy {decoy.get('anchor')!r}: why {decoy.get('why')!r}")
    for talks in article.negotiations:
        exact("negotiation anchor", talks.get("anchor"), unique=True)
        for mention in talks.get("mentions", []):
            exact("negotiation mention", mention)
    return errors
