"""Every screen, in every screen language, shows no English: the sign-in and first-start
dialogs, the main window with its menus and case list, the questions it asks, the case view, the
reason dialog, the support services (with a refused import), every wizard page over a filled
case, the person, perception and consent dialogs.

A text fails when it is an English text of translations/app.pot that the language translates
differently (shortcut "&" aside), whole or as a part (a label in a list, a value after a colon).
In the pseudo-language `en-XA` every text must also carry the pseudo marks: an English word
outside them never went through gettext. Case data the test put in (names, places, the
reference...), identifiers shown as such (protocol pack ids, the CSV file's column names) and
language names from Babel's locale data are not texts to translate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from PySide6 import QtGui
from PySide6.QtCore import QAbstractListModel, QLocale, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QStatusBar,
    QTabBar,
    QTextEdit,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app import paths
from app.domain.case import (
    CaseQuery,
    CaseRecord,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    FollowUp,
    IndicatorObservation,
    NeedsAssessment,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
    Referral,
    ReporterType,
    Review,
    ReviewDecision,
    RightsInformation,
    RiskLevel,
    Role,
    ServiceKind,
    Urgency,
)
from app.domain.directory import CSV_HEADER, ServiceEntry
from app.domain.languages import spoken
from app.i18n.pseudo import END, PSEUDO_LANGUAGE, START
from app.services import Services
from app.services.context import Actor
from app.ui import labels
from app.ui.case_list.model import COUNTING
from app.ui.case_view.timeline import TimelineDialog
from app.ui.case_view.view import CaseViewDialog
from app.ui.directory.view import DirectoryDialog
from app.ui.first_start import FirstStartDialog
from app.ui.language import SCREEN_LANGUAGES, apply_screen_language
from app.ui.login import LoginDialog
from app.ui.main_window import MainWindow
from app.ui.printing import PrintDialog
from app.ui.recovery_sheet import RecoverySheetDialog
from app.ui.stations import StationsDialog
from app.ui.statistics.view import StatisticsView
from app.ui.wizard.consent_dialog import ConsentDialog
from app.ui.wizard.pages.coordination import ANONYMISED, STATUTORY, VICTIM_CONSENT
from app.ui.wizard.pages.evidence import EvidencePage
from app.ui.wizard.pages.identification import IdentificationPage, PerceptionDialog
from app.ui.wizard.pages.incident import IncidentPage, PersonDialog
from app.ui.wizard.pages.referral import ANY_SERVICE
from app.ui.wizard.wizard import CaseWizard
from tests.ui.conftest import make_services

TRANSLATED = tuple(code for code in SCREEN_LANGUAGES if code != "en")
LANGUAGES = (*TRANSLATED, PSEUDO_LANGUAGE)
TRANSLATIONS = paths.CHECKOUT / "translations"
PASSWORD = "screens-2026"
AT = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"

# A word as the pseudo check reads it: letters, digits and "_" together, so that a hash such as
# "3fa9cde1" is one token and not the word "cde".
TOKEN = re.compile(r"\w+", re.ASCII)
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# Where a text joins several: lines, a list, a value after its label, a note in brackets.
PIECES = re.compile(r"\s*(?:\n|[,;:·•—()]|\.\s)\s*")
MARKED = re.compile(f"{START}[^{START}{END}]*{END}")
PADDING = re.compile(rf" ~+{END}|{START}|{END}")
LANGUAGE_CODE = re.compile(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\)")

# ---------------------------------------------------------------------- the case data

DATA_WORDS: set[str] = set(ENGLISH_WORD.findall(" ".join(CSV_HEADER)))  # column names


def d(text: str) -> str:
    """Case data this test puts in: its words may show as they are."""
    DATA_WORDS.update(ENGLISH_WORD.findall(text))
    return text


STATION_CODE, STATION_NAME = d("LIS-01"), d("Esquadra de Arroios")
# The reason the case is read for, as typed: the timeline shows it.
READ_FOR = d("Checking the screens")
SERVICE = ServiceEntry(
    code=d("apoio-vitima-lisboa"),
    name=d("Apoio à Vítima Lisboa"),
    kind=ServiceKind.VICTIM_SUPPORT,
    languages=("pt", "ar", "en"),
    groups_served=("all",),
    area=d("Lisboa"),
    address=d("Rua José Estêvão 135"),
    phone="+351 21 358 79 00",
    email=d("lisboa@apav.pt"),
    opening_hours=d("2.ª–6.ª 09:00–17:00"),
    notes=d("Atendimento em árabe às quartas"),
)
SHELTER = ServiceEntry(
    code=d("casa-abrigo-tejo"),
    name=d("Casa Abrigo Tejo"),
    kind=ServiceKind.SHELTER,
    languages=("pt",),
    groups_served=("gender_based", "racist_xenophobic"),
    area=d("Grande Lisboa"),
    address=d("Morada reservada"),
    address_confidential=True,
    phone="+351 21 000 00 00",
)
ORGANISATION = d("Associação Renovar a Mouraria")
PEOPLE = (
    Person(
        "P1",
        PersonRole.VICTIM,
        name=d("Amina Haddad"),
        alias=d("Mina"),
        date_of_birth=date(1990, 5, 17),
        gender=d("feminino"),
        phone="+351 912 345 678",
        languages=spoken("ar"),
        interpreter_needed=True,
        interpreter_language="ar",
        accessibility_needs=d("Lê pouco: explicar oralmente"),
        companion=d("A irmã, Samira"),
        safe_phone="+351 913 000 000",
        safe_times=d("depois das 18h"),
        message_ok=False,
        preferred_channel=d("SMS"),
        do_not_contact_via=d("telefone de casa"),
        religion=d("muçulmana"),
    ),
    # An age band chosen from the list is stored in English and shown translated.
    Person("P2", PersonRole.VICTIM, name=d("Yusuf Haddad"), is_minor=True,
           age_band=labels.UNDER_18, guardian=d("Amina Haddad"), languages=spoken("ar")),
    Person("P3", PersonRole.WITNESS, name=d("João Pereira"), description=d("Dono da loja")),
    Person("P4", PersonRole.SUSPECT, description=d("Cerca de 25 anos, cabeça rapada")),
    Person("P5", PersonRole.REPORTER, name=d("Rui Nunes")),
)  # fmt: skip


def full_case(record: CaseRecord) -> CaseRecord:
    """An anti-Muslim assault on a mother and her son, worked through every step for the mother;
    the son declined a referral, and his rights and assessment are still to do (the summary
    lists them)."""
    occurred = AT - timedelta(hours=3)
    referral_consent = Consent(
        "C1", "P1", SERVICE.name, ConsentPurpose.REFERRAL, True, ConsentMethod.SIGNED, AT,
        "agente", ("identity", "contact"), False, "consent-2026.1", "ar", True,
    )  # fmt: skip
    contact_consent = replace(
        referral_consent, key="C2", recipient=ORGANISATION, method=ConsentMethod.ORAL,
        purpose=ConsentPurpose.CIVIL_SOCIETY_CONTACT, data_scope=("incident",),
    )  # fmt: skip
    # Stored in English: the recipient of a refused referral, the basis of a communication.
    refusal = replace(
        referral_consent, key="C3", person_key="P2", recipient=ANY_SERVICE, granted=False,
        method=ConsentMethod.ORAL, data_scope=(), withdrawal_explained=False,
    )  # fmt: skip
    return replace(
        record,
        reported_at=occurred + timedelta(minutes=10),
        attended_at=occurred + timedelta(minutes=30),
        immediate_danger=False,
        injuries=True,
        injuries_note=d("Arranhão no braço"),
        medical_help=False,
        response_delayed=True,
        delay_plan=d("Patrulha chegou em 40 minutos"),
        occurred_at=occurred,
        place=d("Rua do Benformoso 12"),
        district=d("Mouraria"),
        place_type="street",
        narrative=d("Um homem gritou sobre o lenço dela e empurrou o filho."),
        reporter_type=ReporterType.VICTIM,
        offence_types=("assault", "threats"),
        verbatim_words=d("Volta para a tua terra!"),
        evidence_notes=d("Câmara da farmácia da esquina."),
        indicators=(
            IndicatorObservation("comments_gestures", d("Insultos antes da agressão")),
            IndicatorObservation("lack_of_other_motive", ""),
        ),
        perceptions=(
            Perception(PerceptionSource.VICTIM, d("Por causa do meu lenço."), "P1"),
            Perception(PerceptionSource.OTHER, d("Um vizinho ouviu os insultos."), None),
        ),
        officer_assessment=d("Palavras e o lenço apontam para um motivo antimuçulmano."),
        motives=("anti_muslim", "unknown"),  # "unknown" with another: the page warns
        classification="hate_crime",
        community_impact=d("Tensão no bairro"),
        persons=PEOPLE,
        rights=(RightsInformation("P1", AT, "agente", "ar", "eu-2026.1", True, d("NUIPC 1/26")),),
        assessments=(
            NeedsAssessment(
                "P1", AT, "agente", factors=("bias_motive", "severe_violence"),
                protection_needs=True, needs=("emotional", "legal"), measures=("accompaniment",),
                risk_suggested=RiskLevel.MEDIUM, risk_level=RiskLevel.HIGH,
                risk_override_reason=d("Ameaçou voltar"),
                victim_wishes=d("Quer ser contactada pela irmã"),
            ),
        ),
        consents=(referral_consent, contact_consent, refusal),
        referrals=(
            Referral(
                "R1", "P1", SERVICE.name, SERVICE.kind, AT, "agente", consent_key="C1",
                service_code=SERVICE.code, needs=("emotional",), urgency=Urgency.SAME_DAY,
            ),
        ),
        coordination=(
            CoordinationEvent(
                CoordinationKind.PROSECUTOR, d("Procuradoria de Lisboa"), AT, "agente",
                basis=STATUTORY, reference_number=d("NUIPC 1/26"),
            ),
            CoordinationEvent(
                CoordinationKind.COMPETENT_FORCE, d("Divisão de Investigação Criminal"), AT,
                "agente", basis=STATUTORY,
            ),
            CoordinationEvent(
                CoordinationKind.CIVIL_SOCIETY, ORGANISATION, AT, "agente",
                content=d("Factos anonimizados"), basis=VICTIM_CONSENT, consent_key="C2",
            ),
            CoordinationEvent(
                CoordinationKind.OTHER, d("Junta de Freguesia"), AT, "agente",
                basis=ANONYMISED,
            ),
        ),
    )  # fmt: skip


@dataclass(frozen=True)
class Station:
    services: Services
    admin: Actor
    officer: Actor
    case_id: int


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    """A station of its own: its administrator and an officer, two support services, and the
    officer's draft, filled in, with a photo."""
    services = make_services(tmp_path_factory.mktemp("screens") / "screens.db")
    for pack_id in services.backend.packs:  # shown as the id it is, beside the pack's name
        d(pack_id)
    admin = services.accounts.set_up(
        station_code=STATION_CODE, station_name=STATION_NAME, username=d("chefe"),
        full_name=d("Helena Vaz"), password=PASSWORD,
    )  # fmt: skip
    services.accounts.add_user(
        admin, username=d("agente"), full_name=d("Ana Ribeiro"), role=Role.OFFICER,
        password=PASSWORD, station_code=STATION_CODE,
    )  # fmt: skip
    officer = services.accounts.authenticate("agente", PASSWORD)
    for entry in (SERVICE, SHELTER):
        services.directory.save(admin, entry)
    opened = services.cases.create_draft(officer)
    d(opened.record.reference)
    record = full_case(opened.record)
    opened = services.cases.save_draft(officer, opened.id, opened.version, record, "summary")
    services.cases.add_attachment(
        officer, opened.id, opened.version, filename=d("parede.png"),
        media_type=d("image/png"), content=PNG, description=d("Grafite na parede"),
    )  # fmt: skip
    yield Station(services, admin, officer, opened.id)
    COUNTING.waitForDone()  # no count may run on a closed database
    services.close()


