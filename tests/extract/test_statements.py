"""Statements: sentence → (speaker label, cue, direct, content) tables, negatives included."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import extract
from kg.extract.rules import Rules
from kg.extract.statements.cues import set_off_speaker
from kg.extract.statements.quotes import find_quotes
from kg.records import Article, StatementRecord

from . import extract_text


def _run(doc: Doc, rules: Rules) -> list[tuple[str, str, bool, str]]:
    found = extract(doc, rules, Article("t", doc.text))
    names = {a.key: a.name for a in found.actors}
    return [(names[s.speaker], s.cue, s.direct, s.content.text) for s in found.statements]


SMITH = "John Smith"
PSF = "Permanent Strategic Framework"

CASES = [
    # direct quotes, the cue after, before, around the quote
    ('"We will win," John Smith said.', [(SMITH, "say", True, "We will win")]),
    ("“We will win,” said John Smith, a spokesman.", [(SMITH, "say", True, "We will win")]),
    ("John Smith said: “We will win the election.”", [(SMITH, "say", True, "We will win the election.")]),
    (
        "“We will win,” John Smith said, “and we will govern.”",
        [(SMITH, "say", True, "We will win,” John Smith said, “and we will govern.")],
    ),
    (
        "John Smith told the crowd: ‘We will never give up the fight.’",
        [(SMITH, "tell", True, "We will never give up the fight.")],
    ),
    # a quote alone in its paragraph, the speaker in the paragraph before
    ("John Smith said:\n\n“We will win the election.”", [(SMITH, "say", True, "We will win the election.")]),
    # an unclosed quote runs to the paragraph end; the next paragraph goes on
    (
        "“We will win,” John Smith said. “We always win.\n\n“Nobody can stop us.”",
        [(SMITH, "say", True, "We will win,” John Smith said. “We always win.\n\n“Nobody can stop us.")],
    ),
    # mixed quotes in reported speech are typed by the rule: direct when the content starts or
    # ends with a mark; a quote the clause opens runs on to its closing mark
    (
        "John Smith said talks must involve “all parties. We believe peace can be attained.” The talks resumed.",
        [(SMITH, "say", True, "talks must involve “all parties. We believe peace can be attained.”")],
    ),
    ("John Smith said that “we will win.”", [(SMITH, "say", True, "that “we will win.”")]),
    (
        "John Smith said “working teams” will remain in Cairo.",
        [(SMITH, "say", True, "“working teams” will remain in Cairo")],
    ),
    (
        "John Smith said the “vast majority” were thwarted.",
        [(SMITH, "say", False, "the “vast majority” were thwarted")],
    ),
    # mismatched, straight and curly marks pair by where they stand
    ('"We will win,” John Smith said.', [(SMITH, "say", True, "We will win")]),
    ('“We will win," John Smith said.', [(SMITH, "say", True, "We will win")]),
    ("“We will win,“ John Smith said.", [(SMITH, "say", True, "We will win")]),
    ("”We will win,” John Smith said.", [(SMITH, "say", True, "We will win")]),
    # reported speech
    ("John Smith said that the talks had failed.", [(SMITH, "say", False, "that the talks had failed")]),
    ("The talks had failed, John Smith said.", [(SMITH, "say", False, "The talks had failed")]),
    (
        "According to John Smith, the talks had failed.",
        [(SMITH, "according to", False, "the talks had failed")],
    ),
    (
        "John Smith said lower level “working teams” will remain.",
        [(SMITH, "say", False, "lower level “working teams” will remain")],
    ),
    ("John Smith said the plan was “a disaster.”", [(SMITH, "say", True, "the plan was “a disaster.”")]),
    ("John Smith called for an immediate ceasefire.", [(SMITH, "call", False, "an immediate ceasefire")]),
    (
        "John Smith arrived in Paris on Monday. He said the talks had failed.",
        [(SMITH, "say", False, "the talks had failed")],
    ),
    # several speakers: one statement each
    (
        "John Smith and Mary Jones said the talks had failed.",
        [(SMITH, "say", False, "the talks had failed"), ("Mary Jones", "say", False, "the talks had failed")],
    ),
    # speech verbs with a noun object, with what they say of it, or an attitude they name
    ("Hamas denied involvement.", [("Hamas", "deny", False, "involvement")]),
    ("The army confirmed the attack on Thursday.", [("army", "confirm", False, "the attack")]),
    ("The rebels announced a truce on Sunday.", [("rebels", "announce", False, "a truce")]),
    (
        "Hamas accused Israel of killing civilians.",
        [("Hamas", "accuse", False, "Israel of killing civilians")],
    ),
    (
        "John Smith characterized the declaration as a pivotal advancement.",
        [(SMITH, "characterize", False, "the declaration as a pivotal advancement")],
    ),
    (
        "The High Court ruled the plan unconstitutional.",
        [("High Court", "rule", False, "the plan unconstitutional")],
    ),
    (
        "John Smith estimated the death toll at more than 100.",
        [(SMITH, "estimate", False, "the death toll at more than 100")],
    ),
    (
        "The envoy expressed hope that talks would resume.",
        [("envoy", "express", False, "that talks would resume")],
    ),
    (
        "John Smith conveyed his confidence in the dedication of both parties.",
        [(SMITH, "convey", False, "his confidence in the dedication of both parties")],
    ),
    (
        "Hamas condemned the air strikes and said a drone had killed civilians.",
        [
            ("Hamas", "condemn", False, "the air strikes"),
            ("Hamas", "say", False, "a drone had killed civilians"),
        ],
    ),
    ("Hamas denied it.", []),  # a pronoun object reports nothing
    ("The blast claimed 12 lives.", []),  # a noun object that makes the cue no speech act
    ("The infection has claimed the lives of at least 40 patients.", []),
    ("The mediators have not announced the suspension of negotiations.", []),
    ("No group has claimed responsibility for the attack.", []),  # a subject that names no one
    ("Nobody has confirmed the toll.", []),
    (
        "No one claimed responsibility for the attacks, the police said.",
        [("police", "say", False, "No one claimed responsibility for the attacks")],
    ),
    ("The courier expressed the parcel to Paris.", []),  # no attitude
    ("The court ruled on Monday.", []),
    # cues with an infinitive or a gerund, or a preposition before one
    (
        "The rebels claimed to have inflicted heavy casualties.",
        [("rebels", "claim", False, "to have inflicted heavy casualties")],
    ),
    (
        "The army reported losing two soldiers and killing 20 rebels.",
        [("army", "report", False, "losing two soldiers and killing 20 rebels")],
    ),
    ("The rebels admitted to losing seven fighters.", [("rebels", "admit", False, "losing seven fighters")]),
    ("Hamas denied carrying out the attack.", [("Hamas", "deny", False, "carrying out the attack")]),
    ("Hamas vowed to retaliate.", [("Hamas", "vow", False, "to retaliate")]),
    (  # a gerund after a preposition speaks for the subject of the verb it hangs from
        "The ministry had refrained from commenting since confirming the attack on Thursday.",
        [("ministry", "confirm", False, "the attack on Thursday")],
    ),
    ("John Smith failed to report the crash.", []),
    ("Hamas has not claimed to have fired the rockets.", []),
    ("The army reported to the scene.", []),
    # more cue verbs that our annotation counts as speech acts, and participial cues
    (
        "John Smith stressed the need to engage both leaders.",
        [(SMITH, "stress", False, "the need to engage both leaders")],
    ),
    (
        "John Smith indicated that efforts are being made.",
        [(SMITH, "indicate", False, "that efforts are being made")],
    ),
    (
        "The rebels released a statement, asserting that they had defeated a battalion.",
        [("rebels", "assert", False, "that they had defeated a battalion")],
    ),
    (  # a participle hung on the nearest noun speaks for the sentence's subject
        "John Smith indicated that efforts are being made to solve the crisis stressing the role of Qatar.",
        [
            (
                SMITH,
                "indicate",
                False,
                "that efforts are being made to solve the crisis stressing the role of Qatar",
            ),
            (SMITH, "stress", False, "the role of Qatar"),
        ],
    ),
    (
        "Experts saying the talks had failed were ignored.",
        [("Experts", "say", False, "the talks had failed")],
    ),
    # headline attributions: what follows the cue, or the source after a final dash
    (
        "Army says 20 rebels killed in northern Mali\nThe army gave no details.",
        [("Army", "say", False, "20 rebels killed in northern Mali")],
    ),
    (
        "Flynn says Trump 'absolutely right' on generals\nThe retired general spoke on Monday.",
        [("Flynn", "say", False, "Trump 'absolutely right' on generals")],
    ),
    (
        "Lawmaker urges retaliation on Russia.\nHe spoke on Monday.",
        [("Lawmaker", "urge", False, "retaliation on Russia")],
    ),
    (
        "20 rebels killed in northern Mali — army\nThe army gave no details.",
        [("army", "say", False, "20 rebels killed in northern Mali")],
    ),
    ("Talks in Jeddah - what we know\nThe talks went on.", []),  # no source after the dash
    ("The army said nothing. It gave no details.\nTalks resumed.", []),  # a lead, no headline
    # a dateline is never a speaker, nor part of what is reported
    (
        "Bamako, July 27 (Reuters) – Tuareg rebels claimed to have downed a helicopter.",
        [("Tuareg rebels", "claim", False, "to have downed a helicopter")],
    ),
    (
        "WASHINGTON (AP) — Talks failed on Monday, officials said.",
        [("officials", "say", False, "Talks failed on Monday")],
    ),
    ("GENEVA: The UN said talks would resume.", [("United Nations", "say", False, "talks would resume")]),
    (
        "Doha: Qatar hosted the ceremony, according to John Smith.",
        [(SMITH, "according to", False, "Qatar hosted the ceremony")],
    ),
    # a document, report or channel that speaks: its issuer is the speaker
    (
        "A separate BBC report noted that Fano had backed the army.",
        [("BBC", "note", False, "that Fano had backed the army")],
    ),
    (
        "“Civilians were killed,” the EHRC statement read in part.",
        [("EHRC", "read", True, "Civilians were killed")],
    ),
    (
        "A statement from the EHRC said the strike was credible.",
        [("EHRC", "say", False, "the strike was credible")],
    ),
    (
        "A complaint filed by the SEC said the firm engaged in fraud.",
        [("SEC", "say", False, "the firm engaged in fraud")],
    ),
    (
        "The Baza Telegram channel also reported the death of 20 Wagner fighters.",
        [("Baza", "report", False, "the death of 20 Wagner fighters")],
    ),
    (
        "The talks had failed, according to a statement from the EHRC.",
        [("EHRC", "according to", False, "The talks had failed")],
    ),
    (
        "Few could circumvent the court's ruling, which said that police cannot be deployed abroad.",
        [("court", "say", False, "that police cannot be deployed abroad")],
    ),
    (
        "Hamas issued a statement saying that the talks had failed.",
        [("Hamas", "say", False, "that the talks had failed")],
    ),
    ("John Smith read the statement aloud.", []),  # "read" speaks only through a document
    # the text of a statement: whole words, the article's characters, no paragraph break
    (
        "Israel claimed its strikes had been pre-emptive to avert a larger attack.",
        [("Israel", "claim", False, "its strikes had been pre-emptive to avert a larger attack")],
    ),
    (
        "John Smith said the talks had failed\n\nTalks resumed in Geneva on Monday.",
        [(SMITH, "say", False, "the talks had failed")],
    ),
    # what a cue reports where the parse hangs it elsewhere
    (  # an attribution inside the clause: the text runs over it
        "Climate change, John Smith often says, is the greatest threat facing the world.",
        [
            (
                SMITH,
                "say",
                False,
                "Climate change, John Smith often says, is the greatest threat facing the world",
            )
        ],
    ),
    (  # the clause after the cue, not the one before it
        "It is an unlikely scenario; John Smith says she will continue her march this week.",
        [(SMITH, "say", False, "she will continue her march this week")],
    ),
    (  # the reported clause's subject taken for the cue's
        "A suspected army drone strike killed at least 26 protesters on Sunday, the BBC reported.",
        [("BBC", "report", False, "A suspected army drone strike killed at least 26 protesters on Sunday")],
    ),
    (  # a "that" clause hung inside the medium
        "John Smith, who filed the petition, said in a post on X, formerly Twitter, that Henry has no powers.",
        [(SMITH, "say", False, "that Henry has no powers")],
    ),
    (  # "according to" reports the clause it modifies
        "One South African died in the ambush, according to Sky News, citing the man's mother.",
        [("Sky News", "according to", False, "One South African died in the ambush")],
    ),
    ("John Smith shrugged when asked if it was safe to return home.", []),  # a passive participle
    (  # "called on" read as a verb and its particle
        "The family has called on police to release the videos.",
        [("family", "call", False, "police to release the videos")],
    ),
    (  # the clause hung on "according to X" by the parse
        "According to talk radio host John Smith, the move reeks of fear and desperation.",
        [(SMITH, "according to", False, "the move reeks of fear and desperation")],
    ),
    (
        "The conflict is the greatest challenge facing Ethiopia since 2022, per the BBC.",
        [("BBC", "per", False, "The conflict is the greatest challenge facing Ethiopia since 2022")],
    ),
    ("Oil rose 5 per cent on Monday.", []),
    # nested attribution keeps the inner speakers
    (
        "Hamas and Fatah said “the talks had failed,” the ministry said.",
        [
            ("Hamas", "say", True, "the talks had failed"),
            ("Fatah", "say", True, "the talks had failed"),
            ("ministry", "say", False, "the talks had failed"),
        ],
    ),
    (
        "Residents said the army had accused the rebels of killing civilians.",
        [
            ("Residents", "say", False, "the army had accused the rebels of killing civilians"),
            ("army", "accuse", False, "the rebels of killing civilians"),
        ],
    ),
    (  # a quote split by its cue and followed by another speaker's is no nesting
        "“We will win,” John Smith said, “and we will govern,” Mary Jones added.",
        [(SMITH, "say", True, "We will win"), ("Mary Jones", "add", True, "and we will govern")],
    ),
    # coordinated speakers: one statement each, named or described; a name is not cut
    (
        "Mali’s army and the Russian private military company Wagner both said they had suffered losses.",
        [
            ("Mali’s army", "say", False, "they had suffered losses"),
            ("Wagner Group", "say", False, "they had suffered losses"),
        ],
    ),
    (
        "But John Smith and other officials say the violence has not stopped.",
        [
            (SMITH, "say", False, "the violence has not stopped"),
            ("other officials", "say", False, "the violence has not stopped"),
        ],
    ),
    (
        "Officials and the group's media said the attack had failed.",
        [
            ("Officials", "say", False, "the attack had failed"),
            ("group's media", "say", False, "the attack had failed"),
        ],
    ),
    (
        "Bosnia and Herzegovina said the talks had failed.",
        [("Bosnia and Herzegovina", "say", False, "the talks had failed")],
    ),
    # a name beats a description: an apposition, "known as" (the gazetteer holds CSP and
    # CSP-PSD as the Permanent Strategic Framework's aliases: one actor, labelled by its name)
    (
        "A coalition of Tuareg rebel groups, the Permanent Strategic Framework (CSP), said the strikes killed civilians.",
        [(PSF, "say", False, "the strikes killed civilians")],
    ),
    (
        "The Tuareg rebel group that fought there, known as the Permanent Strategic Framework or CSP, condemned the strikes.",
        [(PSF, "condemn", False, "the strikes")],
    ),
    # descriptions and pronouns resolved to who they stand for
    (  # the organisation named with that word, not the person titled with it
        "The Ministry of Defence confirmed the attack. Ministry spokesman Omar Saranga arrived on Sunday.\n"
        "Yesterday, the ministry said seven people died in the ambush.",
        [
            ("Ministry of Defence", "confirm", False, "the attack"),
            ("Ministry of Defence", "say", False, "seven people died in the ambush"),
        ],
    ),
    (
        "Kenya's High Court ruled against the plan in January. The court said that police cannot be deployed abroad.",
        [("High Court", "say", False, "that police cannot be deployed abroad")],
    ),
    (  # a name's acronym in brackets names it; "They" is the group
        "The Permanent Strategic Framework for Peace, Security and Development (CSP-PSD), a rebel coalition, "
        "announced that they had captured vehicles. They also claimed to have damaged a helicopter.",
        [
            (PSF, "announce", False, "that they had captured vehicles"),
            (PSF, "claim", False, "to have damaged a helicopter"),
        ],
    ),
    (  # a name set off after a clause of the subject's phrase beats the words before it
        "A stinging parting shot from the former leader of the House, Chris Bryant, warned Mr Corbyn "
        "that he was in danger.",
        [("Chris Bryant", "warn", False, "that he was in danger")],
    ),
    (  # a title is a person's
        "US envoy Tom Perriello arrived in Cairo. The envoy said talks would resume.",
        [("Tom Perriello", "say", False, "talks would resume")],
    ),
    # negatives
    ("“We will win the election.”", []),
    ("The said agreement was signed in Paris.", []),
    ("John Smith said.", []),
    ("Talks resumed in Geneva on Monday.", []),
    ("John Smith has been unable to say “no” to anyone.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_extract_statements(
    nlp: Language, rules: Rules, text: str, expected: list[tuple[str, str, bool, str]]
) -> None:
    assert _run(nlp(text), rules) == expected


def _statements(nlp: Language, rules: Rules, text: str) -> list[StatementRecord]:
    return list(extract_text(nlp, rules, text, "t").statements)


def test_medium_and_addressee(nlp: Language, rules: Rules) -> None:
    [st] = _statements(nlp, rules, "John Smith wrote on Twitter that the talks had failed.")
    assert (st.cue, st.medium, st.content.text) == ("write", "Twitter", "that the talks had failed")
    found = extract_text(nlp, rules, "John Smith told reporters that the talks had failed.", "t")
    [st] = found.statements
    [addressee] = [a for a in found.actors if a.key == st.addressee]
    assert (addressee.name, addressee.named) == ("reporters", False)


def test_offsets_keys_and_evidence(nlp: Language, rules: Rules) -> None:
    text = "The rain stopped.\n\n“We will win,” John Smith said.  "
    first = _statements(nlp, rules, text)
    again = _statements(nlp, rules, text)
    assert [s.key for s in first] == [s.key for s in again]
    [st] = first
    assert st.key.startswith("t/")
    assert text[st.content.start_char : st.content.end_char] == st.content.text
    sentence = st.evidence.sentence
    assert text[sentence.start_char : sentence.end_char] == sentence.text == "“We will win,” John Smith said."
    assert 0.5 <= st.evidence.confidence <= 0.95
    assert (st.speaker_mention.text, st.time, st.claims) == ("John Smith", None, ())


@pytest.mark.parametrize(
    "text",
    ["“", "“”", "He said “", '"', "‘tis the season’s end", "“A\n\n”B", "said said said", "''x''", ""],
)
def test_unbalanced_quotes_never_crash(nlp: Language, rules: Rules, text: str) -> None:
    _statements(nlp, rules, text)


def test_sentence_final_attribution_parataxis(rules: Rules) -> None:
    """The parser may hang a sentence-final "X said" off the clause as parataxis."""
    words = ["Talks", "failed", ",", "John", "Smith", "said", "."]
    doc = Doc(
        English().vocab,  # English lexical attributes: is_punct
        words=words,
        heads=[1, 1, 1, 4, 5, 1, 1],
        deps=["nsubj", "ROOT", "punct", "compound", "nsubj", "parataxis", "punct"],
        pos=["NOUN", "VERB", "PUNCT", "PROPN", "PROPN", "VERB", "PUNCT"],
        lemmas=["talk", "fail", ",", "John", "Smith", "say", "."],
        ents=["O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"],
    )
    assert _run(doc, rules) == [(SMITH, "say", False, "Talks failed")]


# ------------------------------------------------------------------ the text of a statement

PIECES = st.sampled_from(
    [
        "Israel claimed its dozens of strikes had been pre-emptive to avert a larger attack.",
        "“We will win,” John Smith said, “and we will govern.”",
        "Talks failed on Monday, he said, because of the rain.",
        "“We will win the war,” the minister said. “We always win.",
        "“Nobody can stop us.”",
        "Mary Jones said:",
        "The army said on Sunday that 20 rebels were killed.\n",
        "“Unclosed quote, the official said.",
        "according to the ministry, ten people died",
        "He said ‘we’re ready’ and left.",
        '"Straight quotes," she said, “curly ones.”',
        "\n\n",
        "\n",
        " - ",
    ]
)
ARTICLES = st.lists(
    st.one_of(PIECES, st.text(alphabet="ab “”\"'‘’,.:-\n", max_size=30)), min_size=1, max_size=7
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=ARTICLES)
def test_statement_text_is_the_article_between_its_offsets(
    nlp: Language, rules: Rules, pieces: list[str]
) -> None:
    """A statement's text is exactly the article's characters between its content offsets, and
    those lie inside its evidence sentence, itself exactly the article's characters."""
    text = " ".join(pieces)
    for st_ in _statements(nlp, rules, text):
        content, sentence = st_.content, st_.evidence.sentence
        assert text[content.start_char : content.end_char] == content.text
        assert text[sentence.start_char : sentence.end_char] == sentence.text
        assert sentence.start_char <= content.start_char < content.end_char <= sentence.end_char


