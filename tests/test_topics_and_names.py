"""Topic tagging, keyword names and speaker name keys, as tables of cases: new knowledge
is a new row here and an entry in a data file, not new code."""

from __future__ import annotations

import pytest

from quotetrack.extraction.topics import entities, load_topics, tag
from quotetrack.speakers.names import person_key, surname

TOPIC_CASES = [
    ("the shelling of Kharkiv must stop", "", "war in Ukraine"),
    ("we will defend every inch of alliance territory", "the NATO summit in Vilnius", "NATO"),
    ("the treaty limits deployed warheads", "", "nuclear arms control"),
    ("the ceasefire in Gaza is holding", "", "Middle East"),
    ("inflation is coming down", "", "economy"),
    ("turnout was the highest in decades", "", "elections"),
    ("our members want safe staffing", "nurses voted to strike", "labour and strikes"),
]


@pytest.mark.parametrize(("content", "sentence", "topic"), TOPIC_CASES)
def test_topic_is_tagged(content, sentence, topic):
    assert topic in tag(content, sentence)


@pytest.mark.parametrize(
    ("content", "topic"),
    [
        ("the primary school will open in September", "elections"),
        ("the Kharkivan dialect is rare", "war in Ukraine"),
        ("the senator's aide said nothing", "education"),
    ],
)
def test_no_topic_from_lookalikes(content, topic):
    assert topic not in tag(content, "")


def test_user_rules_extend_topics(tmp_path, monkeypatch):
    (tmp_path / "topics.toml").write_text(
        '[[topic]]\nname = "space"\nkeywords = ["orbit", "launch pad"]\n'
        '[[topic]]\nname = "NATO"\nkeywords = ["Brussels summit"]\n'
    )
    monkeypatch.setenv("QUOTETRACK_RULES", str(tmp_path))
    load_topics.cache_clear()
    try:
        assert tag("the rocket reached orbit", "") == ("space",)
        assert "NATO" in tag("after the Brussels summit", "")
    finally:
        monkeypatch.delenv("QUOTETRACK_RULES")
        load_topics.cache_clear()


def test_bad_user_topics_file_names_the_problem(tmp_path, monkeypatch):
    from quotetrack.errors import ConfigError

    (tmp_path / "topics.toml").write_text('[[topic]]\nname = "x"\npatterns = ["(unclosed"]\n')
    monkeypatch.setenv("QUOTETRACK_RULES", str(tmp_path))
    load_topics.cache_clear()
    try:
        with pytest.raises(ConfigError, match="bad pattern"):
            load_topics()
    finally:
        monkeypatch.delenv("QUOTETRACK_RULES")
        load_topics.cache_clear()


def test_keywords_of_different_topics_may_overlap(tmp_path, monkeypatch):
    """All keywords are found in one pass; words shared by two topics' keywords, or one
    keyword that begins another, still give both topics."""
    (tmp_path / "topics.toml").write_text(
        '[[topic]]\nname = "fisheries"\nkeywords = ["North Sea", "trawlers"]\n'
        '[[topic]]\nname = "oil"\nkeywords = ["North Sea oil", "oil price"]\n'
        '[[topic]]\nname = "shipping"\nkeywords = ["price of freight", "freight rates"]\n'
    )
    monkeypatch.setenv("QUOTETRACK_RULES", str(tmp_path))
    load_topics.cache_clear()
    try:
        tags = tag("North Sea oil output fell", "")
        assert "fisheries" in tags and "oil" in tags
        assert "shipping" in tag("the oil price of freight rose", "")
        assert "oil" in tag("the oil price of freight rose", "")
        assert "fisheries" not in tag("the North Seashore", "")
    finally:
        monkeypatch.delenv("QUOTETRACK_RULES")
        load_topics.cache_clear()


ENTITY_CASES = [
    ("Ukraine's accession to NATO is unrealistic", ("Ukraine", "NATO")),
    ("the European Union and Vladimir Putin disagreed", ("European Union", "Vladimir Putin")),
    ("We spoke to the Bank of the West on Monday", ("Bank of the West",)),
    ("It is what it is", ()),
]


@pytest.mark.parametrize(("content", "expected"), ENTITY_CASES)
def test_names_in_content(content, expected):
    assert entities(content) == expected


NAME_CASES = [
    ("Donald Trump", "donald trump", "trump"),
    ("President Donald J. Trump", "donald trump", "trump"),
    ("Donald Trump Jr.", "donald trump jr.", "trump"),
    ("Donald Trump, Jr.", "donald trump jr.", "trump"),
    ("US Defense Secretary Pete Hegseth", "pete hegseth", "hegseth"),
    ("Vice President Kamala Harris", "kamala harris", "harris"),
    ("Mr. Dahl", "dahl", None),
    ("Mary-Kate O’Neil", "mary-kate o'neil", "o'neil"),
]


@pytest.mark.parametrize(("name", "key", "family"), NAME_CASES)
def test_person_keys(name, key, family):
    assert person_key(name) == key
    assert surname(name) == family