@pytest.fixture
def screen_language(request: pytest.FixtureRequest, qapp: object) -> Iterator[str]:
    """The language as the program sets it (with Qt's own catalog and the default locale);
    English again afterwards."""
    language: str = request.param
    before = QLocale()
    apply_screen_language(language)
    yield language
    apply_screen_language("en")
    QLocale.setDefault(before)


# ---------------------------------------------------------------------- English source texts


def without_shortcut(text: str) -> str:
    return re.sub(r"&(.)", r"\1", text, flags=re.DOTALL)


@dataclass(frozen=True)
class Sources:
    """What the catalogs say about a text shown in one language."""

    english: frozenset[str]  # English texts the language translates differently
    english_patterns: re.Pattern[str] | None  # the same, for texts with placeholders
    translations: frozenset[str]  # the language's own texts

    def is_english(self, text: str) -> bool:
        """Whether `text` is an English text, whole or in its parts (but a translation is not,
        although it may look like one: "Note:" is Italian for "Notes:", "No:" Latvian for
        "From:")."""
        bare = PADDING.sub("", text)
        if text in self.translations or bare in self.translations:
            return False
        patterns = self.english_patterns
        return any(
            part in self.english or (patterns is not None and patterns.fullmatch(part))
            for part in {text, bare, *pieces(bare)}
        )


