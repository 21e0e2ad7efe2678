"""scan-image on random, damaged and odd images: no crash, one line per bad file, codes found.

Random bytes behind every image format's magic number; real QR images damaged byte by byte;
headers declaring absurd sizes (decompression bombs); tiny images in every pixel mode Pillow
and Excel screenshots produce (1-bit, grey, palette, RGB, alpha, 16-bit, CMYK); folders, missing
paths, empty files and wrong extensions mixed with valid QR images on one command line.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zlib
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import qrcode
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from core.qr_decode import MAX_STILL_PIXELS, QrPipeline, ScanImageError, decode_image_file
from main import main
from tests.hostile import examples

ROOT = Path(__file__).resolve().parents[2]
PIPELINE = QrPipeline()
MAGIC = {
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff\xe0",
    ".gif": b"GIF89a",
    ".bmp": b"BM",
    ".webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    ".tiff": b"II*\x00",
}
# (Pillow mode, format) pairs a school's PCs and phones produce.
MODES = (
    ("1", ".png"),
    ("L", ".png"),
    ("P", ".png"),
    ("RGB", ".png"),
    ("RGBA", ".png"),
    ("LA", ".png"),
    ("I;16", ".png"),
    ("L", ".jpg"),
    ("RGB", ".jpg"),
    ("CMYK", ".jpg"),
    ("P", ".gif"),
    ("RGB", ".bmp"),
    ("RGBA", ".webp"),
    ("CMYK", ".tiff"),
    ("I;16", ".tiff"),
)


def encode(image: Image.Image, suffix: str) -> bytes:
    out = io.BytesIO()
    image.save(out, format={".jpg": "JPEG", ".tiff": "TIFF"}.get(suffix, suffix[1:].upper()))
    return out.getvalue()


@cache
def qr_file(text: str, mode: str, suffix: str) -> bytes:
    """A QR code of ``text`` in ``mode``; with alpha, drawn on a transparent background."""
    qr = qrcode.QRCode(box_size=4, border=4)
    qr.add_data(text)
    grey = qr.make_image().get_image().convert("L")
    if mode in ("RGBA", "LA"):
        dark = Image.new("L", grey.size, 0)
        image = Image.merge("LA", (dark, Image.eval(grey, lambda v: 255 - v))).convert(mode)
    elif mode == "I;16":
        image = Image.fromarray(np.asarray(grey).astype(np.uint16) * 257)
    else:
        image = grey.convert(mode)
    return encode(image, suffix)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int, depth: int, colour: int) -> bytes:
    """A valid PNG header declaring ``width`` x ``height`` pixels, with almost no data."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (
        MAGIC[".png"]
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def bmp_bomb(width: int, height: int) -> bytes:
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + 40 + 16, 0, 0, 54) + info + b"\x00" * 16


def gif_bomb(width: int, height: int) -> bytes:
    screen = struct.pack("<HHBBB", width, height, 0, 0, 0)
    image = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return b"GIF89a" + screen + image + b"\x02\x02\x44\x01\x00;"


def check_refusal(error: ScanImageError) -> None:
    """A refusal the command line can print as one sentence after the path."""
    assert error.code in ("not_an_image", "too_large", "not_found")
    text = str(error)
    assert text.endswith(".") and len(text.splitlines()) == 1 and "Traceback" not in text


def scan(path: Path) -> list[str] | ScanImageError:
    try:
        texts = decode_image_file(path, PIPELINE)
    except ScanImageError as error:
        check_refusal(error)
        return error
    assert all(isinstance(t, str) and t for t in texts)
    return texts


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-scan")


