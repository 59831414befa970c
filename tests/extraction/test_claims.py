"""Reported claims as PolNeAR-style annotation counts them: one attribution per report."""

from __future__ import annotations

from quotetrack.extraction.pipeline import extract


def _claims(text: str) -> list[tuple[str | None, str]]:
    return [(a.mention, a.text) for a in extract(text) if a.kind != "direct"]


def test_belief_inside_a_claim_is_part_of_it() -> None:
    text = "The treasurer said she believes the harbour levy will pay for itself by 2030."
    assert _claims(text) == [
        ("The treasurer", "she believes the harbour levy will pay for itself by 2030")
    ]


def test_a_speech_cue_inside_a_claim_is_an_attribution_of_its_own() -> None:
    text = "The union said the director said the night shifts would end in June."
    mentions = [m for m, _ in _claims(text)]
    assert mentions == ["The union", "the director"]


def test_a_belief_after_the_claim_ends_keeps_its_own_speaker() -> None:
    text = "Ms. Alder said the ferry was late, but the captain thinks the timetable is fine."
    mentions = [m for m, _ in _claims(text)]
    assert "the captain" in mentions


def test_maintain_and_advise_report_only_a_that_clause() -> None:
    assert _claims("The mayor maintains a wide lead among older voters in the east.") == []
    assert _claims("Ruth Vale, who advises the governor on trade, left early.") == []
    assert _claims("The mayor maintained that the audit was thorough and fair.") == [
        ("The mayor", "that the audit was thorough and fair")
    ]


def test_wishful_thinking_is_a_noun() -> None:
    assert _claims("Much of the talk of a merger is wishful thinking among investors.") == []


def test_attack_reports_words_only_when_it_quotes_them() -> None:
    assert _claims("Senator Hale attacked the harbour plan during a long debate.") == []
    found = _claims('Senator Hale attacked the harbour plan as "a gift to developers."')
    assert found and found[0][0] == "Senator Hale"


def test_a_poll_showing_a_lead_describes_the_poll() -> None:
    text = "A new survey showing the mayor ahead was released on Monday by the college."
    assert _claims(text) == []
    assert _claims("A new survey showed the mayor ahead by nine points.") != []


def test_a_poll_shows_without_that() -> None:
    found = _claims("The poll shows the mayor ahead of her rival by nine points.")
    assert found == [("The poll", "the mayor ahead of her rival by nine points")]


def test_a_study_by_someone_is_the_source() -> None:
    found = _claims("A review by the county auditor shows most of the overtime went unrecorded.")
    assert found == [("A review by the county auditor", "most of the overtime went unrecorded")]


def test_plural_nouns_after_other_subjects_are_still_no_cues() -> None:
    assert _claims("Both county fair shows were cancelled after the storm.") == []


def test_verbs_whose_object_is_what_was_said() -> None:
    cases = {
        "The senator cited rising costs as the reason for her vote.": "The senator",
        "The minister expressed concern about the delays.": "The minister",
        "The mayor questioned the need for a second bridge.": "The mayor",
        "Both unions agreed to a new contract after a week of talks.": "Both unions",
    }
    for text, mention in cases.items():
        assert [m for m, _ in _claims(text)] == [mention], text


def test_thanking_someone_reports_nothing_without_quoted_words() -> None:
    assert _claims("The chair thanked the volunteers.") == []


def test_a_clause_final_speaker_holds_the_claims_before_it() -> None:
    text = "The ministry defended the new school hours, two officials said on Tuesday."
    assert _claims(text) == [("two officials", "The ministry defended the new school hours")]


def test_a_clause_final_speaker_over_a_reported_speech() -> None:
    text = "Ms. Roe said the harbour plan is dead, several councillors said."
    assert _claims(text) == [
        ("several councillors", "Ms. Roe said the harbour plan is dead"),
        ("Ms. Roe", "the harbour plan is dead"),
    ]


def test_ordering_reminding_and_discussing_report_their_object() -> None:
    cases = {
        "A county judge ordered the release of the hospital records.": "A county judge",
        "Ms. Roe reminded voters that the harbour levy expires in May.": "Ms. Roe",
        "The two mayors discussed the bridge tolls over dinner.": "two mayors",
    }
    for text, mention in cases.items():
        found = [m for m, _ in _claims(text)]
        assert len(found) == 1 and mention in found[0], text


