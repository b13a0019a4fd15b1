"""The victim-rights leaflet: every right, standalone and for a case, never a secret address."""

from __future__ import annotations

from dataclasses import replace

from app.documents import leaflet
from app.documents.data import LeafletCase, LeafletData
from tests.documents import samples
from tests.documents.reading import NO_CATALOG, plain, text_of


def test_every_right_of_the_protocol_is_printed_in_plain_words() -> None:
    text = text_of(leaflet.render(samples.leaflet_data(personal=False), NO_CATALOG, "en"))
    assert len(leaflet.RIGHTS) == 17  # PROTOCOL.md d: Art. 4(1)(a)-(k) and six more
    for title, explanation in leaflet.RIGHTS:
        assert plain(title) in text
        assert plain(explanation) in text
    assert "In an emergency, call 112." in text
    assert "Your personal data" in text
    assert "Directive (EU) 2016/680" in text
    assert "data protection supervisory authority" in text
    assert f"Leaflet version {leaflet.VERSION}" in text


def test_the_standalone_leaflet_leaves_the_case_to_be_filled_in() -> None:
    text = text_of(leaflet.render(samples.leaflet_data(personal=False), NO_CATALOG, "en"))
    assert f"Case reference {leaflet.BLANK}" in text
    assert samples.STATION.name in text
    assert samples.STATION.phone in text
    assert samples.REFERENCE not in text
    assert samples.APAV.name not in text


def test_the_personal_leaflet_has_the_case_the_officer_and_the_chosen_services() -> None:
    text = text_of(leaflet.render(samples.leaflet_data(), NO_CATALOG, "en"))
    assert f"Case reference {samples.REFERENCE}" in text
    assert "Complaint number C-2026-77" in text
    assert "Your contact at the police Ana Ribeiro, badge PSP-4411" in text
    assert samples.OFFICER.phone in text
    assert samples.OFFICER.email in text
    assert "Support services chosen with you" in text
    for field in (samples.APAV.name, samples.APAV.phone, samples.APAV.address):
        assert field in text
    assert "Portuguese, English, and Punjabi" in text
    assert samples.SHELTER.name in text
    assert samples.SHELTER.phone in text


def test_a_confidential_address_is_never_in_the_leaflet() -> None:
    text = text_of(leaflet.render(samples.leaflet_data(), NO_CATALOG, "en"))
    assert samples.SECRET_SHELTER_ADDRESS not in text
    assert "Not printed (confidential). Ask the service by phone." in text


def test_a_case_without_services_tells_the_victim_they_can_still_get_support() -> None:
    case = LeafletCase(samples.REFERENCE, samples.OFFICER)
    empty = LeafletData(samples.STATION, samples.PRINTED, False, case)
    text = text_of(leaflet.render(empty, NO_CATALOG, "en"))
    assert "No service was chosen yet" in text
    assert "Complaint number" not in text


def test_the_station_s_opening_hours_are_printed_when_recorded() -> None:
    data = samples.leaflet_data(personal=False)
    assert "Opening hours" not in text_of(leaflet.render(data, NO_CATALOG, "en"))
    with_hours = replace(data, station=replace(data.station, opening_hours="Mon–Sun 08:00–22:00"))
    text = text_of(leaflet.render(with_hours, NO_CATALOG, "en"))
    assert "Opening hours" in text
    assert "Mon–Sun 08:00–22:00" in text
