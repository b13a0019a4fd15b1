"""Words for validation issues: one line per problem, the field path first."""

from __future__ import annotations

import re

from app.domain.validation import Issue
from app.i18n import N_, _

MESSAGES: dict[str, str] = {
    "role_may_not": N_("Your role does not allow this step."),
    "not_in_this_state": N_("a case with the status {status} cannot take this step"),
    "not_your_case": N_("Only the case's own officer or a supervisor may take this step."),
    "four_eyes": N_(
        "Four eyes: you wrote or edited this case, so another supervisor must take this step."
    ),
    "escalated_to_other": N_(
        "This case was escalated to another reviewer: only they may approve or return it."
    ),
    "hate_flag_reason": N_(
        "says why the case no longer has a bias motive: the reviewer sees that it was removed"
    ),
    "unknown_section": N_("{section} is not a section of this case"),
    "one_classification_only": N_(
        "the case's protocol pack allows one classification only: remove the others"
    ),
    "unknown_classification": N_("{value} is not a classification of the case's protocol pack"),
    "not_a_reviewer": N_("{name} cannot review cases: choose another active supervisor"),
    "audit_wrong_key": N_(
        "The audit key on this workstation is not the one this trail was sealed with:"
        " nothing could be checked."
    ),
    "audit_head_forged": N_(
        "The sealed head of the audit trail was altered: it was not written with the station's key."
    ),
    "audit_head_missing": N_(
        "The head of the audit trail is missing although the database holds records:"
        " the trail was removed or replaced."
    ),
    "audit_gap": N_("Audit events {first} to {last} are missing: they were deleted."),
    "audit_altered": N_(
        "Audit event {id} does not match its seal: it was altered, renumbered, swapped or"
        " written without the station's key."
    ),
    "audit_broken_link": N_(
        "Audit event {id} does not follow the event before it: an event was removed or moved."
    ),
    "audit_after_head": N_(
        "Audit event {id} comes after the sealed end of the trail: it was added without the"
        " station's key."
    ),
    "audit_emptied": N_("All {count} audit events are missing: the trail was emptied."),
    "audit_cut_off": N_(
        "The last {count} audit events, after event {id}, are missing: the trail was cut off."
    ),
    "audit_head_mismatch": N_(
        "The last audit event ({id}) is not the one the trail's sealed head names."
    ),
    "audit_anchor_forged": N_(
        "The record of the removal of audit events up to {id} was not written with the station's"
        " key: it was forged or altered."
    ),
    "audit_not_removed": N_(
        "Audit event {id} is there although events up to {last} were removed with their years:"
        " it was put back or added without the station's key."
    ),
    "audit_prune_too_recent": N_(
        "the years before {year} include some still within the retention period of audit events:"
        " only those before {first} can be removed"
    ),
    "audit_prune_owner_only": N_(
        "Only the database owner may remove old audit events: run the command with --db and the"
        " owner's database URL."
    ),
    "audit_prune_not_intact": N_(
        "The audit trail does not verify: nothing was removed. Run 'proximity-desk audit verify'."
    ),
    "checkpoint_other_trail": N_(
        "The checkpoint belongs to another audit trail (another database or key)."
    ),
    "checkpoint_forged": N_("The checkpoint file was altered: its seal does not match."),
    "checkpoint_cut_off": N_(
        "The trail holds {now} events, but the checkpoint of {at} counted {count} and ended on"
        " event {id}: events were removed since."
    ),
    "checkpoint_mismatch": N_(
        "Audit event {id}, on which the checkpoint of {at} ended, has changed since."
    ),
    "not_a_checkpoint": N_("is not a Proximity Desk audit checkpoint"),
    "missing": N_("is missing"),
    "no_referral": N_(
        "nothing was printed: the case has no referral yet (refer the victim to a service on the"
        " Referral page, with their consent)"
    ),
    "nobody_to_print_for": N_("nothing was printed: the case names nobody this printout is for"),
    "referral_withdrawn": N_(
        "nothing was printed: the victim withdrew the consent this referral went under, so its"
        " sheet cannot be printed again"
    ),
    "referral_ended": N_(
        "nothing was printed: the service declined or closed this referral (to refer the victim"
        " again, propose a new referral)"
    ),
    "unknown_field": N_("is not a field of this format"),
    "expected_object": N_("must be an object"),
    "expected_list": N_("must be a list"),
    "expected_text": N_("must be text"),
    "expected_integer": N_("must be a whole number"),
    "expected_boolean": N_("must be true or false"),
    "expected_date": N_("must be a date like 2026-05-31"),
    "expected_datetime": N_("must be a date and time like 2026-05-31T14:30:00+02:00"),
    "datetime_without_offset": N_("needs a time-zone offset, like +02:00 or Z"),
    "expected_base64": N_("must be base64 data"),
    "not_one_of": N_("must be one of: {allowed}"),
    "bad_reference": N_("is not a case reference like LIS-01-2026-000123"),
    "reference_station_mismatch": N_("does not start with the station code"),
    "bad_station_code": N_("is not a station code like LIS-01"),
    "date_in_future": N_("is in the future"),
    "duplicate_key": N_("uses the key {key} twice"),
    "unknown_person": N_("names a person ({key}) who is not in the case"),
    "unknown_language": N_("is not an ISO 639 language code, such as ro, rom or fse"),
    "several_preferred": N_("marks more than one language as the preferred one"),
    "unknown_consent": N_("names a consent ({key}) that is not in the case"),
    "without_consent": N_("needs the victim's consent for this recipient and purpose"),
    "consent_refused": N_("consent {key} was refused"),
    "consent_withdrawn": N_("consent {key} was withdrawn"),
    "consent_other_recipient": N_("consent {key} was given for another recipient"),
    "consent_other_purpose": N_("consent {key} was given for another purpose"),
    "not_editable": N_("a case with the status {status} cannot be changed"),
    "empty_file": N_("{name} is empty"),
    "file_too_large": N_("{name} is larger than 25 MB"),
    "no_victim": N_("name at least one victim, or mark the case as having no individual victim"),
    "bad_sha256": N_("must be 64 lower-case hexadecimal digits"),
    "sha256_mismatch": N_("does not match its SHA-256: the file was altered"),
    "size_mismatch": N_("does not match the content's length"),
    "victim_in_victimless_case": N_("is set, but the case names a victim"),
    "unsupported_format": N_("is not a Proximity Desk case file"),
    "unsupported_version": N_(
        "version {version} is not supported (this program reads {supported})"
    ),
    "reference_exists": N_("a case with this reference is already in the database"),
    "user_not_in_document": N_("names the user {username}, who is not in the file's users list"),
    "not_json": N_("is not valid JSON (column {column}: {detail})"),
    "not_utf8": N_("is not UTF-8 text"),
    "too_deep": N_("nests lists or objects deeper than {max} levels"),
    "bad_character": N_("contains a character no text can hold (NUL or half a surrogate pair)"),
    "too_long": N_("is longer than {max} characters"),
    "date_out_of_range": N_("must be between the years {first} and {last}"),
    "number_out_of_range": N_("must be between 0 and {max}"),
    "count_out_of_range": N_("must be between {min} and {max}"),
    "from_after_to": N_("is after the last day, {to}"),
    "last_case_number": N_(
        "has the last number of the format: the station would have none left for its next case"
    ),
    "unknown_case": N_("names a case that is not in the database"),
    "required": N_("is required"),
    "not_a_demo_database": N_(
        "This database has real accounts: demo data goes only into an empty or demo database."
    ),
    "setup_done": N_("This database is already set up; sign in instead."),
    "sign_in_needed": N_("The database already has accounts: an administrator must add this one."),
    "first_user_admin": N_("the first account must be an administrator"),
    "username_taken": N_("the user name {username} is already taken"),
    "unknown_station": N_("there is no station {value}"),
    "period_reversed": N_("The period ends before it starts."),
    "period_too_long": N_("The figures cover at most {years} years at a time."),
    "bad_year": N_("{value} is not a year from {first} on"),
    "packs_differ": N_(
        "the stations follow different protocol packs ({packs}): export station by station"
    ),
    "no_victim_contacts": N_("No address or phone for the victim's printouts"),
    "station_exists": N_("there is already a station {value}"),
    "bad_email_shape": N_("is not an e-mail address like name@example.org"),
    "unknown_country": N_("is not a country code the holiday calendars know, like PT or FI"),
    "bad_username": N_(
        "must start with a letter: 2 to 64 lower-case letters, digits, dots, dashes, underscores"
    ),
    "short_password": N_("must have at least {min} characters"),
    "long_password": N_("may have at most {max} characters"),
    "password_has_username": N_("must not contain the user name"),
    "common_password": N_(
        "is one of the most common passwords, which attackers try first: choose another"
    ),
    "same_password": N_("must differ from the present one"),
    "wrong_old_password": N_("The present password is wrong: nothing was changed."),
    "unknown_user": N_("there is no account {username}"),
    "not_yourself": N_("You cannot deactivate your own account: ask another administrator."),
    "exercise_not_approved": N_("Only an approved or closed case can become a training exercise."),
    "exercise_not_classified": N_("A case that is not classified cannot become an exercise."),
    "last_admin": N_(
        "This is the last active administrator: make another account an administrator first."
    ),
    "bad_csv_header": N_("the file must start with the header line: {expected}"),
    "unreadable_csv": N_("cannot be read as CSV: {detail}"),
    "csv_column_count": N_("has {found} columns; the header has {expected}"),
    "expected_yes_no": N_("must be yes or no"),
    "bad_service_code": N_(
        "{value} is not a service code: 2 to 64 lower-case letters, digits and dashes,"
        " starting with a letter or digit"
    ),
    "bad_language_code": N_("{value} is not an ISO 639 language code like pt, rom or fse"),
    "bad_group_id": N_("{value} is not a group id like racist_xenophobic or all"),
    "unknown_group": N_("{value} is not a group the protocol knows; use one of: {allowed}"),
    "bad_email": N_("{value} is not an e-mail address (it has no @)"),
    "duplicate_service_code": N_("the code {value} is already used on line {first_line}"),
    "unknown_service": N_("there is no support service {value}"),
    # The hate-case checklist (app.domain.checklist): why a check is not met or not applicable.
    "unknown_check": N_("{check} is not a check that waits for the supervisor's judgement"),
    "check_no_victim": N_("The case has no individual victim."),
    "check_no_classification": N_("No classification is recorded."),
    "check_no_motive": N_("No bias motive is recorded."),
    "check_not_in_protocol": N_(
        "A classification, motive or offence type is not in the case's protocol pack."
    ),
    "check_crime_without_offence": N_(
        "Classified as a crime, but no criminal offence type is recorded."
    ),
    "check_offence_without_crime": N_(
        "An offence type is recorded, but the classification is not a crime."
    ),
    "check_no_indicators": N_("No bias indicator is recorded."),
    "check_indicators_without_note": N_("Indicators without a note: {count}"),
    "check_victims_without_perception": N_("Victims without their own perception: {count}"),
    "check_rights_not_given": N_("Victims not informed of their rights: {count}"),
    "check_leaflet_language": N_(
        "Victims whose leaflet is not in a language they understand: {count}"
    ),
    "check_leaflet_version": N_("Victims whose leaflet version is not recorded: {count}"),
    "check_no_interpreter_needed": N_("No victim needs an interpreter."),
    "check_interpreter_language": N_("Interpreter needed, language not recorded: {count}"),
    "check_interpreter_not_arranged": N_("Interpreter needed, none arranged: {count}"),
    "check_victims_not_assessed": N_("Victims whose needs are not assessed: {count}"),
    "check_no_child_victim": N_("No victim is a child."),
    "check_child_without_protection": N_(
        "Child victims not assessed as needing protection: {count}"
    ),
    "check_no_referral": N_("No referral to a support service."),
    "check_referral_without_consent": N_("Referrals without a consent that covers them: {count}"),
    "check_not_criminal": N_("The classification is not a crime."),
    "check_prosecutor_not_informed": N_("The prosecutor has not been informed."),
    "check_prosecutor_no_reference": N_(
        "The prosecutor was informed, but no reference number is recorded."
    ),
    "check_no_hand_over": N_("The case records no hand-over to another force."),
    "check_hand_over_no_reference": N_("Hand-overs without a reference number: {count}"),
    "check_no_special_categories": N_("No special-category data are recorded."),
    "check_special_categories_unexplained": N_(
        "Special-category entries that no motive or needs assessment calls for: {count}"
    ),
    "check_special_categories_judge": N_(
        "Special-category entries the motive does not explain: {count}. Judge whether they are"
        " needed."
    ),
    "referral_step_not_allowed": N_("the referral cannot take this step from where it stands"),
    "referral_step_before_last": N_("is earlier than the referral's last step"),
    "referral_channel_only_when_sent": N_("is recorded only when the referral is sent"),
    "unknown_referral": N_("names a referral ({key}) that is not in the case"),
    "withdraw_the_consent": N_(
        "this referral went under consent {key}: withdraw the consent, which withdraws every"
        " referral under it and says which services to inform"
    ),
    "withdrawn_before_given": N_("is earlier than the consent was given"),
    "date_not_ahead": N_("must be a day after today"),
    "link_to_itself": N_("a case cannot be linked to itself"),
    "already_linked": N_("the case is already linked to {reference}"),
    "basis_only_for_series": N_("is said only for a series"),
    "link_from_the_duplicate": N_(
        "link from the case that is the duplicate: it names the case it duplicates"
    ),
    "already_duplicate": N_("the case is already a duplicate of {reference}"),
    "case_not_visible": N_("no case {reference} that you may see"),
    "check_consultation_without_reason": N_("Views, exports or prints without a reason: {count}"),
    "not_anonymised": N_("anonymised facts only: {data} would identify a person"),
    "duplicate_of_a_duplicate": N_(
        "that case is itself a duplicate of {reference}: link to {reference} instead"
    ),
    "has_duplicates": N_("{reference} is a duplicate of this case, so this case cannot be one"),
    "outcome_before_incident": N_("is earlier than the incident"),
    "duplicate_outcome": N_("this outcome is already recorded for that day"),
}


# A problem of a CSV file names its line first ("line 3: kind"): the word is translated, the
# column (named as in the file's header line) is not.
LINE = re.compile(r"line (\d+)(?=$|: )")


def describe(issue: Issue) -> str:
    template = MESSAGES.get(issue.code)
    text = _(template).format(**issue.params) if template else issue.code
    return f"{field_text(issue.field)}: {text}" if issue.field else text


def field_text(field: str) -> str:
    line = LINE.match(field)
    if line is None:
        return field
    return _("line {n}").format(n=line[1]) + field[line.end() :]
