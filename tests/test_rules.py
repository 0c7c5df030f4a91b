"""The rule files load, name only what the ontology has, and a user's files extend them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.errors import RulesError
from kg.extract.rules import load_rules
from kg.vocab import KG

ONTOLOGY = Path(__file__).resolve().parent.parent / "kg" / "ontology" / "newskg.ttl"


def test_bundled_rules_load() -> None:
    rules = load_rules()
    assert "say" in rules.statements.cue_lemmas and "according to" in rules.statements.according_to
    assert rules.military.actions and rules.gazetteer and rules.version


def test_every_action_type_is_a_concept_of_the_ontology() -> None:
    ontology = Graph().parse(ONTOLOGY, format="turtle")
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    missing = [r.action_type for r in load_rules().military.actions if KG[r.action_type] not in concepts]
    assert not missing


def test_a_users_rules_directory_adds_to_the_lists(tmp_path: Path) -> None:
    (tmp_path / "reporting_verbs.toml").write_text('lemmas = ["vow", "recall"]\n', encoding="utf-8")
    rules = load_rules(tmp_path)
    assert {"vow", "recall", "say"} <= rules.statements.cue_lemmas


def test_a_users_title_synonyms_join_the_bundled_ones(tmp_path: Path) -> None:
    (tmp_path / "titles.toml").write_text('[title_synonyms]\nhead = ["chief executive"]\n', encoding="utf-8")
    synonyms = load_rules(tmp_path).actors.title_synonyms
    assert synonyms["head"] == ("chief executive",) and synonyms["premier"] == ("prime minister",)


def test_a_users_gazetteer_adds_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "mine.csv"
    user.write_text(
        "qid,label,kind,aliases,demonyms,affiliation\n"
        "Q801,State of Israel,GeopoliticalEntity,Israel,Israeli,\n"
        ",Example Militia,ArmedGroup,EM,,\n",
        encoding="utf-8",
    )
    entries = {e.label: e for e in load_rules(gazetteer=user).gazetteer}
    assert "State of Israel" in entries and "Israel" not in entries
    assert entries["Example Militia"].qid is None  # unlinked: recognised, never guessed


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("reporting_verbs.toml", "lemmas = [", "not valid TOML"),
        ("reporting_verbs.toml", "lemmas = [1, 2]", "must be a list of strings"),
        ("military_actions.toml", '[[action]]\nlemmas = ["x"]\n', "needs a string `type`"),
        ("titles.toml", 'title_synonyms = ["premier"]', "must be a table of lists of strings"),
        ("titles.toml", '[title_synonyms]\npremier = "prime minister"', "must be a list of strings"),
    ],
)
def test_bad_rule_files_name_the_file_and_the_problem(
    tmp_path: Path, name: str, content: str, reason: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_rules(tmp_path)
    assert name in str(err.value) and reason in str(err.value)


def test_bad_gazetteer_line_is_named(tmp_path: Path) -> None:
    user = tmp_path / "bad.csv"
    user.write_text("qid,label,kind,aliases,demonyms,affiliation\nP31,X,Person,,,\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"bad.csv: line 2: qid 'P31'"):
        load_rules(gazetteer=user)
