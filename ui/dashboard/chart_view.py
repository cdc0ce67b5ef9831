"""One dashboard chart: its picture (drawn off the UI thread), clickable bars, and a list of its groups for the
keyboard (Enter on a row does what a click on its bar does)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.dashboard.reading import ChartImage, Hit

LABEL_ROLE = Qt.ItemDataRole.UserRole


class ChartPicture(QWidget):
    """Shows a chart image; a click on a bar (or anywhere in its row or column) emits the bar's label."""

    clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._hits: tuple[Hit, ...] = ()
        self._tips: dict[str, str] = {}
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_image(self, chart: ChartImage, ratio: float, tips: dict[str, str]) -> None:
        image = QImage(chart.rgba, chart.width, chart.height, QImage.Format.Format_RGBA8888).copy()
        image.setDevicePixelRatio(ratio)
        self._image, self._hits, self._tips = image, chart.hits, tips
        self.setFixedSize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:
        return self._image.deviceIndependentSize().toSize() if not self._image.isNull() else QSize(400, 120)

    def bar_centre(self, label: str) -> QPoint | None:
        """Where ``label``'s bar is drawn, in this widget's coordinates (for tests and tooltips)."""
        hit = next((h for h in self._hits if h.label == label), None)
        return self._rect(hit.bar).center().toPoint() if hit else None

    def hit_at(self, point: QPointF) -> str | None:
        return next((h.label for h in self._hits if self._rect(h.region).contains(point)), None)

    def _rect(self, box: tuple[float, float, float, float]) -> QRectF:
        ratio = self._image.devicePixelRatio() or 1.0
        return QRectF(*(value / ratio for value in box))

    def paintEvent(self, _event: object) -> None:
        if not self._image.isNull():
            QPainter(self).drawImage(0, 0, self._image)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        label = self.hit_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if label else Qt.CursorShape.ArrowCursor)
        if label:
            tip = f"{self._tips.get(label, label)} — click for the deals"
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        label = self.hit_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if label:
            self.clicked.emit(label)
        else:
            super().mousePressEvent(event)


class ChartView(QWidget):
    """A chart and, beside it, its groups as a list: click a bar, or press Enter on a row, to see its deals; under
    them, what the chart leaves out (how many deals and why) and which months are partial."""

    chosen = Signal(str, str)
    """(chart key, bar label)."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.title = title
        self.setObjectName(f"chart_{key}")
        self.picture = ChartPicture()
        self.picture.setObjectName(f"chartPicture_{key}")
        self.picture.setAccessibleName(title)
        self.picture.setToolTip(f"{title}: click a bar to list its deals")
        self.groups = QTreeWidget()
        self.groups.setObjectName(f"chartGroups_{key}")
        self.groups.setAccessibleName(f"{title}: groups")
        self.groups.setAccessibleDescription("Enter or double-click on a row lists the deals behind its bar")
        self.groups.setToolTip("Enter or double-click lists the deals behind the row's bar")
        self.groups.setHeaderLabels(["Group", "Figure"])
        self.groups.setRootIsDecorated(False)
        self.groups.setAlternatingRowColors(True)
        self.groups.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.groups.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.groups.header().setStretchLastSection(True)
        self.groups.setMinimumWidth(260)
        self.note = QLabel()
        self.note.setObjectName(f"chartNote_{key}")
        self.note.setAccessibleName(f"{title}: not shown")
        self.note.setWordWrap(True)
        self.note.hide()
        row = QHBoxLayout()
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.groups, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.picture.clicked.connect(lambda label: self.chosen.emit(self.key, label))
        self.groups.itemActivated.connect(lambda item, _column: self.chosen.emit(self.key, item.data(0, LABEL_ROLE)))

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """(label, shown label, figure text) per group, in the chart's order."""
        self.groups.clear()
        for label, shown, text in rows:
            item = QTreeWidgetItem([shown, text])
            item.setData(0, LABEL_ROLE, label)
            item.setToolTip(0, f"{shown}: {text}")
            item.setToolTip(1, f"{shown}: {text}")
            self.groups.addTopLevelItem(item)

    def set_note(self, text: str) -> None:
        """What the chart does not show, in words (hidden when it shows every deal of the period)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def set_image(self, chart: ChartImage, ratio: float) -> None:
        tips = {}
        for row in range(self.groups.topLevelItemCount()):
            item = self.groups.topLevelItem(row)
            tips[item.data(0, LABEL_ROLE)] = f"{item.text(0)}: {item.text(1)}"
        self.picture.set_image(chart, ratio, tips)
        self.groups.setFixedHeight(max(self.picture.height(), 120))
