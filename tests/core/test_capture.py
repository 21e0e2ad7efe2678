"""Frame sources: the camera, a video file and a folder of images behind one interface."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from core.capture import (
    CameraSource,
    CaptureError,
    EndOfSource,
    ImageFolderSource,
    VideoFileSource,
    open_source,
    platform_backends,
)
from core.errors import AfterSchoolError

FRAMES, FPS, BITS = 64, 30.0, 8


class FakeTime:
    """A monotonic clock that only moves when slept on or advanced by the test."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def stamped(i: int) -> np.ndarray:
    """A frame showing ``i`` in binary as 8 white or black bars, legible after compression."""
    frame = np.zeros((240, 320, 3), np.uint8)
    for bit in range(BITS):
        if i >> bit & 1:
            frame[:, bit * 40 : (bit + 1) * 40] = 255
    return frame


def index_of(frame: np.ndarray) -> int:
    return sum(
        1 << bit
        for bit in range(BITS)
        if frame[20:220, bit * 40 + 8 : (bit + 1) * 40 - 8].mean() > 128
    )


def write_video(path: Path, frames: int = FRAMES, fps: float = FPS) -> Path:
    """Frame i shows its own index."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (320, 240))
    assert writer.isOpened()
    for i in range(frames):
        writer.write(stamped(i))
    writer.release()
    return path


def write_image(path: Path, value: int) -> None:
    ok, data = cv2.imencode(path.suffix, np.full((60, 80, 3), value, np.uint8))
    assert ok
    data.tofile(path)  # np.tofile, like np.fromfile, takes any Unicode path


@pytest.fixture
def video(tmp_path: Path) -> Path:
    return write_video(tmp_path / "gate.mp4")


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def paced_video(path: Path, t: FakeTime, loop: bool = False) -> VideoFileSource:
    source = VideoFileSource(path, loop=loop, clock=t.clock, sleep=t.sleep)
    source.open()
    return source


def test_device_indexes_become_camera_sources_without_opening_them():
    for spec, index in ((0, 0), ("1", 1), (" 2 ", 2)):
        source = open_source(spec)
        assert isinstance(source, CameraSource)
        assert source.index == index
        assert source.live
        assert source.description == f"camera {index}"


def test_paths_become_folder_image_or_video_sources(tmp_path, video):
    folder = tmp_path / "cards"
    folder.mkdir()
    write_image(folder / "a.png", 10)
    assert isinstance(open_source(str(folder)), ImageFolderSource)
    assert isinstance(open_source(folder / "a.png"), ImageFolderSource)
    source = open_source(str(video))
    assert isinstance(source, VideoFileSource)
    assert not source.live


@pytest.mark.parametrize("spec", ["nothing.mp4", "", "  "])
def test_a_missing_or_blank_path_is_not_found(tmp_path, monkeypatch, spec):
    monkeypatch.chdir(tmp_path)  # "" must not become the current folder
    write_image(tmp_path / "a.png", 1)
    with pytest.raises(CaptureError) as caught:
        open_source(spec)
    assert caught.value.code == "not_found"
    assert isinstance(caught.value, AfterSchoolError)


def test_video_plays_every_frame_in_real_time_for_a_fast_reader(video, fake_time):
    source = paced_video(video, fake_time)
    assert source.fps == pytest.approx(FPS)
    assert source.frame_size == (320, 240)
    indexes = [index_of(source.read()) for _ in range(FRAMES)]
    assert indexes == list(range(FRAMES))
    assert sum(fake_time.slept) == pytest.approx((FRAMES - 1) / FPS)
    with pytest.raises(EndOfSource):
        source.read()
    source.close()


def test_video_skips_frames_a_slow_reader_missed(video, fake_time):
    source = paced_video(video, fake_time)
    indexes = []
    for _ in range(10):
        frame = source.read()
        indexes.append(index_of(frame))
        assert source.frame_index == indexes[-1]
        fake_time.now += 0.1  # the reader needs 3 frame times per frame
    assert indexes == [0, 3, 6, 9, 12, 15, 18, 21, 24, 27]
    assert fake_time.slept == []


def test_video_loops_when_asked(video, fake_time):
    source = paced_video(video, fake_time, loop=True)
    indexes = [index_of(source.read()) for _ in range(FRAMES + 10)]
    assert indexes == list(range(FRAMES)) + list(range(10))
    # The timeline goes on across the loop: no burst, no pause.
    assert sum(fake_time.slept) == pytest.approx((FRAMES + 9) / FPS)


def test_a_file_that_is_no_video_cannot_be_opened(tmp_path):
    bad = tmp_path / "notes.mp4"
    bad.write_bytes(b"this is not a video" * 10)
    with pytest.raises(CaptureError) as caught:
        VideoFileSource(bad).open()
    assert caught.value.code == "cannot_open"


def test_folder_images_come_in_name_order_each_held_then_end(tmp_path, fake_time):
    for name, value in (("b.png", 20), ("A.jpg", 10), ("c.bmp", 30)):
        write_image(tmp_path / name, value)
    (tmp_path / "readme.txt").write_text("not an image")
    source = ImageFolderSource(
        tmp_path, hold_s=0.3, fps=10, clock=fake_time.clock, sleep=fake_time.sleep
    )
    source.open()
    values = [round(float(source.read().mean()) / 10) * 10 for _ in range(9)]
    assert values == [10, 10, 10, 20, 20, 20, 30, 30, 30]
    assert fake_time.slept == pytest.approx([0.1] * 8)
    with pytest.raises(EndOfSource):
        source.read()


def test_folder_skips_unreadable_files_and_reads_chinese_names(tmp_path, fake_time):
    write_image(tmp_path / "1 张伟的接送卡.png", 50)
    (tmp_path / "2 损坏.png").write_bytes(b"\x89PNG broken")
    (tmp_path / "3 empty.jpg").write_bytes(b"")
    write_image(tmp_path / "4 李芳.jpg", 100)
    source = ImageFolderSource(tmp_path, hold_s=0.1, clock=fake_time.clock, sleep=fake_time.sleep)
    source.open()
    first = source.read()
    assert source.current is not None and source.current.name == "1 张伟的接送卡.png"
    second = source.read()
    assert source.current.name == "4 李芳.jpg"
    assert (round(float(first.mean())), round(float(second.mean()))) == (50, 100)
    assert [p.name for p in source.skipped] == ["2 损坏.png", "3 empty.jpg"]
    with pytest.raises(EndOfSource):
        source.read()


def test_each_folder_frame_is_the_callers_own(tmp_path, fake_time):
    write_image(tmp_path / "a.png", 40)
    source = ImageFolderSource(tmp_path, clock=fake_time.clock, sleep=fake_time.sleep)
    source.open()
    first = source.read()
    first[:] = 0
    assert round(float(source.read().mean())) == 40


def test_an_empty_folder_cannot_be_a_source(tmp_path):
    (tmp_path / "readme.txt").write_text("no images here")
    with pytest.raises(CaptureError) as caught:
        open_source(str(tmp_path)).open()
    assert caught.value.code == "empty_folder"


class FakeCapture:
    """Stands in for cv2.VideoCapture: opens only with the backends listed in ``working``."""

    def __init__(self, index: int, backend: int, working: set[int], log: list) -> None:
        self.backend, self.opened, self.log = backend, backend in working, log
        self.props: dict[int, float] = {}
        self.frames = [np.zeros((720, 1280, 3), np.uint8)]
        log.append(("open", index, backend))

    def isOpened(self) -> bool:
        return self.opened

    def read(self):
        return (True, self.frames.pop()) if self.frames else (False, None)

    def set(self, prop: int, value: float) -> bool:
        self.props[prop] = value
        return True

    def get(self, prop: int) -> float:
        # The driver gives 640x480, whatever was asked.
        return {cv2.CAP_PROP_FRAME_WIDTH: 640.0, cv2.CAP_PROP_FRAME_HEIGHT: 480.0}.get(prop, 0.0)

    def release(self) -> None:
        self.log.append(("release", self.backend))


def test_camera_falls_back_to_the_next_backend_and_asks_for_720p_mjpg_newest_frame():
    log: list = []
    made: list[FakeCapture] = []

    def factory(index: int, backend: int) -> FakeCapture:
        made.append(FakeCapture(index, backend, {cv2.CAP_MSMF}, log))
        return made[-1]

    camera = CameraSource(1, backends=platform_backends("win32"), capture_factory=factory)
    camera.open()
    assert log == [
        ("open", 1, cv2.CAP_DSHOW),
        ("release", cv2.CAP_DSHOW),
        ("open", 1, cv2.CAP_MSMF),
    ]
    props = made[-1].props
    assert props[cv2.CAP_PROP_FOURCC] == cv2.VideoWriter.fourcc(*"MJPG")
    assert (props[cv2.CAP_PROP_FRAME_WIDTH], props[cv2.CAP_PROP_FRAME_HEIGHT]) == (1280, 720)
    assert props[cv2.CAP_PROP_BUFFERSIZE] == 1
    assert camera.frame_size == (640, 480)
    assert camera.backend == cv2.CAP_MSMF
    assert camera.read().shape == (720, 1280, 3)
    assert camera.read() is None  # the device stopped giving frames: no exception
    camera.close()
    camera.close()
    assert log[-1] == ("release", cv2.CAP_MSMF)
    assert log.count(("release", cv2.CAP_MSMF)) == 1


def test_a_camera_no_backend_can_open_is_no_camera():
    log: list = []
    camera = CameraSource(
        3,
        backends=[cv2.CAP_DSHOW, cv2.CAP_MSMF],
        capture_factory=lambda i, b: FakeCapture(i, b, set(), log),
    )
    with pytest.raises(CaptureError) as caught:
        camera.open()
    assert caught.value.code == "no_camera"
    assert camera.read() is None


def test_each_platform_has_its_camera_backend():
    assert platform_backends("win32") == [cv2.CAP_DSHOW, cv2.CAP_MSMF]
    assert platform_backends("linux") == [cv2.CAP_V4L2]
    assert platform_backends("darwin") == [cv2.CAP_AVFOUNDATION]
    assert platform_backends("freebsd14") == [cv2.CAP_ANY]
