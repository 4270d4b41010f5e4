"""Image files made on the fly for upload tests: good ones, disguised ones, broken ones."""

import io
import random
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt="JPEG", size=(300, 200), color=(200, 30, 30), exif=None, **save):
    mode = "RGBA" if fmt in ("PNG", "WEBP") else "RGB"
    image = Image.new(mode, size, color + ((255,) if mode == "RGBA" else ()))
    buffer = io.BytesIO()
    if exif is not None:
        save["exif"] = exif
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def jpeg_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS IFD
    return image_bytes("JPEG", exif=exif.tobytes())


def animated_gif():
    frames = [Image.new("P", (120, 120), color) for color in (1, 2, 3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_bomb(width=100_000, height=100_000):
    """A valid PNG header announcing a huge image, with almost no data behind it."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


# --- Hostile files: cut, disguised, polyglot, bombs ------------------------------------------

HTML_PAYLOAD = b"<html><body><script>alert('rse-payload')</script></body></html>"
PAYLOAD_MARK = b"rse-payload"  # in every payload below: absent from whatever we store


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def noisy_bytes(fmt="JPEG", size=(400, 400), **save):
    """An image of random pixels: it does not compress, so cutting it loses real data."""
    image = Image.frombytes("RGB", size, random.Random(7).randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def truncated_jpeg():
    """A valid JPEG header and the first half of its scan: a cut download."""
    data = noisy_bytes("JPEG")
    return data[: len(data) // 2]


def truncated_png():
    """A PNG cut in the middle of its image data (IDAT)."""
    data = noisy_bytes("PNG")
    return data[: len(data) // 2]


def png_without_data():
    """A PNG that ends right after its header: it says what it is, then nothing."""
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 200, 200, 8, 2, 0, 0, 0))


def gif_with_html():
    """A real GIF with a web page after its end: a browser sniffing it may run the script."""
    return image_bytes("GIF") + HTML_PAYLOAD


def jpeg_with_zip():
    """A real JPEG with a zip archive appended (the old "GIFAR" trick): an image and a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", HTML_PAYLOAD)
    return image_bytes("JPEG") + buffer.getvalue()


def jpeg_that_is_a_pdf():
    """A real JPEG whose comment segment holds a PDF: PDF readers look for ``%PDF-`` in the
    first kilobyte, so the same bytes are an image and a document."""
    pdf = b"%PDF-1.4\n1 0 obj <</Type /Catalog /JS (app.alert('rse-payload'))>> endobj\n%%EOF\n"
    data = image_bytes("JPEG")
    comment = b"\xff\xfe" + struct.pack(">H", len(pdf) + 2) + pdf
    return data[:2] + comment + data[2:]  # right after the start-of-image marker


def png_with_script_chunk():
    """A real PNG carrying a script in a text chunk, where metadata goes."""
    data = image_bytes("PNG")
    text = _chunk(b"tEXt", b"Comment\x00" + HTML_PAYLOAD)
    return data[:33] + text + data[33:]  # after the signature (8) and IHDR (25)


SVG_PAYLOAD = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'rse-payload\')">'
    b'<rect width="10" height="10"/></svg>'
)


def gif_bomb(width=65_535, height=65_535):
    """A GIF whose screen and only frame claim 65535 x 65535 pixels, with one byte of data."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0)
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return screen + frame + b"\x02\x02\x44\x01\x00\x3b"


def gif_frame_bomb():
    """A small GIF screen whose first frame claims 65535 x 65535 pixels: the frame, not the
    screen, is what would be decoded."""
    screen = b"GIF89a" + struct.pack("<HHBBB", 10, 10, 0, 0, 0)
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, 65_535, 65_535, 0)
    return screen + frame + b"\x02\x02\x44\x01\x00\x3b"


def webp_bomb(width=16_383, height=16_383):
    """A lossless WebP whose header claims 16383 x 16383 pixels (WebP's largest)."""
    bits = (width - 1) | ((height - 1) << 14)  # alpha and version bits: 0
    vp8l = b"\x2f" + struct.pack("<I", bits) + b"\x00" * 16
    body = b"WEBP" + b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l
    return b"RIFF" + struct.pack("<I", len(body)) + body


def jpeg_bomb(width=65_000, height=65_000):
    """A JPEG header (SOF) claiming 65000 x 65000 pixels, with no scan behind it."""
    data = image_bytes("JPEG", size=(8, 8))
    sof = data.index(b"\xff\xc0")
    patched = data[: sof + 5] + struct.pack(">HH", height, width) + data[sof + 9 :]
    return patched


def many_frames_gif(frames=2000):
    """An animated GIF of thousands of small frames: only its first frame is kept."""
    images = []
    for index in range(frames):
        frame = Image.new("RGB", (32, 32), (200, 30, 30))
        frame.putpixel((index % 32, index // 32 % 32), (0, 0, index % 256))
        images.append(frame)
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=10)
    return buffer.getvalue()


# --- Unusual but real images: accepted, and re-encoded right ---------------------------------


def cmyk_jpeg(color=(0, 255, 255, 0)):
    """A print-shop JPEG in CMYK (here pure magenta+yellow: red)."""
    buffer = io.BytesIO()
    Image.new("CMYK", (120, 80), color).save(buffer, "JPEG")
    return buffer.getvalue()


def grey_16bit_png(level=32_768):
    """A 16-bit greyscale PNG at half intensity, as scanners and science tools write."""
    buffer = io.BytesIO()
    Image.new("I;16", (120, 80), level).save(buffer, "PNG")
    return buffer.getvalue()


def rgb_16bit_png():
    """A 48-bit (16 bits a channel) RGB PNG at half red, written chunk by chunk (Pillow
    cannot write one)."""
    width, height = 40, 30
    row = b"\x00" + (b"\x80\x00" + b"\x00\x00" + b"\x00\x00") * width
    header = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * height))
        + _chunk(b"IEND", b"")
    )


