"""A newsroom can teach the date finder words through $QUOTETRACK_RULES/dates/."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from quotetrack.extraction import said_on as said_on_module
from quotetrack.extraction.dates import find_dates
from quotetrack.extraction.dates_rules import KINDS, DateRulesError, load_rules, load_table

ANCHOR = dt.date(2025, 3, 15)


@pytest.fixture
def user_rules(tmp_path, monkeypatch):
    folder = tmp_path / "dates"
    folder.mkdir()
    monkeypatch.setenv("QUOTETRACK_RULES", str(tmp_path))
    caches = (load_rules, load_table, said_on_module._lists)
    for cached in caches:
        cached.cache_clear()
    yield folder
    monkeypatch.delenv("QUOTETRACK_RULES")
    for cached in caches:
        cached.cache_clear()


def test_user_lexicon_adds_to_the_shipped_one(user_rules):
    (user_rules / "lexicon.toml").write_text('[relative]\n"this past" = -1\n', encoding="utf-8")
    found = [(m.text, m.value) for m in find_dates("Stocks fell this past week.", ANCHOR)]
    assert found == [("this past week", "2025-W10")]
    # the shipped entries are still there
    assert [m.value for m in find_dates("Stocks fell last week.", ANCHOR)] == ["2025-W10"]


def test_user_ignore_list_silences_an_expression(user_rules):
    (user_rules / "ignore.toml").write_text(
        "vague = ['''\\bthe\\s+year\\s+2000\\s+problem\\b''']\n", encoding="utf-8"
    )
    assert find_dates("Engineers fixed the year 2000 problem.", ANCHOR) == []


def test_a_missing_user_folder_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTETRACK_RULES", str(tmp_path / "nowhere"))
    load_rules.cache_clear()
    try:
        assert [m.value for m in find_dates("It rained yesterday.", ANCHOR)] == ["2025-03-14"]
    finally:
        load_rules.cache_clear()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lexicon.toml", "[months\n", "not valid TOML"),
        ("patterns.toml", "[[rule]]\nname = 'x'\nkind = 'nonsense'\npattern = 'a'\n", "kind"),
        ("patterns.toml", "[[rule]]\nname = 'x'\nkind = 'year_of'\npattern = '<NOPE>'\n", "<NOPE>"),
        ("patterns.toml", "[[rule]]\nname = 'x'\nkind = 'year_of'\npattern = '(a'\n", "regular"),
        ("ignore.toml", "mine = ['''(''']\n", "ignore.toml [mine]"),
    ],
)
def test_a_broken_user_file_is_reported_by_name(user_rules, name, content, message):
    (user_rules / name).write_text(content, encoding="utf-8")
    with pytest.raises(DateRulesError, match=re.escape(message)):
        find_dates("It rained yesterday.", ANCHOR)


def test_every_kind_has_a_resolver():
    from quotetrack.extraction.dates_resolve import _HANDLERS

    assert set(_HANDLERS) == KINDS


@pytest.mark.parametrize(
    ("near", "message"),
    [("3", "near must be a pattern or a list of words"), ("['<NOPE>']", "<NOPE>")],
)
def test_a_bad_near_in_a_user_rule_is_reported(user_rules, near, message):
    (user_rules / "patterns.toml").write_text(
        f"[[rule]]\nname = 'x'\nkind = 'year_of'\npattern = 'a'\nnear = {near}\n",
        encoding="utf-8",
    )
    with pytest.raises(DateRulesError, match=re.escape(message)):
        find_dates("It rained yesterday.", ANCHOR)


def test_a_user_rule_is_found_around_its_near_words_in_a_long_text(user_rules):
    (user_rules / "patterns.toml").write_text(
        "[[rule]]\nname = 'ramadan'\nkind = 'year_of'\nnear = ['Ramadan']\n"
        "pattern = '''\\bthe\\s+end\\s+of\\s+Ramadan\\b'''\n",
        encoding="utf-8",
    )
    filler = "Shops stayed open late. " * 2000
    text = filler + "Talks resume after the end of Ramadan, officials said. " + filler
    found = [(m.text, m.rule) for m in find_dates(text, ANCHOR)]
    assert found == [("the end of Ramadan", "ramadan")]


def test_a_user_rule_without_near_searches_the_whole_text(user_rules):
    (user_rules / "patterns.toml").write_text(
        "[[rule]]\nname = 'harvest'\nkind = 'year_of'\n"
        "pattern = '''\\bat\\s+harvest\\s+time\\b'''\n",
        encoding="utf-8",
    )
    text = "Grain prices climbed. " * 3000 + "Farmers sell at harvest time."
    assert [m.rule for m in find_dates(text, ANCHOR)] == ["harvest"]
