"""Reported claims: subjects, headline lines and object cues (fourth claims pass).

Every sentence here is invented; each test states what a reader expects of the records.
"""

from __future__ import annotations

from quotetrack.extraction.pipeline import extract


def _claims(text: str) -> list[tuple[str | None, str]]:
    return [(a.mention, a.text) for a in extract(text) if a.kind != "direct"]


def test_the_one_told_is_never_the_teller() -> None:
    text = "After the vote, told me this week that the harbour levy would stay."
    assert all(mention != "me" for mention, _ in _claims(text))


def test_an_age_and_a_relative_clause_stand_between_a_name_and_its_cue() -> None:
    text = "Ada Brook, 61, who has fished the bay for decades, told me that the catch has halved."
    assert _claims(text) == [
        ("Ada Brook, 61, who has fished the bay for decades", "that the catch has halved")
    ]


def test_the_subject_of_a_cue_after_a_relative_clause_is_its_antecedent() -> None:
    text = "Pilots who flew the new route said the landing lights were too dim."
    assert _claims(text) == [("Pilots who flew the new route", "the landing lights were too dim")]
    # "who" as the object of the clause: its subject is someone else
    text = "She named two skippers who the harbour master says broke the rules."
    assert [m for m, _ in _claims(text)] == ["the harbour master"]


def test_a_headline_tag_or_a_roster_is_no_speaker() -> None:
    assert _claims("Revealed: The Harbour Board Kept Two Sets Of Books") == []
    assert _claims("Contributing: Ada Brook and Tom Reyes") == []
    assert _claims("Ohio: Ada Brook, Tom Reyes, Al Moreno, Bo Lind, Cy Vance") == []
    assert _claims("Jane Roe: 1,204") == []
    assert _claims("Jane Roe: The Harbour Levy Must Go") == [
        ("Jane Roe", "The Harbour Levy Must Go")
    ]


def test_oppose_reports_its_object() -> None:
    text = "The fishermen's union opposed the harbour levy at a meeting on Monday."
    assert _claims(text) == [("The fishermen's union", "the harbour levy at a meeting")]
    text = "Most residents oppose the new ferry terminal."
    assert _claims(text) == [("Most residents", "the new ferry terminal")]


def test_a_pronoun_told_is_the_hearer_not_the_claim() -> None:
    assert _claims("Ada Brook told me the catch has halved since May.") == [
        ("Ada Brook", "the catch has halved since May")
    ]
    # the one urged stays with what she was urged to do
    assert _claims("Ada Brook urged them to sell the boat.") == [
        ("Ada Brook", "them to sell the boat")
    ]


def test_an_aside_between_two_dashes_stays_in_the_claim() -> None:
    text = "The harbour master said the new pier -- two decks and a crane -- will open in May."
    assert _claims(text) == [
        ("The harbour master", "the new pier -- two decks and a crane -- will open in May")
    ]
    # a single dash still sets off the writer's comment
    text = "The harbour master said the pier will open in May \u2014 a date few believe."
    assert _claims(text) == [("The harbour master", "the pier will open in May")]


def test_a_relative_clause_inside_the_claim_keeps_the_clause_going() -> None:
    text = "Roe said the pilot, who has flown the route for years, would retire in May."
    assert _claims(text) == [
        ("Roe", "the pilot, who has flown the route for years, would retire in May")
    ]
    # a relative clause about the last noun is the writer's comment, as before
    text = "Roe said the pilot would retire in May, which surprised the crew."
    assert _claims(text) == [("Roe", "the pilot would retire in May")]


def test_a_short_concession_between_commas_stays_in_the_claim() -> None:
    text = "Roe said the pier, while costly, was worth building."
    assert _claims(text) == [("Roe", "the pier, while costly, was worth building")]


def test_an_opening_phrase_before_a_cue_with_an_object_is_no_claim() -> None:
    assert _claims("Through a spokeswoman, Ada Brook declined to comment.") == [
        ("Ada Brook", "to comment")
    ]
    text = "After the harbour vote in the spring, the union endorsed Tom Reyes."
    assert _claims(text) == [("the union", "Tom Reyes")]
    # the clause before a sentence-final cue is still what was said
    assert _claims("The pier is safe, Ada Brook said Monday.") == [
        ("Ada Brook", "The pier is safe")
    ]