def test_orders_after_a_determiner_is_a_noun() -> None:
    assert _claims("The new orders from the ministry arrived late.") == []


def test_an_embedded_question_is_no_claim_of_its_subject() -> None:
    found = _claims("The host asked what she thinks of the new harbour toll.")
    assert [m for m, _ in found] == ["The host"]
    assert _claims("Nobody knows whether he hopes to run for the council again.") == []


def test_a_free_relative_with_quoted_words_is_still_attributed() -> None:
    text = 'Voters rejected what the mayor called "a fair and modest levy."'
    quoted = [a for a in extract(text) if a.text.startswith("a fair")]
    assert [a.mention for a in quoted] == ["the mayor"]


def test_a_particle_makes_a_cue_another_verb() -> None:
    assert _claims("Roe added up the costs of the new bridge.") == []
    assert _claims("The union called off the strike on Monday.") == []
    text = "The win added to her lead over the governor, aides said."
    assert _claims(text) == [("aides", "The win added to her lead over the governor")]
    assert _claims("Roe added that the vote was close.") == [("Roe", "that the vote was close")]


def _claims_after_lead(text: str) -> list[tuple[str | None, str]]:
    lead = "The harbour board met on Monday to discuss the ferry budget.\n\n"
    return _claims(lead + text)


def test_a_source_close_to_someone_is_one_subject() -> None:
    assert _claims_after_lead("A source close to her said the ferry deal was off.") == [
        ("A source close to her", "the ferry deal was off")
    ]
    assert _claims_after_lead("Aides to the governor say she is rethinking the levy.") == [
        ("Aides to the governor", "she is rethinking the levy")
    ]


def test_irregular_plurals_take_the_plain_form() -> None:
    assert _claims_after_lead("The women say the night ferry is never on time.") == [
        ("The women", "the night ferry is never on time")
    ]


def test_state_before_a_noun_or_of_is_a_noun() -> None:
    assert _claims_after_lead("Supporters cheered her in her home state of Ohio.") == []
    assert _claims_after_lead("Most state parties hold their caucuses in March.") == []
    assert _claims_after_lead("They state that the levy is unfair.") == [
        ("They", "that the levy is unfair")
    ]


def test_states_after_a_quote_and_its_subject_is_a_verb_before_a_place() -> None:
    text = '"The levy will fund the new pier," the harbour board states in its annual report.'
    found = [(a.mention, a.kind) for a in extract(text)]
    assert found == [("the harbour board", "direct")]


def test_a_gerund_reports_nothing_said_before_it() -> None:
    text = "Instead of debating the levy, the mayor kept responding to critics with silence."
    assert all(not content.startswith("Instead") for _, content in _claims(text))


def test_as_someone_reported_frames_the_clause_it_sits_beside() -> None:
    text = "As the gazette reported on Monday, the ferry will stop running in winter."
    assert _claims(text) == [("the gazette", "the ferry will stop running in winter")]
    text = "The ferry will stop running in winter, as the harbour master said."
    assert _claims(text) == [("the harbour master", "The ferry will stop running in winter")]


def test_as_with_an_object_is_a_time_clause() -> None:
    text = "As the mayor talked about the pier, the senator spoke of the levy."
    assert all("senator" not in content for _, content in _claims(text))


def test_a_one_word_answer_is_a_claim() -> None:
    text = "Asked whether the levy was fair, most residents said yes."
    # the question is an attribution too, with no speaker: nobody is named as the asker
    assert _claims(text) == [(None, "whether the levy was fair"), ("most residents", "yes")]
    assert _claims("The harbour master thinks so.") == [("The harbour master", "so")]
    assert _claims("The harbour master said it.") == []


def test_that_after_a_coordinator_joins_a_second_clause_of_the_claim() -> None:
    text = "Ms. Alder says many doubted her in the spring but that she never doubted her crew."
    assert _claims(text) == [
        ("Ms. Alder", "many doubted her in the spring but that she never doubted her crew")
    ]
    text = "The mayor said on Monday that the pier would reopen."
    assert _claims(text) == [("The mayor", "that the pier would reopen")]


