"""Tell English text from text in other languages, without a model and without dependencies.

NewsKG's rules, gazetteer and spaCy model are English: an article in another language would
be parsed into noise, so it is skipped with a message instead. Two signs decide:

- **script**: most of its letters are not Latin (Arabic, Hebrew, Cyrillic, Han, ...);
- **function words**: English news is 25-50% common function words ("the", "of", "said"...);
  French, German or Spanish prose, in Latin letters too, scores a few per cent.

A text too short to judge (fewer than :data:`MIN_LETTERS` letters or :data:`MIN_WORDS` words)
is never called non-English: the pipeline handles any text, so when in doubt it is parsed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

MIN_WORDS = 20  # in Latin letters
MIN_LETTERS = 40  # Han or kana write a word in one or two letters: count letters
MIN_LATIN_SHARE = 0.5  # of the letters
MIN_FUNCTION_WORD_SHARE = 0.12  # of the words in Latin letters; PolNeAR's articles: 0.26-0.44
SAMPLE_CHARS = 20_000  # a long article is judged on its beginning, middle and end

_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# Frequent English words that are rare in other languages written in Latin letters: words that
# are also common elsewhere ("a", "in", "no", "die", "son", "se") are left out on purpose.
_ENGLISH = frozenset(
    " ".join(
        (
            "the of and to is was for that with on as by at from it its this be are were has have had",
            "not but or an they their them he his him she her we our us you your who which what when",
            "will would been said says told after about also more than there these those other into",
            "over could should may can one two new year years people before against between",
            "during under while where because if so just only out up all any some such very most",
        )
    ).split()
)


def non_english_reason(text: str) -> str | None:
    """Why ``text`` is judged not English, or None when it is English or too short to tell.

    >>> non_english_reason("Die Regierung hat am Sonntag neue Gespräche mit der Opposition "
    ...     "angekündigt, sagte ein Sprecher in Berlin. Die Verhandlungen sollen nächste Woche "
    ...     "beginnen, und beide Seiten zeigten sich vorsichtig optimistisch über ein Ergebnis.")
    '0% of its 32 words are common English words (English news has 25-50%)'
    >>> non_english_reason("Talks resumed in Cairo on Sunday.") is None
    True
    """
    sample = _sample(text)
    letters = [ch for ch in sample if ch.isalpha()]
    latin = sum(1 for ch in letters if _LATIN.match(ch))
    if len(letters) >= MIN_LETTERS and latin < MIN_LATIN_SHARE * len(letters):
        script = _main_script(ch for ch in letters if not _LATIN.match(ch))
        return f"{1 - latin / len(letters):.0%} of its letters are in the {script} script, not Latin"
    words = [w.lower() for w in _WORD.findall(sample) if _LATIN.match(w)]
    if len(words) < MIN_WORDS:
        return None
    share = sum(1 for w in words if w in _ENGLISH) / len(words)
    if share < MIN_FUNCTION_WORD_SHARE:
        return f"{share:.0%} of its {len(words)} words are common English words (English news has 25-50%)"
    return None


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    third = SAMPLE_CHARS // 3
    middle = len(text) // 2 - third // 2
    return " ".join((text[:third], text[middle : middle + third], text[-third:]))


def _main_script(letters: Iterable[str]) -> str:
    """The script most of ``letters`` belong to, by the first word of their Unicode names."""
    scripts = Counter(unicodedata.name(ch, "UNKNOWN").split()[0] for ch in letters)
    name = scripts.most_common(1)[0][0] if scripts else "UNKNOWN"
    return {"CJK": "Han"}.get(name, name.title())