def palette_png_with_transparency():
    """A palette PNG whose left half is transparent (a tRNS chunk), as icons are."""
    image = Image.new("P", (100, 100), 1)
    image.putpalette([255, 255, 255, 200, 30, 30] + [0, 0, 0] * 254)
    image.paste(0, (0, 0, 50, 100))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=0)
    return buffer.getvalue()


def grey_png_with_transparency():
    """A greyscale PNG where one grey level is transparent (tRNS without a palette)."""
    image = Image.new("L", (100, 100), 90)
    image.paste(0, (0, 0, 50, 100))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=0)
    return buffer.getvalue()


# --- The cases every upload path is tested with ----------------------------------------------

BOMB = "This image is too large in pixels to be processed safely."
DAMAGED = "This image is damaged or incomplete."
NOT_AN_IMAGE = "Upload a JPEG, PNG, WebP or GIF image. This file is not one of them."

# (test id, bytes, file name, the refusal's words)
HOSTILE = [
    ("truncated-jpeg", truncated_jpeg(), "cut.jpg", DAMAGED),
    ("truncated-png", truncated_png(), "cut.png", DAMAGED),
    ("png-without-data", png_without_data(), "header.png", NOT_AN_IMAGE),
    ("svg-as-png", SVG_PAYLOAD, "logo.png", NOT_AN_IMAGE),
    ("html-as-jpg", HTML_PAYLOAD, "page.jpg", NOT_AN_IMAGE),
    ("pdf-as-jpg", b"%PDF-1.4\n%rse-payload\n", "cv.jpg", NOT_AN_IMAGE),
    ("png-bomb", png_bomb(), "bomb.png", BOMB),
    ("gif-bomb", gif_bomb(), "bomb.gif", BOMB),
    ("gif-frame-bomb", gif_frame_bomb(), "frame.gif", BOMB),
    ("webp-bomb", webp_bomb(), "bomb.webp", BOMB),
    ("jpeg-bomb", jpeg_bomb(), "bomb.jpg", BOMB),
]

# Real images that hide something: accepted, and what is stored is our re-encoding alone.
POLYGLOTS = [
    ("gif+html", gif_with_html(), "funny.gif"),
    ("jpeg+zip", jpeg_with_zip(), "holiday.jpg"),
    ("jpeg+pdf", jpeg_that_is_a_pdf(), "scan.jpg"),
    ("png+script-chunk", png_with_script_chunk(), "chart.png"),
]


def _red(pixel):
    return pixel[0] > 180 and pixel[1] < 60 and pixel[2] < 60


def _mid_grey(pixel):
    return all(110 < value < 145 for value in pixel[:3])


# (test id, bytes, file name, what the stored image must show: a check of its centre
# pixel, and whether its left edge is transparent)
UNUSUAL = [
    ("cmyk-jpeg", cmyk_jpeg(), "print.jpg", _red, False),
    ("grey-16-bit-png", grey_16bit_png(), "scan.png", _mid_grey, False),
    (
        "rgb-16-bit-png",
        rgb_16bit_png(),
        "deep.png",
        lambda p: 110 < p[0] < 145 and p[1] < 20,
        False,
    ),
    ("palette-png-transparent", palette_png_with_transparency(), "icon.png", _red, True),
    ("grey-png-transparent", grey_png_with_transparency(), "mask.png", None, True),
    ("gif-2000-frames", many_frames_gif(), "long.gif", _red, False),
]


def media_files(root):
    """Every file below MEDIA_ROOT, by path."""
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def assert_shows(data, check, transparent_left):
    """The stored bytes are a WebP image of ours, as the case says it should look."""
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "WEBP"
    assert PAYLOAD_MARK not in data
    width, height = image.size
    centre = image.convert("RGBA").getpixel((width * 3 // 4, height // 2))
    if check is not None:
        assert check(centre), centre
    left = image.convert("RGBA").getpixel((1, height // 2))
    assert (left[3] < 20) is transparent_left, left


def assert_only_reencoded(media_root, *stored):
    """MEDIA_ROOT holds exactly the ``stored`` files (FieldFiles), each of them our WebP
    without the polyglot's payload."""
    files = media_files(media_root)
    assert files == sorted(str(media_root / f.name) for f in stored)
    for path in files:
        with open(path, "rb") as handle:
            assert_shows(handle.read(), None, False)
