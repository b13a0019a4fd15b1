"""What the audit trail records: one value per kind of event, so that it can be listed, filtered and
labelled in each screen language (the labels live with the screens)."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # accounts and the station
    SETUP = "setup"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    LOCK = "lock"
    REFUSED = "refused"
    STATION_ADD = "station_add"
    STATION_SET = "station_set"
    # a case's content
    CREATE = "create"
    UPDATE = "update"
    ATTACH = "attach"
    DETACH = "detach"
    VIEW = "view"
    IMPORT = "import"
    DEACTIVATE = "deactivate"
    EXPORT = "export"
    EXPORT_FAILED = "export_failed"
    PRINT = "print"
    PRINT_FAILED = "print_failed"
    # a case's life (app.domain.workflow)
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    ESCALATE = "escalate"
    PROPOSE_CLOSURE = "propose_closure"
    CLOSE = "close"
    REOPEN = "reopen"
    SUPPLEMENT = "supplement"
    # its follow-up after submission
    REFERRAL_STEP = "referral_step"
    WITHDRAW_CONSENT = "withdraw_consent"
    COORDINATE = "coordinate"
    RECONTACT = "recontact"
    LINK = "link"
    # the database and the trail itself
    DEMO_FILL = "demo_fill"
    AUDIT_VERIFY = "audit_verify"
    AUDIT_CHECKPOINT = "audit_checkpoint"
    # lock: the idle lock of a signed-in session (app.ui.lock)
    SESSION_LOCKED = "session_locked"
    SESSION_UNLOCKED = "session_unlocked"
    SESSION_TAKEN_OVER = "session_taken_over"
    # removing old audit events (5b): whole years past their retention, with a sealed anchor
    AUDIT_PRUNE = "audit_prune"
    # access by role and need (app.domain.access)
    REVEAL = "reveal"  # special categories shown to a role that sees them only on request
    # encryption: at rest, of the embedded database (app.services.encryption)
    DATABASE_ENCRYPT = "database_encrypt"
    DATABASE_RECOVERY_SHEET = "database_recovery_sheet"
    # the audit viewer (issue 13): a search (its first page), an export of a selection
    AUDIT_SEARCH = "audit_search"
    AUDIT_EXPORT = "audit_export"
    AUDIT_EXPORT_FAILED = "audit_export_failed"
    # retention of cases (issue 13, part 5a): a closed case past its period anonymised, and
    # each run of `retention run` (a dry run too) with its counts
    ANONYMISE = "anonymise"
    RETENTION_RUN = "retention_run"
    # access requests (LED Art. 14): the refs and counts of a report, never the name searched
    SUBJECT_ACCESS = "subject_access"
    # accounts managed in the program (app.services.accounts)
    USER_DEACTIVATE = "user_deactivate"
    USER_REACTIVATE = "user_reactivate"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGE = "password_change"
    USER_SET = "user_set"
    # issue 14, part D: the printed statistics report (period, station, language; counts only)
    STATS_REPORT = "stats_report"
    # statistics, part C of issue 14: the annual return and the exports (year, station, format,
    # rows; never a path), or the export that failed (with the error's kind)
    STATS_EXPORT = "stats_export"
    STATS_EXPORT_FAILED = "stats_export_failed"
    # statistics (issue 14, part A): what became of a case, entered on it (its kind and day)
    OUTCOME = "outcome"
    # issue 16, part D: a trainer's training record printed (in the training database: the
    # trainee's user name, the language), an exercise made from a real case (in the real trail:
    # the case's reference only; the read itself is a "view" with its reason)
    TRAINING_RECORD = "training_record"
    TRAINING_EXERCISE_MADE = "training_exercise_made"