@cache
def sources(language: str) -> Sources:
    with (TRANSLATIONS / "app.pot").open("rb") as f:
        template = read_po(f)
    catalog = None
    if language != PSEUDO_LANGUAGE:
        with (TRANSLATIONS / language / "LC_MESSAGES" / "app.po").open("rb") as f:
            catalog = read_po(f, locale=language)
    english: set[str] = set()
    patterns: list[str] = []
    translations: set[str] = set()
    for message in template:
        if not message.id:
            continue
        same: set[str] = set()
        found = catalog.get(message.id) if catalog is not None else None
        if found is not None:
            strings = found.string if isinstance(found.string, tuple) else (found.string,)
            same = {without_shortcut(s) for s in strings if s}
            translations |= {s for s in same if not PLACEHOLDER.search(s)}
        for form in message.id if isinstance(message.id, tuple) else (message.id,):
            text = without_shortcut(form)
            if text in same:
                continue  # the same words in this language (e.g. "OK")
            if not PLACEHOLDER.search(text):
                english.add(text)
            elif ENGLISH_WORD.search(PLACEHOLDER.sub("", text)):
                patterns.append(".+?".join(re.escape(part) for part in PLACEHOLDER.split(text)))
    combined = re.compile("|".join(f"(?:{p})" for p in patterns), re.DOTALL) if patterns else None
    return Sources(frozenset(english), combined, frozenset(translations - english))