def _hand_doc(table: str, ents: list[str], no_space_after: frozenset[int] = frozenset()) -> Doc:
    """A ``Doc`` with the parse given by hand, one token a line: word, lemma, POS, dependency, head."""
    rows = [line.split() for line in table.strip().splitlines()]
    return Doc(
        English().vocab,  # English lexical attributes: is_punct
        words=[r[0] for r in rows],
        spaces=[i not in no_space_after and i + 1 < len(rows) for i in range(len(rows))],
        lemmas=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[int(r[4]) for r in rows],
        ents=ents + ["O"] * (len(rows) - len(ents)),
    )


def test_a_clause_the_parse_cut_is_reported_whole(rules: Rules) -> None:
    """The parser may take the clause's subject for the cue's object and hang its end on the cue."""
    doc = _hand_doc(
        """
        Israel   Israel  PROPN nsubj   1
        claimed  claim   VERB  ROOT    1
        its      its     PRON  poss    3
        strikes  strike  NOUN  dobj    1
        had      have    AUX   aux     6
        been     be      AUX   auxpass 6
        pre      pre     VERB  ccomp   1
        -        -       ADJ   ccomp   1
        emptive  emptive ADJ   acomp   1
        to       to      PART  aux     10
        avert    avert   VERB  xcomp   1
        war      war     NOUN  dobj    10
        .        .       PUNCT punct   1
        """,
        ents=["B-GPE"],
        no_space_after=frozenset({6, 7, 11}),
    )
    assert _run(doc, rules) == [("Israel", "claim", False, "its strikes had been pre-emptive to avert war")]