def put(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --- the decoder -------------------------------------------------------------------------------


@examples(0.6)
@given(
    st.sampled_from(sorted(MAGIC)),
    st.sampled_from([*MAGIC.values(), b""]),
    st.binary(max_size=2000),
)
def test_random_bytes_behind_any_image_header_are_refused_in_one_sentence(
    folder: Path, suffix: str, magic: bytes, body: bytes
) -> None:
    scan(put(folder, f"random{suffix}", magic + body))


@examples(0.6)
@given(
    st.sampled_from(MODES),
    st.lists(
        st.tuples(st.sampled_from(["flip", "cut", "insert"]), st.integers(0, 2**20), st.binary()),
        min_size=1,
        max_size=4,
    ),
)
def test_a_damaged_qr_image_is_read_or_refused_never_crashes(
    folder: Path, kind: tuple[str, str], edits: list[tuple[str, int, bytes]]
) -> None:
    data = bytearray(qr_file("AS1DAMAGED", *kind))
    for op, where, blob in edits:
        at = where % len(data)
        if op == "flip":
            data[at] ^= 1 << (where % 8)
        elif op == "cut":
            del data[at:]
        else:
            data[at:at] = blob
        if not data:
            break

    scan(put(folder, f"damaged{kind[1]}", bytes(data)))


@examples(0.4)
@given(
    st.sampled_from(["png", "bmp", "gif", "png16"]),
    st.integers(1, 2**31 - 1),
    st.integers(1, 2**31 - 1),
)
# Found by the deep profile: strips too long for zxing-cpp, or shrunk to zero pixels.
@example(kind="png", width=1, height=65536)
@example(kind="png", width=1, height=2560)
def test_a_header_declaring_a_huge_image_is_refused_before_decoding(
    folder: Path, kind: str, width: int, height: int
) -> None:
    if kind == "png":
        data, suffix = png_bomb(width, height, 8, 0), ".png"
    elif kind == "png16":
        data, suffix = png_bomb(width, height, 16, 6), ".png"
    elif kind == "bmp":
        data, suffix = bmp_bomb(width, height), ".bmp"
    else:
        width, height = width % 65536 or 1, height % 65536 or 1
        data, suffix = gif_bomb(width, height), ".gif"

    result = scan(put(folder, f"bomb{suffix}", data))

    if width * height > MAX_STILL_PIXELS:
        assert isinstance(result, ScanImageError) and result.code == "too_large", result


@examples(0.4)
@given(
    st.sampled_from(MODES),
    st.integers(1, 48),
    st.integers(1, 48),
    st.integers(0, 2**32 - 1),
)
def test_a_tiny_image_of_any_mode_decodes_to_nothing_without_error(
    folder: Path, kind: tuple[str, str], width: int, height: int, seed: int
) -> None:
    mode, suffix = kind
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 4), dtype=np.uint8)
    image = Image.fromarray(pixels, "RGBA")
    image = (
        image.convert(mode)
        if mode != "I;16"
        else Image.fromarray(pixels[:, :, 0].astype(np.uint16) * 257)
    )

    assert scan(put(folder, f"tiny{suffix}", encode(image, suffix))) == []


@pytest.mark.parametrize("size", [(1, 2561), (2561, 1), (1, 65536), (70000, 2)])
def test_a_strip_of_pixels_decodes_to_nothing_without_error(
    folder: Path, size: tuple[int, int]
) -> None:
    # zxing-cpp refuses sides over 65535 and shrinking a 1-pixel strip gave OpenCV 0 pixels.
    strip = Image.new("L", size, 255)

    assert scan(put(folder, "strip.png", encode(strip, ".png"))) == []


@examples(0.2)
@given(arrays(np.uint8, st.tuples(st.integers(1, 24), st.integers(1, 24), st.sampled_from([3, 4]))))
def test_any_pixels_in_a_png_decode_without_error(folder: Path, pixels: np.ndarray) -> None:
    image = Image.fromarray(pixels, "RGB" if pixels.shape[2] == 3 else "RGBA")

    assert isinstance(scan(put(folder, "pixels.png", encode(image, ".png"))), list)


# --- the command line --------------------------------------------------------------------------

BAD = ("junk", "truncated", "empty", "bomb", "folder", "missing", "text")