# ---------------------------------------------------------------------- the texts of a window

Found = tuple[str, str]  # where (the widget's class, name and what of it), the text


def name_of(widget: QWidget | QAction, detail: str = "") -> str:
    name = type(widget).__name__
    if widget.objectName():
        name += f"#{widget.objectName()}"
    if detail:
        name += f" {detail}"
    if isinstance(widget, QWidget) and not widget.isVisibleTo(widget.window()):
        name += " (hidden)"
    return name


class _HtmlText(HTMLParser):
    """The text pieces of an HTML document as the reader sees them (no style sheet)."""

    SKIPPED = ("style", "head", "title")

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in self.SKIPPED

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in self.SKIPPED

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.pieces.append(data.strip())


def html_pieces(html: str) -> list[str]:
    parser = _HtmlText()
    parser.feed(html)
    return parser.pieces


def plain(label: QLabel) -> str:
    """A label's text as shown: rich text without its tags."""
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    return " ".join(html_pieces(text)) if rich else text


def model_texts(view: QAbstractItemView) -> Iterator[Found]:
    """Header and cells, with their tooltips (a combo box's list: its items, below)."""
    model = view.model()
    parent = view.parentWidget()
    if model is None or (parent is not None and parent.inherits("QComboBoxPrivateContainer")):
        return
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    top = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
    for column in range(columns):
        for role in roles:
            value = model.headerData(column, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                yield name_of(view, f"header {column}"), value
    for row in range(model.rowCount(top)):
        for column in range(columns):
            for role in roles:
                value = model.data(model.index(row, column), role)
                if isinstance(value, str):
                    yield name_of(view, f"row {row} column {column}"), value


def widget_texts(widget: QWidget) -> Iterator[Found]:
    if widget.isWindow() or widget.inherits("QToolBar"):
        yield name_of(widget, "title"), widget.windowTitle()
    yield name_of(widget, "tooltip"), widget.toolTip()
    yield name_of(widget, "accessible name"), widget.accessibleName()
    yield name_of(widget, "accessible description"), widget.accessibleDescription()
    if isinstance(widget, QLabel):
        yield name_of(widget), plain(widget)
    if isinstance(widget, QAbstractButton):
        yield name_of(widget), widget.text()
    if isinstance(widget, QGroupBox):
        yield name_of(widget, "title"), widget.title()
    if isinstance(widget, QMenu):
        yield name_of(widget, "title"), widget.title()
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        yield name_of(widget, "placeholder"), widget.placeholderText()
    if isinstance(widget, QTextEdit) and widget.isReadOnly():
        yield from ((name_of(widget, "text"), p) for p in html_pieces(widget.toHtml()))
    if isinstance(widget, QPlainTextEdit) and widget.isReadOnly():
        yield name_of(widget, "text"), widget.toPlainText()
    if isinstance(widget, QAbstractSpinBox):
        yield name_of(widget, "special value"), widget.specialValueText()
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield name_of(widget, f"item {index}"), widget.itemText(index)
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            yield name_of(widget, f"tab {index}"), widget.tabText(index)
            yield name_of(widget, f"tab {index} tooltip"), widget.tabToolTip(index)
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
        yield from model_texts(widget)
    if isinstance(widget, QStatusBar):
        yield name_of(widget, "message"), widget.currentMessage()
    if isinstance(widget, QMessageBox):
        yield name_of(widget, "text"), widget.text()
        yield name_of(widget, "informative text"), widget.informativeText()
    if isinstance(widget, QWizard):
        for page in (widget.page(i) for i in widget.pageIds()):
            yield name_of(page, "title"), page.title()
            yield name_of(page, "subtitle"), page.subTitle()


def texts_of(root: QWidget) -> Iterator[Found]:
    """Every text of a window and of everything in it. Hidden parts too: they show in another
    state of the same screen (another answer, another page of the wizard)."""
    for widget in [root, *root.findChildren(QWidget)]:
        for where, text in widget_texts(widget):
            if text.strip():
                yield where, text
    for action in root.findChildren(QAction):
        for where, text in (
            (name_of(action), action.text()),
            (name_of(action, "tooltip"), action.toolTip()),
            (name_of(action, "status tip"), action.statusTip()),
        ):
            if text.strip():
                yield where, text


# ---------------------------------------------------------------------- the checks


def pieces(text: str) -> list[str]:
    return [piece for piece in PIECES.split(text) if piece]


@cache
def screen_language_names() -> frozenset[str]:
    """What the language menu calls each screen language: its own name, in itself."""
    return frozenset(
        name.casefold()
        for code in SCREEN_LANGUAGES
        for name in (SCREEN_LANGUAGES[code], Locale.parse(code).get_display_name(code) or "")
        if name
    )


# A file size in Babel's units ("29 byte", "2 kB", "3.3 MB"), as app.i18n.format_size writes it.
FILE_SIZE = re.compile(r"\b[\d.,]+\s(?:byte|kB|MB)\b")
# A month of a year in Babel's English ("Mar 2026"), as the statistics name their months.
MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


def not_through_gettext(text: str) -> list[str]:
    """The English words of `text` outside its pseudo marks, but for case data, identifiers,
    and language names, file sizes and months (Babel's data, in English for the pseudo-language)."""
    rest = MONTH.sub(" ", FILE_SIZE.sub(" ", text))
    while MARKED.search(rest):
        rest = MARKED.sub(" ", rest)
    # Language codes first: a language's name may hold an abbreviation, "... (HSL) (hps)".
    for code in sorted(set(LANGUAGE_CODE.findall(rest)), key=str.isupper):
        if code.isupper():  # a country's name from Babel, as "Portugal (PT)"
            rest = rest.replace(labels.country_name(code), " ")
        rest = rest.replace(labels.language_name(code), " ")
    if rest.strip().casefold() in screen_language_names():
        return []
    return [
        token
        for token in TOKEN.findall(rest)
        if ENGLISH_WORD.fullmatch(token) and token not in DATA_WORDS
    ]


def problems_in(language: str, screen: str, found: Iterable[Found]) -> list[str]:
    catalog = sources(language)
    problems: list[str] = []
    for where, text in found:
        if catalog.is_english(without_shortcut(text).strip()):
            problems.append(f"{screen}: {where}: English {text!r}")
        elif language == PSEUDO_LANGUAGE and not_through_gettext(text):
            problems.append(f"{screen}: {where}: not through gettext {text!r}")
    return problems


# ---------------------------------------------------------------------- the screens

Screens = list[tuple[str, QWidget]]


def build_screens(
    qtbot: QtBot, station: Station, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> Screens:
    services, officer, admin = station.services, station.officer, station.admin
    screens: Screens = []

    def keep(screen: str, widget: QWidget) -> None:
        if widget.parent() is None:
            qtbot.addWidget(widget)
        screens.append((screen, widget))

    def ask(kind: str) -> Callable[..., object]:
        """A blocking message box is kept as a window of its own, and answered No."""

        def asked(_parent: QWidget, title: str, text: str, *_a: object, **_k: object) -> object:
            keep(f"message box ({kind})", QMessageBox(QMessageBox.Icon.NoIcon, title, text))
            return QMessageBox.StandardButton.No

        return asked

    for kind in ("question", "information", "warning", "critical", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(ask(kind)))

    login = LoginDialog()
    login.set_demo(True)
    login.set_station(STATION_NAME)
    keep("sign-in", login)
    keep("first start", FirstStartDialog(services))
    keep("recovery sheet", RecoverySheetDialog(services, officer))

    window = MainWindow(services, officer, demo=True)
    keep("main window", window)
    window.show_about()
    resume = window.offer_resume()
    assert resume is not None, "the officer's draft is offered to continue"
    keep("resume question", resume)
    cases = services.cases.list_cases(officer, CaseQuery(), 10)
    case = next(c for c in cases if c.id == station.case_id)
    keep("continue question", window.case_list.ask_continue(case))
    keep("reason dialog", window.case_list.ask_reason(case))

    opened = services.cases.open_case(officer, station.case_id, READ_FOR)
    record = replace(
        opened.record,
        reviews=(Review(ReviewDecision.RETURN, "chefe", AT, d("Falta a testemunha.")),),
        follow_ups=(FollowUp(date(2026, 4, 1), d("Ligar à vítima"), AT, "agente"),),
    )
    pack = services.backend.pack(record.protocol_pack)
    view = CaseViewDialog(record, pack, user_names=opened.user_names, demo=True)
    keep("case view", view)
    timeline = services.cases.timeline(officer, station.case_id, READ_FOR)
    keep("case timeline", TimelineDialog(timeline, demo=True))

    directory = DirectoryDialog(services, admin, demo=True)
    keep("support services (administrator)", directory)
    directory.table.selectRow(0)
    bad_file = folder / "services.csv"
    bad_row = ["x y", "", "no-such-kind"] + [""] * (len(CSV_HEADER) - 3)
    bad_file.write_text(",".join(CSV_HEADER) + "\n" + ",".join(bad_row) + "\n", encoding="utf-8")
    directory.import_file(bad_file)
    assert directory.problems is not None, "a refused import lists its problems"
    keep("import refused", directory.problems)
    keep("support services (officer)", DirectoryDialog(services, officer))
    statistics = StatisticsView(services, admin, demo=True)
    statistics.show_figures()
    statistics.wait()
    keep("statistics", statistics)
    stations = StationsDialog(services, admin, demo=True)  # its station lacks contacts: flagged
    keep("stations", stations)
    stations.new_station()
    stations.form.email.setText(d("x"))
    stations.save()  # refused: each problem under its field
    printing = PrintDialog(services, officer, record)
    qtbot.addWidget(printing)
    printing.reason.setEditText(d("x"))
    assert printing.show_printout() is None
    assert printing.contacts_warning is not None, "the station has no contacts: asked first"
    keep("no station contacts", printing.contacts_warning)

    wizard = CaseWizard(services, officer, opened, demo=True)
    keep("wizard", wizard)
    incident = next(p for p in wizard.pages if isinstance(p, IncidentPage))
    incident.people.selectRow(0)
    incident.remove_selected()  # the victim is named elsewhere in the case: refused, saying why
    identification = next(p for p in wizard.pages if isinstance(p, IdentificationPage))
    identification.perceptions.selectRow(0)
    identification.remove_selected()
    evidence = next(p for p in wizard.pages if isinstance(p, EvidencePage))
    evidence.files.selectRow(0)
    evidence.remove_selected()
    for person in (PEOPLE[1], PEOPLE[3]):
        keep(f"person dialog ({person.role})", PersonDialog(person))
    keep("perception dialog", PerceptionDialog(record.perceptions[0], record.persons))
    consent = ConsentDialog(
        None,
        person=PEOPLE[0].name,
        recipient=ORGANISATION,
        purpose=ConsentPurpose.CIVIL_SOCIETY_CONTACT,
        language="ar",
    )
    consent.accept()  # nothing answered yet: it says what is missing
    keep("consent dialog", consent)
    return screens


@pytest.mark.parametrize("screen_language", LANGUAGES, indirect=True)
def test_every_screen_is_in_the_screen_language(
    qtbot: QtBot,
    station: Station,
    screen_language: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    screens = build_screens(qtbot, station, monkeypatch, tmp_path)
    problems: list[str] = []
    seen: set[Found] = set()
    for screen, root in screens:
        found = [f for f in texts_of(root) if f not in seen]
        seen.update(found)
        problems += problems_in(screen_language, screen, found)
    for _screen, root in screens:
        if isinstance(root, QDialog) and root.isVisible():
            root.done(0)
    assert problems == [], f"{len(problems)} texts not in {screen_language}:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("screen_language", [PSEUDO_LANGUAGE], indirect=True)
def test_qt_own_buttons_are_in_the_pseudo_language(qtbot: QtBot, screen_language: str) -> None:
    """Qt's own texts (standard buttons, the calendar, context menus) lengthen too, so that a
    layout test sees them as long as a real translation makes them."""
    standard = QDialogButtonBox.StandardButton
    buttons = QDialogButtonBox(standard.Ok | standard.Cancel | standard.Close | standard.Yes)
    qtbot.addWidget(buttons)
    texts = [button.text() for button in buttons.buttons()]
    assert all(text.startswith(START) and text.endswith(END) for text in texts), texts