def test_a_predicate_cue_reports_its_object_and_predicate(rules: Rules) -> None:
    """ "ruled the plan unconstitutional": the object and what the cue says of it (``oprd``)."""
    doc = _hand_doc(
        """
        The              the              DET   det    1
        court            court            NOUN  nsubj  2
        ruled            rule             VERB  ROOT   2
        the              the              DET   det    4
        plan             plan             NOUN  dobj   2
        unconstitutional unconstitutional ADJ   oprd   2
        .                .                PUNCT punct  2
        """,
        ents=[],
        no_space_after=frozenset({5}),
    )
    assert _run(doc, rules) == [("court", "rule", False, "the plan unconstitutional")]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ('He said “yes" and "no” today.', ["yes", "no"]),
        ("“A,” he said, “B.”", ["A,", "B."]),
        ("“A\n\n“B”", ["A", "B"]),  # unclosed at the paragraph end
        ("“A, then “B” later", ["A, then", "B"]),  # a new opening mark ends an unclosed quote
        ("‘tis the season’s end", []),
        ("Italy''s Ferrero and Kraft''s offer", []),  # an escaped apostrophe
        ("He called it ''a disaster'' and left.", ["a disaster"]),
        ("He called it ''Kraft''s offer'' twice.", ["Kraft''s offer"]),
    ],
)
def test_quotation_marks_pair_by_position(text: str, inner: list[str]) -> None:
    assert [text[q.inner_start : q.inner_end] for q in find_quotes(text)] == inner


