"""This PC's gate settings (station, camera, auto-confirm, large type, sound) and their dialog."""

from __future__ import annotations

import platform
from dataclasses import dataclass, replace

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

MAX_AUTO_CONFIRM_S = 10


@dataclass(frozen=True)
class GateConfig:
    """A gate station's own settings: they belong to the PC, not to the school's database."""

    station: str = ""
    camera: str = "0"  # a device index, a video file or a folder of images
    auto_confirm_s: int = 0  # 0: the teacher confirms every release
    large_type: bool = False
    muted: bool = False

    @property
    def station_name(self) -> str:
        """The name written into every handoff: set by the school, else the computer's name."""
        return self.station.strip() or platform.node()[:40] or "gate"


class GateSettings:
    """A typed wrapper over QSettings for ``GateConfig``."""

    GROUP = "gate"

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings()

    def load(self) -> GateConfig:
        """The stored settings, defaults for anything missing or malformed."""
        s, d = self._settings, GateConfig()
        s.beginGroup(self.GROUP)
        try:
            return GateConfig(
                station=str(s.value("station", d.station)),
                camera=str(s.value("camera", d.camera)),
                auto_confirm_s=_int(s.value("auto_confirm_s", d.auto_confirm_s)),
                large_type=_bool(s.value("large_type", d.large_type)),
                muted=_bool(s.value("muted", d.muted)),
            )
        finally:
            s.endGroup()

    def save(self, config: GateConfig) -> None:
        """Store the settings for the next start."""
        s = self._settings
        s.beginGroup(self.GROUP)
        for name, value in config.__dict__.items():
            s.setValue(name, value)
        s.endGroup()
        s.sync()


def _int(value: object) -> int:
    try:
        return max(0, min(MAX_AUTO_CONFIRM_S, int(str(value))))
    except ValueError:
        return 0


def _bool(value: object) -> bool:
    return str(value).lower() in ("true", "1", "yes")


class GateSettingsDialog(QDialog):
    """Where the IT teacher names the station and picks the camera."""

    def __init__(self, config: GateConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gate station settings"))
        self._config = config
        self.station = QLineEdit(config.station)
        self.station.setMaxLength(40)
        self.station.setPlaceholderText(self.tr("e.g. East gate"))
        self.camera = QComboBox()
        self.camera.setEditable(True)
        for index in range(4):
            self.camera.addItem(self.tr("Camera {n}").format(n=index + 1), str(index))
        at = self.camera.findData(config.camera)
        if at >= 0:
            self.camera.setCurrentIndex(at)
        else:
            self.camera.setEditText(config.camera)
        browse = QPushButton(self.tr("Video file or folder…"))
        browse.clicked.connect(self._browse)
        camera_row = QHBoxLayout()
        camera_row.addWidget(self.camera, 1)
        camera_row.addWidget(browse)
        self.auto_confirm = QSpinBox()
        self.auto_confirm.setRange(0, MAX_AUTO_CONFIRM_S)
        self.auto_confirm.setSpecialValueText(self.tr("Off: the teacher confirms"))
        self.auto_confirm.setSuffix(self.tr(" s"))
        self.auto_confirm.setValue(config.auto_confirm_s)
        self.large_type = QCheckBox(self.tr("Large type (wall screen)"))
        self.large_type.setChecked(config.large_type)
        self.muted = QCheckBox(self.tr("Mute the sounds"))
        self.muted.setChecked(config.muted)
        form = QFormLayout()
        form.addRow(self.tr("Station name"), self.station)
        form.addRow(self.tr("Camera"), camera_row)
        form.addRow(self.tr("Confirm automatically after"), self.auto_confirm)
        form.addRow("", self.large_type)
        form.addRow("", self.muted)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def config(self) -> GateConfig:
        """The settings as edited."""
        data = self.camera.currentData()
        text = self.camera.currentText().strip()
        camera = (
            str(data)
            if data is not None and self.camera.itemText(self.camera.currentIndex()) == text
            else text
        )
        return replace(
            self._config,
            station=self.station.text().strip(),
            camera=camera or "0",
            auto_confirm_s=self.auto_confirm.value(),
            large_type=self.large_type.isChecked(),
            muted=self.muted.isChecked(),
        )

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Video file"), "", self.tr("Videos (*.mp4 *.avi *.mkv *.mov)")
        )
        if path:
            self.camera.setEditText(path)
