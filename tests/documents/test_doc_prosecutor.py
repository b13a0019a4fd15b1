"""The prosecutor report: facts apart from assessments, the perception, evidence, rights."""

from __future__ import annotations

from dataclasses import replace

from app.documents import prosecutor
from app.documents.text import Words
from app.domain import case as d
from app.domain.protocol import load_pack
from app.paths import protocols
from tests.documents import samples
from tests.documents.reading import NO_CATALOG, pages, plain, text_of


def report() -> list[str]:
    return [
        plain(page)
        for page in pages(prosecutor.render(samples.prosecutor_data(), NO_CATALOG, "en"))
    ]


def test_facts_and_assessments_are_labelled_apart() -> None:
    text = " ".join(report())
    assert "Classification (assessment) Hate crime" in text
    assert "Bias motive (assessment) Racist or xenophobic Other religion or belief" in text
    assert "1. Facts as recorded" in text
    assert "Place Tram stop, Largo Martim Moniz, Mouraria" in text
    assert "Type of place Public transport" in text
    assert samples.NARRATIVE in text
    assert "Words used, recorded verbatim" in text
    # Typed text is printed as typed, never read as markup.
    assert "“Go back to your country, you <don't> belong here & never will.”" in text
    assert "5. Individual needs assessment (assessment)" in text


def test_the_annex_keeps_the_victims_perception_apart_from_the_indicators() -> None:
    *report_pages, annex = report()
    assert "Annex: bias indicators" not in " ".join(report_pages)
    assert annex.startswith("Lisbon Centre proximity station Report to the prosecutor Annex")
    assert "Assessments, not established facts (Directive (EU) 2016/680, Art. 7)" in annex
    perception = annex.index("A. The victim's perception")
    witnesses = annex.index("B. What witnesses and others perceived")
    indicators = annex.index("C. Bias indicators the officer observed (assessment)")
    assert perception < witnesses < indicators
    assert "Because of my turban and my skin." in annex[perception:witnesses]
    assert "They picked him out of the crowd." in annex[witnesses:indicators]
    observed = annex[indicators:]
    assert "Comments, written statements or gestures" in observed
    assert "Slurs about the turban, verbatim above." in observed
    assert "No other motive Nothing was taken." in observed
    assert "D. The officer's assessment" in observed
    assert samples.CASE.officer_assessment in observed


def test_the_evidence_list_gives_each_files_sha256() -> None:
    text = " ".join(report())
    assert "File 1 graffiti.png" in text
    assert f"SHA-256 {samples.PHOTO_SHA}" in text  # whole, on one line
    assert "image/png, 32 byte" in text  # CLDR's short unit, in every language


def test_the_report_notes_that_rights_were_given_and_in_which_language() -> None:
    text = " ".join(report())
    when = plain(Words(NO_CATALOG, "en").when(samples.AT))
    assert (
        f"Harpreet Singh was told their rights on {when} by Ana Ribeiro, with the leaflet in"
        " Punjabi (version eu-2026.1)."
    ) in text
    assert "Interpreter provided Yes" in text
    assert "Complaint number C-2026-77" in text


def test_without_rights_information_the_report_says_so() -> None:
    data = samples.prosecutor_data(case=replace(samples.CASE, rights=()))
    text = text_of(prosecutor.render(data, NO_CATALOG, "en"))
    assert "No record that the victim was told their rights." in text


def test_special_category_data_are_not_in_the_report() -> None:
    text = " ".join(report())
    assert samples.SECRET_RELIGION not in text
    assert samples.SECRET_HEALTH not in text
    assert "are not part of this report" in text
    # The persons by role, with what the prosecutor needs to reach them.
    assert "Victim P1" in text
    assert "Witness P2" in text
    assert "Suspect P3" in text
    assert "Man, about 30, shaved head" in text


def test_a_case_without_an_individual_victim_does_not_say_a_victim_was_not_informed() -> None:
    damage = replace(samples.CASE, rights=(), persons=(), no_individual_victim=True)
    text = text_of(prosecutor.render(samples.prosecutor_data(case=damage), NO_CATALOG, "en"))
    assert "No record that the victim was told their rights." not in text
    assert "There is no individual victim" in text


def test_words_typed_with_their_own_quotation_marks_are_quoted_once() -> None:
    quoted = replace(samples.CASE, verbatim_words="«Go back to your country»")
    text = text_of(prosecutor.render(samples.prosecutor_data(case=quoted), NO_CATALOG, "en"))
    assert "“Go back to your country”" in text
    assert "«" not in text


def test_every_section_is_numbered_in_turn_and_the_community_impact_is_reported() -> None:
    """No assessment and no coordination recorded: sections 5 and 6 say so, numbers never jump;
    the officer's note on the impact on the community reaches the prosecutor."""
    bare = replace(
        samples.CASE, assessments=(), coordination=(), community_impact="Fear at the mosque."
    )
    text = text_of(prosecutor.render(samples.prosecutor_data(case=bare), NO_CATALOG, "en"))
    numbers = [text.index(f"{n}. ") for n in range(1, 7)]
    assert numbers == sorted(numbers)
    assert "5. Individual needs assessment" in text
    assert "6. Coordination" in text
    assert "Impact on the community Fear at the mosque." in " ".join(text.split())


def test_other_classifications_the_reason_and_the_pack_s_recorded_steps_are_reported() -> None:
    """A violent attack also filmed and posted: the main classification, the other, why; in
    Spain the offer of legal actions, yes or no, when and by whom (issue 11, point 7)."""
    es = load_pack(protocols() / "es-overlay.toml")
    case = replace(
        samples.CASE,
        additional_classifications=("hate_speech",),
        classification_reason="Punched while filmed; the film was posted with the same slurs.",
        recorded_steps=(d.StepRecord("offer_of_legal_actions", "P1", True, samples.AT, "officer"),),
    )
    text = " ".join(
        text_of(
            prosecutor.render(samples.prosecutor_data(case=case, pack=es), NO_CATALOG, "en")
        ).split()
    )
    assert (
        "Classification (assessment) Hate crime Also classified as Criminalised hate speech" in text
    )
    assert "Why this classification Punched while filmed;" in text
    assert (
        "Offer of legal actions (ofrecimiento de acciones) Yes, Mar 14, 2026, 6:45 PM"
        " by Ana Ribeiro" in text
    )