# "The ministry claimed ... from Oskil, some 40 kilometers (25 miles) away.": a parse (seen on
# wire copy) that hangs the measure on the subject as an apposition; built by hand so that a
# model update cannot move it
_MEASURE_SET_OFF = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("ministry", "NOUN", "NN", "nsubj", 2, "ministry", "O"),
    ("claimed", "VERB", "VBD", "ROOT", 2, "claim", "O"),
    ("in", "ADP", "IN", "prep", 2, "in", "O"),
    ("a", "DET", "DT", "det", 5, "a", "O"),
    ("statement", "NOUN", "NN", "pobj", 3, "statement", "O"),
    ("that", "SCONJ", "IN", "mark", 10, "that", "O"),
    ("the", "DET", "DT", "det", 8, "the", "O"),
    ("attack", "NOUN", "NN", "nsubjpass", 10, "attack", "O"),
    ("was", "AUX", "VBD", "auxpass", 10, "be", "O"),
    ("carried", "VERB", "VBN", "acl", 5, "carry", "O"),
    ("out", "ADP", "RP", "prt", 10, "out", "O"),
    ("from", "ADP", "IN", "prep", 10, "from", "O"),
    ("Oskil", "PROPN", "NNP", "pobj", 12, "Oskil", "B-GPE"),
    (",", "PUNCT", ",", "punct", 2, ",", "O"),
    ("some", "DET", "DT", "det", 17, "some", "B-QUANTITY"),
    ("40", "NUM", "CD", "nummod", 17, "40", "I-QUANTITY"),
    ("kilometers", "NOUN", "NNS", "appos", 1, "kilometer", "I-QUANTITY"),
    ("(", "PUNCT", "-LRB-", "punct", 17, "(", "O"),
    ("25", "NUM", "CD", "nummod", 20, "25", "B-QUANTITY"),
    ("miles", "NOUN", "NNS", "appos", 17, "mile", "I-QUANTITY"),
    (")", "PUNCT", "-RRB-", "punct", 17, ")", "O"),
    ("away", "ADV", "RB", "advmod", 17, "away", "O"),
    (".", "PUNCT", ".", "punct", 2, ".", "O"),
]