def test_a_reported_clause_never_opens_with_an_agent() -> None:
    text = "Roe won most of the seats offered by the harbour district in the spring."
    assert _claims(text) == []


def test_a_description_after_a_name_keeps_the_name_as_speaker() -> None:
    for text in (
        "Ada Brook, 61, of Dover, Del., said the ferry should run all year.",
        "Ada Brook, a nurse from Dover, said the ferry should run all year.",
    ):
        found = extract(text)
        assert [(a.speaker, a.text) for a in found] == [
            ("Ada Brook", "the ferry should run all year")
        ]
    # an opening phrase before the comma is no name
    found = extract("Early on Tuesday, a nurse said the ferry should run all year.")
    assert [a.mention for a in found] == ["a nurse"]


def test_an_opening_phrase_and_an_inverted_speaker_with_a_description() -> None:
    text = (
        "In a year like this, candidates can walk away from the levy, said Tom Reyes, "
        "a pollster in Dover."
    )
    assert _claims(text) == [
        ("Tom Reyes", "In a year like this, candidates can walk away from the levy")
    ]


def test_an_inverted_subject_may_join_two_names() -> None:
    text = "The firm lobbied for the harbour board, said Tom Reyes and Ada Brook."
    assert _claims(text) == [("Tom Reyes and Ada Brook", "The firm lobbied for the harbour board")]


def test_a_quotation_over_several_paragraphs_is_one_record() -> None:
    text = (
        "The harbour master said:\n"
        '"We have three cranes and two of them work."\n'
        '"The third has been broken since May."\n'
        "The council said it would vote in June."
    )
    found = [a for a in extract(text) if a.kind == "direct"]
    assert len(found) == 1
    assert found[0].mention == "The harbour master"
    assert [text[s:e] for s, e in found[0].fragments] == [
        "We have three cranes and two of them work.",
        "The third has been broken since May.",
    ]
    # a quotation left open at the end of its paragraph goes on in the next one
    text = (
        '"We have three cranes," the harbour master said. "Two of them work.\n'
        '"The third has been broken since May."\n'
    )
    found = [a for a in extract(text) if a.kind == "direct"]
    assert len(found) == 1 and len(found[0].fragments) == 3


def test_a_sentence_adverb_or_a_dashed_aside_after_the_cue_is_no_claim() -> None:
    assert _claims("Ada Brook says, however, that the ferry should run all year.") == [
        ("Ada Brook", "that the ferry should run all year")
    ]
    text = "Ada Brook said -- in a letter to the board -- the ferry should run all year."
    assert _claims(text) == [("Ada Brook", "the ferry should run all year")]


def test_a_transcript_turn_runs_to_the_end_of_its_line() -> None:
    text = (
        "HOST: Can the ferry run all year? The harbour board says no.\n"
        "BROOK: I think it can. The numbers say so.\n"
        "UPDATE: The board met again on Monday."
    )
    assert [(a.mention, a.text) for a in extract(text)] == [
        ("HOST", "Can the ferry run all year? The harbour board says no"),
        ("BROOK", "I think it can. The numbers say so"),
    ]


def test_a_count_of_people_is_a_speaker_but_a_year_is_not() -> None:
    assert _claims("Of the 90 pilots in the survey, 43 said the new route was safer.") == [
        ("43", "the new route was safer")
    ]
    assert _claims("In all, 1,200 told the board the route was safer.")[0][0] == ("1,200")
    assert _claims("The survey from 2012 said nothing of the route.")[0][0] != "2012"


def test_manner_and_time_phrases_between_subject_and_cue() -> None:
    text = "Harbour pilots have in particular noted the cost of the new cranes."
    assert _claims(text) == [("Harbour pilots", "the cost of the new cranes")]
    text = "Tom Reyes, the harbour chairman, this past week announced a new panel."
    assert _claims(text)[0][0] != "this past week"


def test_a_short_item_after_a_name_and_colon_is_no_statement() -> None:
    assert _claims("Jane Roe: A miracle\nTom Reyes: Keep it") == []
