"""The details pane of the Deals area: the selected deal and the people who took part in it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from interviewer.records import ContactRow, DealDetail
from ui.format import OUTCOME_COLOURS, format_amount, format_date


class DealDetailPane(QWidget):
    """Shows one deal's facts and its contacts; shows a hint when nothing is selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(280)
        self.title = QLabel()
        self.title.setObjectName("dealTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.facts = QFormLayout()
        self.facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.contacts_label = QLabel("Contacts")
        self.contacts_label.setStyleSheet("font-weight: 600; margin-top: 8px;")
        self.contacts = QListWidget()
        self.contacts.setObjectName("dealContacts")
        self.contacts.setAccessibleName("Contacts of the selected deal")
        self.contacts.setWordWrap(True)
        self.contacts.setAlternatingRowColors(True)
        self.contacts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(self.facts)
        layout.addWidget(self.contacts_label)
        layout.addWidget(self.contacts, 1)
        layout.addStretch(0)
        self.show_detail(None)

    def show_detail(self, detail: DealDetail | None) -> None:
        """Fill the pane with ``detail``, or explain how to fill it."""
        while self.facts.rowCount():
            self.facts.removeRow(0)
        has_deal = detail is not None
        self.contacts_label.setVisible(has_deal)
        self.contacts.setVisible(has_deal)
        if detail is None:
            self.title.setText("No deal selected")
            self.subtitle.setText("Select a deal in the table to see its details and contacts.")
            self.contacts.clear()
            return
        row = detail.row
        self.title.setText(row.account)
        colour = OUTCOME_COLOURS[row.outcome]
        self.subtitle.setText(
            f'<span style="color:{colour}; font-weight:600">● {escape(row.outcome.label)}</span>'
            f" · {escape(format_amount(row.amount, row.currency) or 'no amount')}"
            f" · closed {escape(format_date(row.close_date) or 'on an unknown date')}"
        )
        facts = [
            ("Deal", detail.name),
            ("CRM id", f"{detail.external_id} ({detail.source_system})"),
            ("Stage", detail.raw_stage),
            ("Segment", row.segment),
            ("Industry", detail.industry),
            ("Region", detail.region),
            ("Employees", f"{detail.employee_count:,}" if detail.employee_count else None),
            ("Competitor", row.competitor),
            ("Rep's reason", row.rep_reason.label if row.rep_reason else None),
            ("Rep's note", detail.rep_note),
            ("Owner", detail.owner_rep),
            ("Product", detail.product),
            ("Lead source", detail.lead_source),
        ]
        for label, value in facts:
            if value:
                text = QLabel(value)
                text.setWordWrap(True)
                text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.facts.addRow(f"{label}:", text)
        self._show_contacts(detail.contacts)

    def _show_contacts(self, contacts: list[ContactRow]) -> None:
        self.contacts_label.setText(f"Contacts ({len(contacts)})" if contacts else "Contacts: none recorded")
        self.contacts.clear()
        for contact in contacts:
            item = QListWidgetItem(contact_text(contact))
            item.setData(Qt.ItemDataRole.UserRole, contact.id)
            if contact.is_primary:
                item.setToolTip("Primary contact of the deal")
            self.contacts.addItem(item)


def contact_text(contact: ContactRow) -> str:
    """Three short lines: name and flags, title and authority, how to reach them."""
    flags = (" ★ primary" if contact.is_primary else "") + (" · do not contact" if contact.do_not_contact else "")
    role = " · ".join(part for part in (contact.title, contact.authority.label) if part)
    reach = " · ".join(part for part in (contact.email, contact.phone) if part) or "no email or phone"
    return f"{contact.name}{flags}\n{role}\n{reach}"