def test_a_measure_set_off_after_the_subject_is_no_speaker(nlp: Language, rules: Rules) -> None:
    # only a name (a person, an organisation, a group) set off after the subject speaks for it
    words, pos, tags, deps, heads, lemmas, ents = (
        list(column) for column in zip(*_MEASURE_SET_OFF, strict=True)
    )
    doc = Doc(nlp.vocab, words=words, pos=pos, tags=tags, deps=deps, heads=heads, lemmas=lemmas, ents=ents)
    assert [speaker for speaker, *_ in _run(doc, rules)] == ["ministry"]


def test_a_participial_cue_after_a_statement_is_a_statement_of_the_same_speaker(nlp, rules):
    found = extract_text(nlp, rules, "The army denied the report, insisting that no civilians were harmed.")
    said = {(s.cue, s.content.text) for s in found.statements}
    assert ("insist", "that no civilians were harmed") in said
    assert len({s.speaker for s in found.statements}) == 1  # the army, both times


def _speakers(nlp: Language, rules: Rules, text: str) -> list[tuple[str, str, bool, str]]:
    """(speaker's name, its class, named, content) of each statement of ``text``."""
    found = extract_text(nlp, rules, text)
    actors = {a.key: a for a in found.actors}
    return [
        (actors[s.speaker].name, actors[s.speaker].kind, actors[s.speaker].named, s.content.text)
        for s in found.statements
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        (
            "Hezbollah has said it launched rockets at Israel. "
            "The Iran-backed group said in a statement that it fired dozens of rockets.",
            "Hezbollah",
            "ArmedGroup",
        ),
        (
            "A senior Hamas delegation left Cairo on Saturday, the group said in a statement.",
            "Hamas",
            "ArmedGroup",
        ),
        (
            "The Syrian Observatory for Human Rights said three fighters were killed. "
            "According to the UK-based war monitor, Turkey has carried out 13 attacks.",
            "Syrian Observatory for Human Rights",
            "Organization",
        ),
        (
            "Investigators connected the Sony Pictures hack to North Korea. "
            "The besieged company said it was canceling the release.",
            "Sony Pictures",
            "Organization",
        ),
        (
            "The outlawed Tehreek-e-Taliban Pakistan group claimed responsibility for the attack.",
            "Taliban",
            "ArmedGroup",
        ),
        (
            "The Lebanese Ministry of Public Health said five were wounded. "
            "Later, the Lebanese health ministry said four Syrians were killed in a strike.",
            "Lebanese Ministry of Public Health",
            "GovernmentBody",
        ),
    ],
)
def test_a_definite_description_takes_up_the_organisation_named_before(nlp, rules, text, speaker, kind):
    *_, (name, found_kind, named, _) = _speakers(nlp, rules, text)
    assert speaker in name and (found_kind, named) == (kind, True)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a name the description holds that the organisation before does not have
        (
            "Italy's Ferrero said it was contemplating a bid. The Dairy Milk chocolate maker said it would fight.",
            "Dairy Milk chocolate maker",
        ),
        # a demonym the organisation before does not have in its name
        ("Israel said it struck Hamas. The Lebanese group said it fired rockets.", "Lebanese group"),
        # "Iran-backed" names the backer, never the one described
        ("Iran said it would respond. The Iran-backed group said it fired rockets.", "Iran-backed group"),
        # too far back: more than three sentences
        (
            "Hamas said it would talk. Talks began. They stalled. Fighting resumed. Aid stopped. "
            "The group said it would not return.",
            "group",
        ),
    ],
)
def test_a_description_that_fits_no_organisation_before_stays_unnamed(nlp, rules, text, label):
    *_, (name, kind, named, _) = _speakers(nlp, rules, text)
    assert (name, named) == (label, False)
    assert kind != "Person"  # a company, a group or a monitor is never a person