def test_a_share_in_words_is_the_subject() -> None:
    assert _claims_after_lead("Two in three said the ferry was too slow.") == [
        ("Two in three", "the ferry was too slow")
    ]
    assert _claims_after_lead("Three out of four said the levy was unfair.") == [
        ("Three out of four", "the levy was unfair")
    ]


def test_a_name_with_a_capitalised_apposition_is_the_subject() -> None:
    text = "Jane Roe, a Republican, said the family deserved better."
    assert _claims(text) == [("Jane Roe, a Republican", "the family deserved better")]


def test_a_cue_in_a_relative_clause_reports_nothing_before_it() -> None:
    text = "Gov. Jane Roe, a Democrat who has refused to back the levy, said the pier must wait."
    assert all(not content.startswith("Gov.") for _, content in _claims(text))


def test_a_participle_aside_after_a_bracket_keeps_the_name() -> None:
    text = (
        "Rep. Jane Roe (D-Ore.), ranking member of the harbour committee, said the pier must wait."
    )
    assert _claims(text) == [
        ("Rep. Jane Roe (D-Ore.), ranking member of the harbour committee", "the pier must wait")
    ]


def test_a_gerund_subject_with_its_verb_is_the_claim_before_the_cue() -> None:
    text = "Finding the money for the pier is not simple, the treasurer said."
    assert _claims(text) == [("the treasurer", "Finding the money for the pier is not simple")]
    text = "Kicking off the day at the harbour, the treasurer said the pier would wait."
    assert _claims(text) == [("the treasurer", "the pier would wait")]


def test_twice_and_yet_stand_between_subject_and_cue() -> None:
    text = "The veterans group has twice complained that the levy is unfair."
    assert _claims(text) == [("The veterans group", "that the levy is unfair")]
    text = "The harbour board has not yet denied that the pier is unsafe."
    assert _claims(text) == [("The harbour board", "that the pier is unsafe")]


def test_reported_needs_no_that_but_the_report_is_a_noun() -> None:
    text = "The gazette reported the ferry company had lost money all year."
    assert _claims(text) == [("The gazette", "the ferry company had lost money all year")]
    assert _claims("Ms. Alder reported from the harbour on the storm damage.") == []
    assert _claims("The authors of the report combed through the ferry accounts.") == []


def test_revealed_reports_its_object() -> None:
    text = "The audit revealed the ferry company had lost money."
    assert _claims(text) == [("The audit", "the ferry company had lost money")]


def test_feeling_like_and_thinking_of_report_no_claim() -> None:
    assert _claims("The deckhands felt like nobody listened to them.") == []
    assert _claims("The mayor thought of the pier as her legacy.") == []
    text = "The deckhands felt the new rota was unfair."
    assert _claims(text) == [("The deckhands", "the new rota was unfair")]


def test_a_past_form_before_a_plural_noun_is_an_adjective() -> None:
    text = "Ms. Alder now holds 270 pledged delegates, more than her rival."
    assert _claims(text) == []
    text = "The mayor won a majority of pledged delegates in the east."
    assert _claims(text) == []


def test_an_ing_adjective_before_the_frame_belongs_to_the_claim() -> None:
    text = "The cost of the new pier is worrying, Ms. Alder said."
    assert _claims(text) == [("Ms. Alder", "The cost of the new pier is worrying")]


def test_a_clause_after_the_hearer_is_no_tail() -> None:
    text = "One deckhand on the night ferry, Jane Roe, told the gazette she was leaving."
    assert [content for _, content in _claims(text)] != ["One deckhand on the night ferry"]


def test_whom_after_an_inverted_speaker_is_an_aside() -> None:
    text = "The pier can wait, said Jane Roe, whom the governor named to the harbour board."
    assert _claims(text) == [("Jane Roe", "The pier can wait")]


def test_footage_and_emails_report_a_finding_without_that() -> None:
    text = "The harbour footage shows the ferry leaving ten minutes early."
    assert _claims(text) == [("The harbour footage", "the ferry leaving ten minutes early")]
    text = "The emails showed the board knew about the leak in March."
    assert _claims(text) == [("The emails", "the board knew about the leak in March")]


def test_a_participle_with_its_agent_is_an_aside_about_the_subject() -> None:
    text = "The deckhands, led by their shop steward, told the board that they would strike."
    assert _claims(text) == [("The deckhands, led by their shop steward", "that they would strike")]