def make_bad(folder: Path, i: int, kind: str, junk: bytes) -> Path:
    """A file scan-image must refuse, whatever its name claims."""
    path = folder / f"{i}-{kind}.png"
    if kind == "folder":
        path.mkdir(exist_ok=True)
    elif kind == "missing":
        path.unlink(missing_ok=True)
    elif kind == "truncated":
        whole = qr_file(f"AS1CUT{i}", "RGB", ".jpg")
        path.write_bytes(whole[: len(whole) // 2])
    else:
        data = {"junk": MAGIC[".png"] + junk, "empty": b"", "bomb": png_bomb(60000, 60000, 8, 0)}
        path.write_bytes(data.get(kind, "学号,姓名\n".encode()))
    return path


@examples(0.1)
@given(
    st.lists(
        st.one_of(st.sampled_from(MODES), st.sampled_from(BAD)),
        min_size=1,
        max_size=6,
    ),
    st.binary(max_size=200),
    st.booleans(),
)
def test_scan_image_finds_every_valid_code_and_names_every_bad_file(
    capfd: pytest.CaptureFixture[str],
    tmp_path: Path,
    entries: list[tuple[str, str] | str],
    junk: bytes,
    misnamed: bool,
) -> None:
    folder = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    paths, found, refused = [], [], []
    for i, entry in enumerate(entries):
        if isinstance(entry, str):
            path = make_bad(folder, i, entry, junk)
            refused.append(path)
        else:
            text = f"AS1VALID{i}{entry[0]}"
            # A valid image under the wrong extension is still read: the content decides.
            path = put(folder, f"{i}{'.txt' if misnamed else entry[1]}", qr_file(text, *entry))
            found.append(f"{path}\t{text}")
        paths.append(path)
    capfd.readouterr()

    code = main(["scan-image", *map(str, paths)])

    out, err = capfd.readouterr()
    assert out.splitlines() == found
    lines = err.splitlines()  # fd-level: a codec writing to stderr itself would show here
    assert len(lines) == len(refused), err
    for line, path in zip(lines, refused, strict=True):
        assert line.startswith(f"error: {path}: ") and line.endswith("."), line
    assert code == (0 if found else 1)


def test_a_real_process_prints_one_line_per_bad_image(tmp_path: Path) -> None:
    bomb = put(tmp_path, "bomb.png", png_bomb(60000, 60000, 8, 0))
    whole = qr_file("AS1TRUNCATED", "L", ".png")
    cut = put(tmp_path, "cut.png", whole[: len(whole) // 2])  # libpng used to complain on fd 2
    card = put(tmp_path, "card.jpg", qr_file("AS1REAL", "CMYK", ".jpg"))

    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "scan-image",
            str(bomb),
            str(cut),
            str(tmp_path),
            str(card),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )

    assert done.returncode == 0 and done.stdout == f"{card}\tAS1REAL\n"
    assert done.stderr.splitlines() == [
        f"error: {bomb}: The image is too large to scan (over 80 megapixels).",
        f"error: {cut}: The file is not an image that can be read.",
        f"error: {tmp_path}: This is a folder, not an image file.",
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names cannot hold these bytes")
def test_file_names_with_line_breaks_or_bad_bytes_keep_one_line_per_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = put(tmp_path, "two\nlines\t.png", qr_file("AS1NAMED", "L", ".png"))
    raw = os.fsencode(tmp_path) + b"/\xff\xfe-not-utf8.png"  # as a POSIX name may arrive
    with open(raw, "wb") as out:
        out.write(qr_file("AS1BYTES", "L", ".png"))
    missing = tmp_path / "gone\n.png"

    code = main(["scan-image", str(broken), os.fsdecode(raw), str(missing)])

    out, err = capsys.readouterr()
    assert code == 0
    assert out.splitlines() == [
        f"{tmp_path}/two lines .png\tAS1NAMED",
        f"{tmp_path}/\ufffd\ufffd-not-utf8.png\tAS1BYTES",
    ]
    assert err.splitlines() == [f"error: {tmp_path}/gone .png: There is no such file."]