@pytest.mark.parametrize("head", ["company", "war monitor", "news outlet", "firm"])
def test_an_unnamed_company_monitor_or_outlet_is_an_organisation_not_a_person(nlp, rules, head):
    (found,) = _speakers(nlp, rules, f"A {head} said the attack had stopped.")
    assert found[1:3] == ("Organization", False)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("A Yahoo spokesman said the company was aware of the claim.", "Yahoo"),
        ("A spokesman for Verizon said in a statement that it had limited information.", "Verizon"),
        ("A Hamas spokesman said the talks had failed.", "Hamas"),
        # a tally speaks for who keeps it
        ("At least 30 people were killed, according to a tally by AFP.", "Agence France-Presse"),
        ("At least 30 people were killed, according to a Reuters tally.", "Reuters"),
    ],
)
def test_a_spokesperson_or_a_tally_speaks_for_the_organisation_the_phrase_names(nlp, rules, text, speaker):
    ((name, _, named, _),) = _speakers(nlp, rules, text)
    assert (name, named) == (speaker, True)


@pytest.mark.parametrize(
    ("text", "speaker", "named"),
    [
        # the one spoken for is a person: the spokeswoman is not her
        ("A spokeswoman for Hillary Clinton said she was fine.", "spokeswoman for Hillary Clinton", False),
        # the spokesperson's own name
        ("Pentagon spokesman John Kirby said the strike hit a launcher.", "John Kirby", True),
        # no organisation named
        ("A spokesman said the talks had failed.", "spokesman", False),
    ],
)
def test_a_spokesperson_of_no_named_organisation_is_not_one(nlp, rules, text, speaker, named):
    ((found, _, is_named, _),) = _speakers(nlp, rules, text)
    assert (found, is_named) == (speaker, named)


