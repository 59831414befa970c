"""The rules load from the package, are validated, and extend with a user folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotetrack.extraction.pipeline import extract
from quotetrack.rules import RulesError, load_rules
from quotetrack.rules.loader import regular_forms


def test_shipped_rules_load_once_and_know_common_cues() -> None:
    rules = load_rules()
    assert load_rules() is rules
    assert rules.cues["said"].lemma == "say"
    assert rules.cues["insisted"].stance == "assertive"
    assert rules.cues["pointed out"].kind == "phrase"
    assert rules.cues["according to"].kind == "preposition"


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("play", ("plays", "played", "playing")),
        ("deny", ("denies", "denied", "denying")),
        ("stress", ("stresses", "stressed", "stressing")),
        ("argue", ("argues", "argued", "arguing")),
    ],
)
def test_regular_verb_forms(lemma: str, forms: tuple[str, str, str]) -> None:
    assert regular_forms(lemma) == forms


def test_user_folder_adds_cues(tmp_path: Path) -> None:
    text = "The harbour master grumbled that the new cranes were too slow."
    assert extract(text) == []
    (tmp_path / "cues.toml").write_text('[verbs]\nhedged = ["grumble"]\n', encoding="utf-8")
    rules = load_rules(tmp_path)
    assert rules.cues["grumbled"].stance == "hedged"
    assert rules.cues["said"].lemma == "say"  # shipped entries are kept
    found = extract(text, rules=rules)
    assert [a.text for a in found] == ["that the new cranes were too slow"]


def test_environment_variable_names_the_user_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "cues.toml").write_text('[verbs]\nneutral = ["relate"]\n', encoding="utf-8")
    monkeypatch.setenv("QUOTETRACK_RULES", str(tmp_path))
    assert "related" in load_rules().cues


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cues.toml", "[verbs\n", "cues.toml"),
        ("cues.toml", '[verbs]\nshouting = ["yell"]\n', "verbs.shouting"),
        ("cues.toml", "[verbs]\nneutral = [3]\n", "verbs.neutral"),
        ("cues.toml", '[verbs]\ndenial = ["say"]\n', "repeats 'say'"),
        (
            "pronouns.toml",
            '[pronouns]\nxe = { gender = "x", number = "singular", kind = "any" }\n',
            "pronouns.xe.gender",
        ),
        ("anonymous.txt", "(unclosed\n", "anonymous.txt"),
        ("cues.toml", '[headline]\nforms = ["yodels"]\n', "headline.forms"),
        ("grammar.toml", '[words]\nsubordinate_openers = ["once", ""]\n', "subordinate_openers"),
        ("grammar.toml", "[words]\nfinite_auxiliaries = 3\n", "finite_auxiliaries"),
    ],
)
def test_bad_user_file_names_file_and_entry(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(RulesError, match=None) as err:
        load_rules(tmp_path)
    assert message in str(err.value)
    assert isinstance(err.value, ValueError)


def test_missing_user_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="does not exist"):
        load_rules(tmp_path / "nowhere")


def test_user_folder_adds_words_that_report_findings(tmp_path: Path) -> None:
    """Polls, audits and records report a finding without "that"; which nouns do is data
    (grammar.toml ``evidence_nouns``) that a user folder extends."""
    text = "The harbour ledger found the council had overspent on the new cranes."
    assert extract(text) == []
    (tmp_path / "grammar.toml").write_text('[words]\nevidence_nouns = ["ledger"]\n')
    rules = load_rules(tmp_path)
    assert "audit" in rules.evidence_nouns  # shipped entries are kept
    found = extract(text, rules=rules)
    assert [(a.text, a.mention) for a in found] == [
        ("the council had overspent on the new cranes", "The harbour ledger")
    ]


def test_user_folder_adds_words_that_open_a_subordinate_clause(tmp_path: Path) -> None:
    """A claim inside an opening subordinate clause ends at the comma that closes it;
    which conjunctions open such a clause is data (grammar.toml ``subordinate_openers``),
    like the other closed-class words the rules step over or stop at."""
    text = "Once the mayor said the budget was balanced, the auditor checked the figures."
    assert [a.text for a in extract(text)] == [
        "the budget was balanced, the auditor checked the figures"
    ]
    (tmp_path / "grammar.toml").write_text('[words]\nsubordinate_openers = ["once"]\n')
    rules = load_rules(tmp_path)
    assert {"while", "although"} <= rules.subordinate_openers  # shipped entries are kept
    found = extract(text, rules=rules)
    assert [(a.text, a.mention) for a in found] == [("the budget was balanced", "the mayor")]
