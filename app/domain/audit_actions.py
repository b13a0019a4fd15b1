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
    # accounts managed in the program (app.services.accounts)
    USER_DEACTIVATE = "user_deactivate"
    USER_REACTIVATE = "user_reactivate"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGE = "password_change"
    USER_SET = "user_set"