@pytest.mark.parametrize(
    "text",
    [
        # named after the description: the article's police department all the same
        "A man was shot during a traffic stop, police said. The Omaha Police Department said he died.",
        "The police department said a man died. The Omaha Police Department said he was armed.",
    ],
)
def test_police_and_the_ministry_are_the_body_the_article_names_before_or_after(nlp, rules, text):
    assert {name for name, *_ in _speakers(nlp, rules, text)} == {"Omaha Police Department"}


def test_police_that_the_article_never_names_stay_unnamed(nlp, rules):
    ((name, kind, named, _),) = _speakers(nlp, rules, "Police said two men were arrested.")
    assert (name.lower(), kind, named) == ("police", "GovernmentBody", False)


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ('"They may not want to answer," Rep. John Mica (R-Fla.) said.', ["John Mica"]),
        ("Sen. Bob Corker, R-Tenn., said the bill was flawed.", ["Bob Corker"]),
        # a place conjoined to a person is a speaker of its own
        ("Putin and China said the talks had failed.", ["Vladimir Putin", "China"]),
    ],
)
def test_a_place_apposed_to_a_person_says_where_from_and_does_not_speak(nlp, rules, text, speakers):
    assert [name for name, *_ in _speakers(nlp, rules, text)] == speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"It is an invasion of the state regulatory domain," Scott Pruitt, the Republican '
            "attorney general of Oklahoma, said in a statement.",
            "Scott Pruitt",
        ),
        (
            '"They would not get a deal," Rep. Jim Jordan (R-Ohio), an oversight panel member, said.',
            "Jim Jordan",
        ),
    ],
)
def test_a_quote_takes_its_cue_after_a_long_speakers_phrase(nlp, rules, text, speaker):
    found = extract_text(nlp, rules, text)
    names = {a.key: a.name for a in found.actors}
    ((who, direct, content),) = [(names[s.speaker], s.direct, s.content.text) for s in found.statements]
    assert (who, direct) == (speaker, True)
    assert content == text.split('"')[1].rstrip(",")


def test_a_cue_far_after_a_quote_with_other_words_between_is_not_its_cue(nlp, rules):
    # the words after the quote are a clause of their own, not the speaker's phrase: "said" is
    # the cue of another statement, by someone else
    text = (
        '"We will win," the crowd chanted as the police who had gathered near the square '
        "in the late afternoon watched and a witness said nothing happened."
    )
    found = extract_text(nlp, rules, text)
    names = {a.key: a.name for a in found.actors}
    assert all(not (s.direct and names[s.speaker] == "witness") for s in found.statements)


@pytest.mark.parametrize(
    ("text", "speakers", "content"),
    [
        (
            "A military air strike on a village killed ten civilians, locals and media reports said.",
            ["locals", "media reports"],
            "A military air strike on a village killed ten civilians",
        ),
        ("Ten people were killed, a police official said.", ["police official"], "Ten people were killed"),
    ],
)
def test_a_speaker_set_off_before_a_sentence_final_cue_speaks_the_clause_before(
    nlp, rules, text, speakers, content
):
    found = _speakers(nlp, rules, text)
    assert [name for name, *_ in found] == speakers
    assert {said for *_, said in found} == {content}


@pytest.mark.parametrize(
    "text",
    [
        "He went home, and said nothing.",  # a verb before the cue: no speaker set off
        "The rebels attacked, the army said on Monday that it would respond.",  # the cue does not end it
    ],
)
def test_no_speaker_is_set_off_where_the_cue_does_not_end_a_sentence_after_a_noun_phrase(nlp, rules, text):
    doc = nlp(text)
    assert all(set_off_speaker(t) is None for t in doc if t.lemma_ == "say")


@pytest.mark.parametrize(
    "text",
    [
        "Thirty people were killed, according to official figures.",
        "Thirty people were killed, according to the report.",
        "The statement said thirty people were killed.",
    ],
)
def test_a_document_or_tally_with_no_issuer_is_no_person(nlp, rules, text):
    ((_, kind, named, _),) = _speakers(nlp, rules, text)
    assert (kind, named) == ("Organization", False)


def test_he_never_stands_for_a_document(nlp, rules):
    text = "A federal appeals court ruled on Friday. The ruling said the law was void. He said the state would appeal."
    assert [kind for _, kind, *_ in _speakers(nlp, rules, text)] == [
        "Organization"
    ]  # no statement by the ruling as "he"


@pytest.mark.parametrize(
    ("text", "speakers", "content"),
    [
        ("The strike was swiftly condemned by Jordan and Egypt.", ["Jordan", "Egypt"], "The strike"),
        ("The registration issue was first reported by The Washington Post.", ["The Washington Post"], None),
        ("He was told by officials that the talks had failed.", ["officials"], "that the talks had failed"),
    ],
)
def test_the_by_phrase_of_a_passive_speech_verb_speaks(nlp, rules, text, speakers, content):
    found = _speakers(nlp, rules, text)
    assert [name for name, *_ in found] == speakers
    assert content is None or {said for *_, said in found} == {content}