def test_like_opens_a_postmodifier_of_the_subject() -> None:
    text = "Critics like Ms. Alder say the pier will never pay for itself."
    assert _claims(text) == [("Critics like Ms. Alder", "the pier will never pay for itself")]


def test_a_participle_phrase_after_the_head_keeps_the_plural_subject() -> None:
    text = "Residents trying to regain control of the harbour board in May say the pier is costly."
    assert _claims(text) == [
        ("Residents trying to regain control of the harbour board in May", "the pier is costly")
    ]
    # an -ing word right before the cue is an adjective of a noun, not a postmodifier
    assert _claims("One lingering question is whether the ferry will run.") == []


def test_the_subject_of_a_relative_clause_is_its_antecedent() -> None:
    text = "Commuters who have ridden the night ferry say the crossing feels unsafe."
    assert _claims(text) == [
        ("Commuters who have ridden the night ferry", "the crossing feels unsafe")
    ]
    # a cue inside the relative clause keeps the clause's own speaker
    text = "It was the pilot who told the court that the captain said the ferry was late."
    assert ("the captain", "the ferry was late") in _claims(text)


def test_reported_by_after_a_passive_names_the_source() -> None:
    text = "The ferry deal was first reported by the Harbour Gazette."
    assert _claims(text) == [("the Harbour Gazette", "The ferry deal")]
    assert _claims("Additional reporting by Jane Roe.") == []


def test_a_passive_in_a_relative_clause_is_an_aside() -> None:
    text = "The pier plan, which was rejected by the council, will cost millions."
    assert _claims(text) == []


def test_a_dash_before_a_clause_with_its_own_cue_signs_nothing() -> None:
    text = 'The sign read "Closed" - Locals said the pier had been shut for a week.'
    assert [(a.mention, a.text) for a in extract(text) if a.rule == "dash"] == []
    assert ("Locals", "the pier had been shut for a week") in _claims(text)


def test_a_passive_takes_adverbs_a_day_and_a_share_as_its_source() -> None:
    text = "The pier plan was roundly criticized by local fishermen."
    assert _claims(text) == [("local fishermen", "The pier plan")]
    text = "The offer was rejected Friday by the harbour union."
    assert _claims(text) == [("the harbour union", "The offer")]
    text = "Roe has been criticized by some of her rivals for skipping the vote."
    assert _claims(text) == [("some of her rivals", "Roe")]


def test_a_cue_form_after_a_determiner_is_a_noun_in_the_subject() -> None:
    text = "His comments were quickly derided by the harbour master."
    assert _claims(text) == [("the harbour master", "His comments")]
    text = "The reports show the ferry ran late on most days."
    assert _claims(text) == [("The reports", "the ferry ran late on most days")]


def test_the_one_asked_is_no_claim_of_the_asker() -> None:
    text = "Roe was asked by the host whether she would run again."
    assert ("the host", "Roe") not in _claims(text)


def test_a_but_clause_after_a_reported_clause_is_the_writers() -> None:
    text = "The mayor said the pier was safe, but the harbour board closed it anyway."
    assert _claims(text) == [("The mayor", "the pier was safe")]
    # "but that" goes on with what was said; quoted words keep a mixed claim whole
    text = "The mayor said the pier was old, but that it was safe."
    assert _claims(text) == [("The mayor", "the pier was old, but that it was safe")]
    text = 'The mayor said the pier was "perfectly safe," but the board closed it anyway.'
    assert _claims(text)[0][1].endswith("closed it anyway")


def test_a_group_speaks_not_the_example_named_after_like() -> None:
    found = [a for a in extract("Critics like Tom Doe say the pier will fail.") if a.text]
    assert [(a.mention, a.speaker) for a in found] == [("Critics like Tom Doe", "Critics")]


def test_a_gerund_shares_the_reporter_not_a_subject_inside_the_claim() -> None:
    text = 'Roe said the board rejected the plan, adding that it was "a disgrace."'
    assert ("Roe", 'that it was "a disgrace.') in _claims(text)


def test_a_purpose_inside_the_subject_reports_nothing() -> None:
    text = "An aide who spoke anonymously to discuss the talks said the deal was close."
    found = _claims(text)
    assert len(found) == 1 and found[0][0].startswith("An aide")
    assert found[0][1] == "the deal was close"
