"""What the keyboard tests of the wizard's pages look at: mnemonics, labels, the Tab chain."""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTabWidget,
    QWidget,
)

MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str:
    match = MNEMONIC.search(text.replace("&&", ""))
    return match[1].upper() if match else ""


def visible_mnemonics(window: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every visible label with a buddy, button and tab of a window."""
    found: list[tuple[str, str]] = []
    for label in window.findChildren(QLabel):
        if label.isVisible() and mnemonic(label.text()):
            assert label.buddy() is not None, f"{label.text()!r} has a mnemonic but no buddy"
            found.append((mnemonic(label.text()), label.text()))
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and mnemonic(button.text()):
            found.append((mnemonic(button.text()), button.text()))
    for tabs in window.findChildren(QTabWidget):
        if tabs.isVisible():
            for i in range(tabs.count()):
                if mnemonic(tabs.tabText(i)):
                    found.append((mnemonic(tabs.tabText(i)), tabs.tabText(i)))
    return found


def assert_unique(found: list[tuple[str, str]]) -> None:
    seen: dict[str, str] = {}
    for letter, text in found:
        assert letter not in seen, f"{text!r} and {seen[letter]!r} share Alt+{letter}"
        seen[letter] = text


def fields(page: QWidget) -> list[QWidget]:
    """The inputs of a page (not the parts inside a combo box, spin box or table)."""
    kinds = (QLineEdit, QComboBox, QPlainTextEdit, QListWidget, QTableWidget, QDateTimeEdit)
    return [
        widget
        for widget in page.findChildren(QWidget)
        if isinstance(widget, kinds)
        and widget.isVisible()
        and not isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox))
    ]


def labelled(page: QWidget) -> set[QWidget]:
    buddies: set[QWidget] = set()
    for label in page.findChildren(QLabel):
        buddy = label.buddy()
        while buddy is not None:
            buddies.add(buddy)
            buddy = buddy.focusProxy()
    return buddies


def tab_chain(page: QWidget) -> list[QWidget]:
    """The page's widgets in Tab order, as the keyboard visits them. A container that hands its
    focus to a proxy (so that its label's Alt+letter works) is no stop of its own."""
    chain: list[QWidget] = []
    widget = page.nextInFocusChain()
    while widget is not page and widget not in chain:
        takes_tab = widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        inner = isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox, QTabWidget))
        if (
            page.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and takes_tab
            and not inner
            and widget.focusProxy() is None
            and not isinstance(widget, QScrollArea)
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def place(widget: QWidget, page: QWidget) -> QRect:
    return QRect(widget.mapTo(page, widget.rect().topLeft()), widget.size())