@pytest.mark.parametrize(
    "text",
    [
        "The attack was condemned.",  # no one said to have done it
        "Twelve lives were claimed by the blast.",  # no speech act
        "The meeting was called by the UN.",  # a verb that reports no object
    ],
)
def test_a_passive_speech_verb_without_a_speaker_or_content_makes_no_statement(nlp, rules, text):
    assert _speakers(nlp, rules, text) == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Palestinian officials blamed Israel.", "Israel"),
        ("Russia blamed Ukraine for the attack.", "Ukraine for the attack"),
        ("They blamed it on the weather.", None),  # a pronoun object reports nothing
    ],
)
def test_blaming_someone_is_a_statement_about_them(nlp, rules, text, content):
    assert _cued(nlp, rules, text) == ([("blame", content)] if content else [])


def _cued(nlp: Language, rules: Rules, text: str) -> list[tuple[str, str]]:
    """(cue, content) of each statement of ``text``."""
    return [(s.cue, s.content.text) for s in extract_text(nlp, rules, text).statements]


_TWO_LEADERS = "Kenyan President William Ruto and Ethiopian Prime Minister Abiy Ahmed met in Nairobi. "


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a word for the title the article gave one person before
        (
            "Pakistani Prime Minister Shehbaz Sharif met the army chief. The Pakistani premier said talks went well.",
            "Shehbaz Sharif",
        ),
        (
            'Ukrainian President Volodymyr Zelensky spoke. "We will not give up," the Ukrainian leader said.',
            "Volodymyr Zelensky",
        ),
        # the nation the description names tells two leaders apart
        (_TWO_LEADERS + "The Ethiopian leader said the region needed peace.", "Abiy Ahmed"),
        (_TWO_LEADERS + "The Kenyan leader said the region needed peace.", "William Ruto"),
    ],
)
def test_a_description_takes_up_the_one_person_with_that_title(nlp, rules, text, speaker):
    *_, (name, kind, _, _) = _speakers(nlp, rules, text)
    assert (name, kind) == (speaker, "Person")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # two persons could be meant: none is taken
        (_TWO_LEADERS + "The leader said the region needed peace.", "leader"),
        (
            "Pakistani Prime Minister Shehbaz Sharif met Indian Prime Minister Narendra Modi. "
            "The premier said the talks had gone well.",
            "premier",
        ),
        # another nation, another title, another word
        (
            "Kenyan President William Ruto arrived in Kampala. The Ugandan president said it was calm.",
            "Ugandan president",
        ),
        # a chief is no premier
        ("Sudan's army chief Abdel Fattah al-Burhan flew in. The premier said talks had begun.", "premier"),
        (
            "Deputy Prime Minister Ishaq Dar arrived in Kabul. The premier said the talks had gone well.",
            "premier",
        ),
        (
            "Prime Minister Shehbaz Sharif met the army chief. The former premier said talks went well.",
            "former premier",
        ),
        # named only after the description
        (
            "The Pakistani premier said the talks had gone well. Shehbaz Sharif later left.",
            "Pakistani premier",
        ),
    ],
)
def test_a_description_no_single_person_fits_stays_unnamed(nlp, rules, text, label):
    *_, (name, _, named, _) = _speakers(nlp, rules, text)
    assert (name, named) == (label, False)


@pytest.mark.parametrize(
    ("text", "medium"),
    [
        # the platform of the post or interview it was said in
        ("In a post on X, the ministry said the strike hit a school.", "X"),
        ("In an interview on state television, the minister said the war would end.", "state television"),
        ("In a speech at the university, the minister said the war would end.", "a speech"),
        ("The ministry said on Telegram that the strike hit a school.", "Telegram"),
        # a place is no medium
        ("In the capital, the minister said the war would end.", None),
    ],
)
def test_the_medium_of_a_fronted_post_or_interview(nlp, rules, text, medium):
    (statement,) = extract_text(nlp, rules, text).statements
    assert statement.medium == medium


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # where a report comes from is not who issued it
        ("Reports from the region indicated that dozens were killed.", "Reports from the region"),
        ("Accounts from the ground said dozens were killed.", "Accounts from the ground"),
        # who issued it is
        ("A statement from the army said dozens were killed.", "army"),
    ],
)
def test_a_report_from_a_place_has_no_issuer(nlp, rules, text, speaker):
    (found,) = _speakers(nlp, rules, text)
    assert found[0] == speaker and found[1] != "Person"


@pytest.mark.parametrize(
    "text",
    [
        # "respond to", "reply to": what was responded to is not what was said
        "Iran says it will respond to Israeli strike\nTehran vowed to retaliate.",
        "Army replies to rebel attack\nThe fighting went on.",
    ],
)
def test_a_headline_verb_with_a_preposition_reports_no_speech(nlp, rules, text):
    found = extract_text(nlp, rules, text).statements
    assert all(s.cue not in {"respond", "reply"} for s in found)
    assert all(s.content.text not in {"to Israeli strike", "to rebel attack"} for s in found)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "it said" after what it said: the subject of that clause, or its owner, not an actor
        # named inside it
        ("Ukraine's air defense shot down 15 drones that Russia launched overnight, it said.", "Ukraine"),
        ("Hezbollah fired rockets on Monday. Israel struck targets that Hezbollah used, it said.", "Israel"),
        # unless a speaker of the sentences before goes on
        ("The army said rebels attacked a base. Hamas fired rockets at Israel, it said.", "army"),
        (
            "Moscow said the talks failed. Kyiv's forces shelled the town that Russia holds, it said.",
            "Moscow",
        ),
    ],
)
def test_it_said_after_what_it_said(nlp, rules, text, speaker):
    *_, (name, _, _, _) = _speakers(nlp, rules, text)
    assert name == speaker
