"""Demo posts for ``manage.py demo``: the demo groups' feeds and forums, filled with a
few weeks of believable company life, in English and in French.

Each group starts with handcrafted threads (the ones people see first: the newest, with
real answers, replies, images and an accepted answer where it makes sense), then older
posts drawn from per-group templates with a seeded ``random.Random``, so every run makes
the same company. Everything is written through the feed's actions (so mentions, topics,
rendering, attachments and counters are right), with the rate limits lifted, and then
backdated with plain updates so that the feed spans the last few weeks in a realistic
order: a comment after its post, nothing after the group's last activity, and posts in
working hours.

Idempotent: a group that already has posts is left alone.
"""

import functools
import io
import itertools
import math
import random
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from groups.models import Group, Membership, Role

from .actions import (
    accept_answer,
    close_post,
    create_comment,
    create_post,
    dismiss_announcement,
    edit_post,
    hide_comment,
    mark_read,
    toggle_bookmark,
    toggle_reaction,
    toggle_vote,
)
from .models import (
    Attachment,
    Bookmark,
    Comment,
    Dismissal,
    Kind,
    Mention,
    Post,
    ReactionMark,
    Revision,
    ThreadState,
    Vote,
)

PARIS = ZoneInfo("Europe/Paris")
DEMO_LOGINS = ("Alice Martin", "Bruno Lefèvre", "Chloé Dubois")
DAYS = 42  # how far back the feed goes

# --- Images ------------------------------------------------------------------------------
#
# Small generated pictures (charts, diagrams, screenshots, receipts, photo-like scenes),
# made in memory as PNG and attached like an upload from the browser.

WIDTH, HEIGHT = 800, 500
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
PALETTE = ["#2563eb", "#f97316", "#10b981", "#a855f7", "#ef4444", "#eab308", "#0ea5e9"]
FONT_FILES = (  # (regular, bold): the first pair found is used
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
)


@functools.cache
def _font_files():
    return next((pair for pair in FONT_FILES if all(Path(p).exists() for p in pair)), None)


@functools.cache
def _font(size, bold=False):
    files = _font_files()
    if files is None:  # Pillow's own font: no accents, see _fold()
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(files[bold], size)


def _fold(text):
    """Pillow's built-in font has no accented letters: write "e" rather than a box."""
    if _font_files() is not None:
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.encode("ascii", "replace").decode()


def _text(draw, xy, text, size=16, fill=INK, bold=False, anchor="la"):
    draw.text(xy, _fold(text), font=_font(size, bold), fill=fill, anchor=anchor)


def _text_width(text, size=16, bold=False):
    return _font(size, bold).getlength(_fold(text))


def _canvas(title, subtitle="", background="white"):
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    _text(draw, (40, 28), title, 24, bold=True)
    if subtitle:
        _text(draw, (40, 62), subtitle, 15, MUTED)
    return image, draw


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def _nice_max(value, ticks=4):
    """The top of an axis with ``ticks`` round steps (1, 2, 2.5 or 5 times a power of ten)."""
    raw = max(value, 1e-6) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if magnitude < 10 else (1, 2, 2.5, 5, 10)
    return ticks * next(m * magnitude for m in multiples if raw <= m * magnitude)


def _number(value, unit=""):
    text = f"{value:,.0f}" if value >= 100 or float(value).is_integer() else f"{value:.1f}"
    return f"{text}{unit}"


def _axes(draw, top, bottom, left, right, maximum, unit, ticks=4):
    for i in range(ticks + 1):
        y = bottom - (bottom - top) * i / ticks
        draw.line([(left, y), (right, y)], fill=GRID, width=1)
        _text(draw, (left - 10, y), _number(maximum * i / ticks, unit), 13, MUTED, anchor="rm")


def bar_chart(title, labels, values, subtitle="", unit="", highlight=None, color=PALETTE[0]):
    image, draw = _canvas(title, subtitle)
    left, right, top, bottom = 90, WIDTH - 40, 110, HEIGHT - 60
    maximum = _nice_max(max(values))
    _axes(draw, top, bottom, left, right, maximum, unit)
    slot = (right - left) / len(values)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x0 = left + slot * i + slot * 0.18
        x1 = left + slot * (i + 1) - slot * 0.18
        y = bottom - (bottom - top) * value / maximum
        fill = PALETTE[1] if highlight is not None and i == highlight else color
        draw.rectangle([x0, y, x1, bottom], fill=fill)
        _text(draw, ((x0 + x1) / 2, y - 6), _number(value, unit), 13, INK, anchor="md")
        _text(draw, ((x0 + x1) / 2, bottom + 10), label, 13, MUTED, anchor="ma")
    draw.line([(left, bottom), (right, bottom)], fill=INK, width=2)
    return _png(image)


def line_chart(title, labels, series, subtitle="", unit="", marker=None):
    """``series``: {name: [values]}; ``marker``: (index, text) drawn as a vertical line."""
    image, draw = _canvas(title, subtitle)
    left, right, top, bottom = 90, WIDTH - 40, 120, HEIGHT - 60
    maximum = _nice_max(max(max(values) for values in series.values()))
    _axes(draw, top, bottom, left, right, maximum, unit)
    count = len(labels)

    def point(i, value):
        x = left + (right - left) * i / max(count - 1, 1)
        return x, bottom - (bottom - top) * value / maximum

    if marker is not None:
        x, _y = point(marker[0], 0)
        draw.line([(x, top - 10), (x, bottom)], fill=PALETTE[4], width=2)
        _text(draw, (x + 6, top - 12), marker[1], 13, PALETTE[4])
    step = max(1, count // 8)
    for i in range(0, count, step):
        _text(draw, (point(i, 0)[0], bottom + 10), labels[i], 12, MUTED, anchor="ma")
    legend_x = left
    for n, (name, values) in enumerate(series.items()):
        color = PALETTE[n % len(PALETTE)]
        draw.line([point(i, v) for i, v in enumerate(values)], fill=color, width=3, joint="curve")
        draw.rectangle([legend_x, 92, legend_x + 14, 104], fill=color)
        _text(draw, (legend_x + 20, 90), name, 13, INK)
        legend_x += 40 + _text_width(name, 13)
    draw.line([(left, bottom), (right, bottom)], fill=INK, width=2)
    return _png(image)


def donut(title, parts, subtitle=""):
    image, draw = _canvas(title, subtitle)
    total = sum(value for _label, value in parts)
    box = [70, 120, 390, 440]
    start = -90.0
    for n, (_label, value) in enumerate(parts):
        end = start + 360 * value / total
        draw.pieslice(box, start, end, fill=PALETTE[n % len(PALETTE)])
        start = end
    draw.ellipse([150, 200, 310, 360], fill="white")
    _text(draw, (230, 268), _number(total), 30, bold=True, anchor="mm")
    _text(draw, (230, 300), "total", 14, MUTED, anchor="mm")
    for n, (label, value) in enumerate(parts):
        y = 150 + n * 42
        draw.rectangle([440, y, 460, y + 20], fill=PALETTE[n % len(PALETTE)])
        _text(draw, (472, y + 1), f"{label}", 16)
        _text(draw, (WIDTH - 50, y + 1), f"{round(100 * value / total)} %", 16, MUTED, anchor="ra")
    return _png(image)


def flow(title, steps, subtitle="", note=""):
    """Boxes joined by arrows, on one or two rows: a process or an architecture."""
    image, draw = _canvas(title, subtitle, background="#f8fafc")
    per_row = 5
    rows = [steps[i : i + per_row] for i in range(0, len(steps), per_row)]
    box_w, box_h, gap = 128, 78, 30
    first_y = (HEIGHT - len(rows) * box_h - (len(rows) - 1) * 72) / 2 + 10
    centres = []
    for r, row in enumerate(rows):
        total = len(row) * box_w + (len(row) - 1) * gap
        x = (WIDTH - total) / 2
        y = first_y + r * (box_h + 72)
        for n, label in enumerate(row):
            color = PALETTE[(r * per_row + n) % len(PALETTE)]
            draw.rounded_rectangle(
                [x, y, x + box_w, y + box_h], 12, fill="white", outline=color, width=3
            )
            lines = label.split("\n")
            for k, line in enumerate(lines):
                offset = (k - (len(lines) - 1) / 2) * 20
                _text(draw, (x + box_w / 2, y + box_h / 2 + offset), line, 15, anchor="mm")
            centres.append((x, y, x + box_w, y + box_h))
            x += box_w + gap
    for (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) in itertools.pairwise(centres):
        if abs(ay0 - by0) < 1:
            start, end = (ax1 + 4, (ay0 + ay1) / 2), (bx0 - 6, (by0 + by1) / 2)
        else:
            start, end = ((ax0 + ax1) / 2, ay1 + 4), ((bx0 + bx1) / 2, by0 - 6)
        draw.line([start, end], fill=MUTED, width=3)
        dx, dy = end[0] - start[0], end[1] - start[1]
        length = math.hypot(dx, dy) or 1
        ux, uy = dx / length, dy / length
        draw.polygon(
            [
                (end[0] + ux * 6, end[1] + uy * 6),
                (end[0] - ux * 8 - uy * 7, end[1] - uy * 8 + ux * 7),
                (end[0] - ux * 8 + uy * 7, end[1] - uy * 8 - ux * 7),
            ],
            fill=MUTED,
        )
    if note:
        _text(draw, (40, HEIGHT - 44), note, 14, MUTED)
    return _png(image)


def screenshot(window, message, details=(), button="OK"):
    """A dialog as a customer would send it: a window with an error."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#cbd2d9")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([90, 70, WIDTH - 90, HEIGHT - 70], 10, fill="white", outline="#9aa5b1")
    draw.rounded_rectangle([90, 70, WIDTH - 90, 112], 10, fill="#e4e7eb")
    draw.rectangle([90, 100, WIDTH - 90, 112], fill="#e4e7eb")
    for n, color in enumerate(("#ef4444", "#eab308", "#10b981")):
        draw.ellipse([108 + n * 24, 84, 122 + n * 24, 98], fill=color)
    _text(draw, (WIDTH / 2, 91), window, 15, MUTED, anchor="mm")
    draw.ellipse([130, 150, 190, 210], fill="#ef4444")
    _text(draw, (160, 180), "!", 36, "white", bold=True, anchor="mm")
    _text(draw, (215, 158), message, 20, bold=True)
    for n, line in enumerate(details):
        _text(draw, (215, 200 + n * 28), line, 16, MUTED)
    draw.rounded_rectangle(
        [WIDTH - 250, HEIGHT - 140, WIDTH - 120, HEIGHT - 100], 8, fill=PALETTE[0]
    )
    _text(draw, (WIDTH - 185, HEIGHT - 120), button, 16, "white", bold=True, anchor="mm")
    return _png(image)


def receipt(merchant, lines, when, footer=""):
    """A photographed till receipt, slightly tilted on a desk."""
    paper = Image.new("RGB", (330, 440), "#fffdf7")
    draw = ImageDraw.Draw(paper)
    _text(draw, (165, 30), merchant, 20, bold=True, anchor="ma")
    _text(draw, (165, 60), when, 13, MUTED, anchor="ma")
    y = 100
    total = 0.0
    for label, amount in lines:
        _text(draw, (24, y), label, 15)
        _text(draw, (306, y), f"{amount:.2f} €", 15, anchor="ra")
        total += amount
        y += 28
    draw.line([(24, y + 4), (306, y + 4)], fill=INK, width=1)
    _text(draw, (24, y + 16), "TOTAL TTC", 16, bold=True)
    _text(draw, (306, y + 16), f"{total:.2f} €", 16, bold=True, anchor="ra")
    _text(draw, (24, y + 46), f"dont TVA 10 % : {total / 11:.2f} €", 13, MUTED)
    if footer:
        _text(draw, (165, 400), footer, 13, MUTED, anchor="ma")
    image = Image.new("RGB", (WIDTH, HEIGHT), "#8b6f4e")
    grain = ImageDraw.Draw(image)
    for y in range(0, HEIGHT, 6):
        grain.line([(0, y), (WIDTH, y + 20)], fill="#94775a" if y % 12 else "#7f6446", width=3)
    tilted = paper.rotate(-4, expand=True, fillcolor="#8b6f4e", resample=Image.Resampling.BICUBIC)
    image.paste(tilted, ((WIDTH - tilted.width) // 2, (HEIGHT - tilted.height) // 2))
    return _png(image)


def floor_plan(title, rooms, subtitle=""):
    """``rooms``: (name, state) with state "open", "closed" or "new"; half of them along
    the top wall, the rest along the bottom one, the lobby in between."""
    image, draw = _canvas(title, subtitle, background="#f8fafc")
    left, top, right, bottom = 40, 100, WIDTH - 40, HEIGHT - 40
    draw.rectangle([left, top, right, bottom], outline=INK, width=4)
    _text(draw, (WIDTH / 2, (top + bottom) / 2), "Accueil / ascenseurs", 14, MUTED, anchor="mm")
    per_row = (len(rooms) + 1) // 2
    width = (right - left) / per_row
    fills = {"open": "#dcfce7", "closed": "#fee2e2", "new": "#dbeafe"}
    for n, (name, state) in enumerate(rooms):
        row, col = divmod(n, per_row)
        x0 = left + col * width
        y0 = top if row == 0 else bottom - 120
        box = [x0 + 6, y0 + 6, x0 + width - 6, y0 + 114]
        draw.rectangle(box, fill=fills[state], outline=MUTED, width=2)
        if state == "closed":
            for k in range(int(box[0]) + 4, int(box[2]) - 20, 12):
                draw.line([(k, box[3] - 4), (k + 18, box[3] - 22)], fill="#f87171", width=2)
        _text(draw, ((box[0] + box[2]) / 2, box[1] + 36), name, 15, bold=True, anchor="mm")
        _text(
            draw, ((box[0] + box[2]) / 2, box[1] + 60), state_label(state), 13, MUTED, anchor="mm"
        )
    return _png(image)


def state_label(state):
    return {"open": "ouverte", "closed": "fermée (travaux)", "new": "nouvelle"}[state]


SCENES = {
    "sunset": ("#fb923c", "#7c3aed", "#1e1b4b"),
    "morning": ("#bae6fd", "#fef3c7", "#65a30d"),
    "office": ("#e0e7ff", "#f1f5f9", "#94a3b8"),
    "night": ("#0f172a", "#1e3a8a", "#111827"),
    "autumn": ("#fde68a", "#f97316", "#78350f"),
}


def photo(caption, scene="sunset", seed=0, subject="skyline"):
    """A photo-like scene: a sky gradient, a skyline or a room, people-shaped blobs and a
    caption band, so that a post "with a picture" looks like one."""
    rng = random.Random(seed)
    top, middle, ground = SCENES[scene]
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)

    def mix(a, b, t):
        a, b = (
            Image.new("RGB", (1, 1), a).getpixel((0, 0)),
            Image.new("RGB", (1, 1), b).getpixel((0, 0)),
        )
        return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))

    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=mix(top, middle, y / HEIGHT))
    if subject == "skyline":
        draw.ellipse([560, 90, 660, 190], fill=mix(middle, "#fff7ed", 0.7))
        x = 0
        while x < WIDTH:
            w, h = rng.randint(40, 110), rng.randint(90, 260)
            draw.rectangle(
                [x, HEIGHT - h, x + w, HEIGHT], fill=mix(ground, "#000000", rng.random() * 0.3)
            )
            for wy in range(HEIGHT - h + 14, HEIGHT - 20, 22):
                for wx in range(x + 8, x + w - 10, 16):
                    if rng.random() < 0.4:
                        draw.rectangle([wx, wy, wx + 6, wy + 9], fill="#fde68a")
            x += w + rng.randint(0, 8)
    elif subject == "room":
        draw.rectangle([0, 330, WIDTH, HEIGHT], fill=mix(ground, "#ffffff", 0.3))
        for wx in range(60, WIDTH, 240):
            draw.rectangle([wx, 60, wx + 170, 250], fill="#e0f2fe", outline="#64748b", width=6)
        draw.rounded_rectangle([150, 300, 650, 350], 12, fill="#a16207")
    elif subject == "table":
        draw.rectangle([0, 300, WIDTH, HEIGHT], fill=mix(ground, "#000000", 0.2))
        draw.ellipse([120, 320, 680, 480], fill="#b45309")
        for cx in range(200, 640, 90):
            draw.ellipse([cx, 360, cx + 46, 392], fill="#f8fafc")
    for _person in range(rng.randint(3, 7)):
        cx = rng.randint(60, WIDTH - 60)
        base = rng.randint(380, 440)
        color = rng.choice(PALETTE)
        draw.ellipse([cx - 18, base - 120, cx + 18, base - 84], fill="#f5d0b0")
        draw.rounded_rectangle([cx - 30, base - 80, cx + 30, base + 40], 18, fill=color)
    draw.rectangle([0, HEIGHT - 46, WIDTH, HEIGHT], fill=(0, 0, 0))
    _text(draw, (20, HEIGHT - 23), caption, 17, "white", anchor="lm")
    return _png(image)


def poster(title, lines, subtitle="", accent=PALETTE[3]):
    """A card or slide: a title, a few lines, a coloured band."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#fffbeb")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 26, HEIGHT], fill=accent)
    draw.ellipse([WIDTH - 230, -120, WIDTH + 90, 200], fill=accent)
    _text(draw, (70, 70), title, 34, bold=True)
    if subtitle:
        _text(draw, (70, 122), subtitle, 18, MUTED)
    for n, line in enumerate(lines):
        _text(draw, (70, 190 + n * 40), line, 20)
    return _png(image)


def table_image(title, header, rows, subtitle=""):
    image, draw = _canvas(title, subtitle)
    left, top = 40, 110
    widths = [(WIDTH - 80) / len(header)] * len(header)
    widths[0] *= 1.4
    scale = (WIDTH - 80) / sum(widths)
    widths = [w * scale for w in widths]
    y = top
    for r, row in enumerate([header, *rows]):
        if r == 0:
            draw.rectangle([left, y, WIDTH - 40, y + 36], fill="#e0e7ff")
        elif r % 2 == 0:
            draw.rectangle([left, y, WIDTH - 40, y + 36], fill="#f8fafc")
        x = left
        for c, cell in enumerate(row):
            _text(draw, (x + 10, y + 18), str(cell), 15, INK, bold=r == 0, anchor="lm")
            x += widths[c]
        y += 36
    return _png(image)


@dataclass
class Pic:
    """An image to attach: a file name and how to draw it (run only when attached)."""

    name: str
    draw: object
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def upload(self):
        content = self.draw(*self.args, **self.kwargs)
        return SimpleUploadedFile(self.name, content, content_type="image/png")


def pic(name, draw, *args, **kwargs):
    return Pic(name, draw, args, kwargs)


def calendar(title, month, first_weekday, days, selected, subtitle=""):
    """A date picker: a month grid starting on ``first_weekday`` (0 = Monday)."""
    image, draw = _canvas(title, subtitle, background="#f1f5f9")
    left, top = 230, 100
    draw.rounded_rectangle([left - 20, top - 10, left + 360, top + 370], 14, fill="white")
    _text(draw, (left + 170, top + 18), month, 18, bold=True, anchor="mm")
    _text(draw, (left + 5, top + 18), "<", 22, MUTED, anchor="mm")
    _text(draw, (left + 335, top + 18), ">", 22, MUTED, anchor="mm")
    names = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    for n, name in enumerate(names):
        _text(draw, (left + 20 + n * 48, top + 60), name, 13, MUTED, anchor="mm")
    for day in range(1, days + 1):
        cell = first_weekday + day - 1
        row, col = divmod(cell, 7)
        x, y = left + 20 + col * 48, top + 100 + row * 46
        if day == selected:
            draw.ellipse([x - 19, y - 19, x + 19, y + 19], fill=PALETTE[0])
            _text(draw, (x, y), str(day), 15, "white", bold=True, anchor="mm")
        else:
            _text(draw, (x, y), str(day), 15, INK if col < 5 else MUTED, anchor="mm")
    draw.rounded_rectangle([40, 110, 190, 150], 8, fill="white", outline=PALETTE[0], width=2)
    _text(draw, (52, 130), "next friday", 15, INK, anchor="lm")
    _text(draw, (40, 165), "Type a date or pick one", 13, MUTED)
    return _png(image)


# --- How a thread is described -----------------------------------------------------------

Q, D, A = Kind.QUESTION, Kind.DISCUSSION, Kind.ANNOUNCEMENT


def _md(text):
    return textwrap.dedent(text).strip()


@dataclass
class Reply:
    """A comment (an answer, on a question). ``to`` is the index of an earlier comment of
    the thread that it replies to: it then quotes it and names its author, as the reply
    button does."""

    who: str
    text: str
    to: int | None = None
    pic: Pic | None = None
    votes: int = 0  # upvotes, on a question's answers
    react: tuple = ()  # reaction kinds a few people leave on it
    hide: tuple = ()  # (moderator, reason): hidden by a moderator

    def __post_init__(self):
        self.text = _md(self.text)


@dataclass
class Thread:
    """A handcrafted post and its comments, ``hours`` before the group's last activity."""

    who: str
    kind: str
    title: str
    body: str
    replies: list = field(default_factory=list)
    hours: float = 24
    accepted: int | None = None  # index of the accepted answer
    pic: Pic | None = None
    mood: tuple = ()  # reaction kinds it gets, the most frequent first
    fans: int | None = None  # how many people react to it (drawn when None)
    saved_by: tuple = ()
    edit: tuple = ()  # (old, new) replacements the author made later
    dismissed: float = 0.0  # the share of members who dismissed it (announcements)
    closed: bool = False

    def __post_init__(self):
        self.body = _md(self.body)


@dataclass
class Template:
    """A post drawn for volume: ``{slots}`` are filled for each use (see Slots), answers
    are used in order (the first one is the best), a tuple ``(en, fr)`` is said in the
    commenter's language."""

    kind: str
    title: str | tuple
    body: str
    answers: tuple = ()
    lang: str = ""  # in a bilingual group, the language it is written in
    pic: object = None  # callable(rng, slots) -> Pic
    mood: tuple = ()

    def __post_init__(self):
        self.body = _md(self.body)
        self.answers = tuple(
            _md(a) if isinstance(a, str) else tuple(_md(x) for x in a) for a in self.answers
        )


@dataclass
class Plan:
    slug: str
    lang: str  # "en", "fr", or "mix" (each template says, comments in each person's)
    volume: int  # posts drawn from the bank, older than the handcrafted threads
    threads: list  # handcrafted, as people see them first
    bank: list
    experts: bool = False  # questions go to the owners and moderators, who answer them


# --- Filling templates -------------------------------------------------------------------

NUMBERS = {
    "n": lambda rng: rng.randint(2, 9),
    "nn": lambda rng: rng.randint(11, 60),
    "pct": lambda rng: rng.randint(5, 45),
    "ticket": lambda rng: rng.randint(40000, 49999),
    "version": lambda rng: f"4.{rng.randint(9, 11)}.{rng.randint(0, 5)}",
    "week": lambda rng: rng.randint(36, 47),
}


def _big(rng, lang):
    value = rng.choice([rng.randint(120, 990), rng.randint(1000, 4800)])
    return f"{value:,}".replace(",", "\u202f" if lang == "fr" else ",")


class Slots(dict):
    """``{name}`` values for one post: drawn once, so a name means the same thing in the
    title, the body and the comments. ``{customer2}`` is another customer than
    ``{customer}``; ``{member}`` and ``{mod}`` are @mentions of people of the group."""

    def __init__(self, seeder, lang, author):
        super().__init__()
        self.seeder, self.lang, self.author = seeder, lang, author
        self.used = {}

    def __missing__(self, key):
        rng = self.seeder.rng
        base = key.rstrip("0123456789")
        if base in NUMBERS:
            value = NUMBERS[base](rng)
        elif base == "big":
            value = _big(rng, self.lang)
        elif base in ("member", "mod"):
            value = "@" + self.seeder.someone(self, staff=base == "mod").handle
        elif base == "asker":
            value = "@" + self.author.handle
        else:
            words = VOCABULARY.get(f"{base}:{self.lang}") or VOCABULARY[base]
            taken = self.used.setdefault(base, set())
            value = rng.choice([w for w in words if w not in taken] or words)
            taken.add(value)
        self[key] = value
        return value


def _fill(text, slots):
    return text.format_map(slots)


def _excerpt(body, limit=140):
    """The first paragraph of a comment, as a reply quotes it."""
    lines = []
    for line in body.splitlines():
        if line.startswith((">", "```", "|")) or (not line.strip() and not lines):
            continue
        if not line.strip():
            break
        lines.append(line.strip())
    text = re.sub(r"^@[\w.+-]+\s*", "", " ".join(lines))
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text


def _reply_body(text, target):
    return f"> {_excerpt(target.body)}\n\n@{target.author.handle} {text}"


# --- Writing a group's feed --------------------------------------------------------------


def _working_before(moment):
    """The latest moment, no later than ``moment``, of a working day in Paris (Monday to
    Friday, 8:30 to 19:30)."""
    local = moment.astimezone(PARIS)
    while True:
        if local.weekday() < 5:
            closing = local.replace(hour=19, minute=30, second=0, microsecond=0)
            local = min(local, closing)
            if local.hour > 8 or (local.hour == 8 and local.minute >= 30):
                return local.astimezone(UTC)
        local = (local - timedelta(days=1)).replace(hour=19, minute=30, second=0, microsecond=0)


@dataclass
class _Comment:
    author: object
    text: str
    at: object
    to: int | None = None
    pic: Pic | None = None
    votes: int = 0
    react: tuple = ()
    hide: tuple = ()


@dataclass
class _Draft:
    author: object
    kind: str
    title: str
    body: str
    at: object
    comments: list
    accepted: int | None = None
    pic: Pic | None = None
    mood: tuple = ()
    fans: int = 0
    saved_by: tuple = ()
    edit: tuple = ()
    dismissed: float = 0.0
    closed: bool = False


@dataclass
class _Generic:
    """A stock comment ("+1", "thanks, that did it"), said in the commenter's language."""

    key: str


DEFAULT_MOOD = {
    Q: ("like", "insightful", "thanks"),
    D: ("like", "insightful", "thanks"),
    A: ("thanks", "like", "celebrate"),
}


class _Seeder:
    """Writes one group's posts: the drawn ones first (older), then the handcrafted."""

    def __init__(self, group, plan, now):
        self.group, self.plan, self.now = group, plan, now
        self.rng = random.Random(f"rse-demo-feed:{plan.slug}")
        self.members = list(
            Membership.objects.filter(group=group).select_related("user").order_by("joined_at")
        )
        self.by_name = {m.user.display_name: m for m in self.members}
        self.staff = [m for m in self.members if m.role in (Role.OWNER, Role.MODERATOR)]
        # The group's last activity, as the groups demo set it, stays its last activity.
        self.end = _working_before(min(group.last_activity_at, now - timedelta(minutes=4)))
        self.start = max(group.created_at + timedelta(days=1), self.end - timedelta(days=DAYS))
        self.latest = self.start
        self.created = 0
        self.titles = set()  # title templates used, so that variants take turns
        self.reacted, self.voted = set(), set()  # marks left on the post being written

    # People

    def member(self, name, cast=None, staff=False):
        """The named person if they belong to the group (and may post there), else a
        stand-in (the demo groups draw part of their members at random), the same one
        for the whole thread: ``cast`` maps the names of a thread to people."""
        cast = {} if cast is None else cast
        if name not in cast:
            membership = self.by_name.get(name)
            pool = self.staff if staff else self.members
            if membership is None or membership not in pool:
                taken = {person.pk for person in cast.values()}
                others = [m for m in pool if m.user.pk not in taken] or pool
                membership = others[sum(map(ord, name)) % len(others)]
            cast[name] = membership.user
        return cast[name]

    def present(self, at, lang=None, exclude=(), staff=False):
        """Someone who had joined by ``at`` (speaking ``lang`` when possible)."""
        pool = [m for m in (self.staff if staff else self.members) if m.user.pk not in exclude]
        pool = pool or (self.staff if staff else self.members)
        pool = [m for m in pool if m.joined_at <= at] or pool
        if lang:
            pool = [m for m in pool if m.user.language == lang] or pool
        # Owners and moderators are the most active people of a group.
        weights = [3 if m.role != Role.MEMBER else 1 for m in pool]
        return self.rng.choices(pool, weights)[0].user

    def named(self, *texts):
        """The people of the group a text names, by first name or @handle."""
        text = " ".join(t if isinstance(t, str) else " ".join(t) for t in texts)
        return {
            m.user.pk
            for m in self.members
            if re.search(rf"\b{re.escape(m.user.get_short_name())}\b", text)
            or f"@{m.user.handle}" in text
        }

    def someone(self, slots, staff=False):
        exclude = {slots.author.pk}
        pool = [m for m in (self.staff if staff else self.members) if m.user.pk not in exclude]
        return self.rng.choice(pool or self.members).user

    # Time

    def office(self, moment, low):
        """Move a moment back into working hours in Paris."""
        local = moment.astimezone(PARIS)
        if local.weekday() >= 5 and self.rng.random() < 0.9:
            local -= timedelta(days=local.weekday() - 4)
            local = local.replace(hour=self.rng.randint(9, 17))
        if local.hour < 8:
            local -= timedelta(days=1 if local.weekday() else 3)
            local = local.replace(hour=self.rng.randint(9, 18))
        elif local.hour >= 19:
            local = local.replace(hour=self.rng.randint(9, 18))
        local = local.replace(minute=self.rng.randint(0, 59), second=self.rng.randint(0, 59))
        return local.astimezone(UTC) if local >= low else moment

    def spread(self, start, count, limit):
        """When the comments of a post came: quick first answers, then slower, and in
        working hours (a comment due in the night comes in the evening before)."""
        gaps = [max(2.0, self.rng.expovariate(1 / (45 if i == 0 else 150))) for i in range(count)]
        room = max((limit - start).total_seconds() / 60, count * 0.5)
        if sum(gaps) > room:
            factor = room * self.rng.uniform(0.6, 0.95) / sum(gaps)
            gaps = [g * factor for g in gaps]
        times, moment, previous = [], start, start
        for gap in gaps:
            moment += timedelta(minutes=gap)
            when = _working_before(moment)
            if when != moment:
                when -= timedelta(minutes=self.rng.uniform(0, 50))
            previous = max(when, previous + timedelta(minutes=1))
            times.append(previous)
        return times

    def later(self, moment, hours=30):
        """When someone reacted, voted or saved: after ``moment``, before now."""
        then = moment + timedelta(minutes=self.rng.uniform(3, hours * 60))
        return min(then, self.now - timedelta(minutes=1))

    # Plans to drafts

    def fans(self, kind, handcrafted):
        n = len(self.members) - 1
        if kind == A:
            return self.rng.randint(max(2, n // 3), max(3, 2 * n // 3))
        if not handcrafted:
            return self.rng.randint(0, max(1, min(5, n // 3)))
        return self.rng.randint(max(1, n // 5), max(2, min(10, n // 2)))

    def from_thread(self, thread, at):
        staff_only = thread.kind == A or self.group.posting_rule == "moderators"
        cast = {}
        author = self.member(thread.who, cast, staff=staff_only)
        for reply in thread.replies:  # stand-ins are drawn among the others
            if reply.who in self.by_name:
                cast.setdefault(reply.who, self.by_name[reply.who].user)
        times = self.spread(at, len(thread.replies), self.end)
        comments = []
        for reply, moment in zip(thread.replies, times, strict=True):
            person = self.member(reply.who, cast)
            hide = (self.member(reply.hide[0], staff=True), reply.hide[1]) if reply.hide else ()
            comments.append(
                _Comment(
                    person, reply.text, moment, reply.to, reply.pic, reply.votes, reply.react, hide
                )
            )
        return _Draft(
            author=author,
            kind=thread.kind,
            title=thread.title,
            body=thread.body,
            at=at,
            comments=comments,
            accepted=thread.accepted,
            pic=thread.pic,
            mood=thread.mood or DEFAULT_MOOD[thread.kind],
            fans=thread.fans if thread.fans is not None else self.fans(thread.kind, True),
            saved_by=tuple(self.by_name[n].user for n in thread.saved_by if n in self.by_name),
            edit=thread.edit,
            dismissed=thread.dismissed,
            closed=thread.closed,
        )

    def say(self, text, person, lang, slots):
        """In a bilingual group people comment in their own language."""
        speaker = person.language if self.plan.lang == "mix" else lang
        if isinstance(text, _Generic):
            text = self.rng.choice(GENERIC[speaker][text.key])
        elif isinstance(text, tuple):
            text = text[1] if speaker == "fr" else text[0]
        return _fill(text, slots)

    def from_template(self, template, at, limit):
        rng = self.rng
        lang = template.lang or (self.plan.lang if self.plan.lang != "mix" else "en")
        staff_only = self.group.posting_rule == "moderators"
        # Nobody asks a question that names them, nor gives an answer that names them;
        # where the owners and moderators are the experts, they answer and others ask.
        named = self.named(template.body, *template.answers)
        if self.plan.experts and template.kind == Q:
            named |= {m.user.pk for m in self.staff}
        author = self.present(
            at, lang if self.plan.lang == "mix" else None, exclude=named, staff=staff_only
        )
        slots = Slots(self, lang, author)
        title = template.title
        if isinstance(title, tuple):  # a variant not used yet, else one with {slots}
            fresh = [t for t in title if t not in self.titles]
            title = rng.choice(fresh or [t for t in title if "{" in t] or title)
        self.titles.add(title)
        title, body = _fill(title, slots), _fill(template.body, slots)
        pic = template.pic(rng, slots) if template.pic and rng.random() < 0.5 else None
        said = []  # (who, text, to, votes)

        def add(text, who=None, to=None, votes=0, exclude=()):
            if who is None and not isinstance(text, _Generic):
                exclude = {*exclude, *self.named(text)}
            person = who or self.present(at, exclude={author.pk, *exclude})
            said.append([person, text, to, votes])
            return len(said) - 1

        accepted = None
        if template.kind == Q:
            outcome = rng.choices(["unanswered", "open", "solved"], [22, 33, 45])[0]
            if outcome != "unanswered" and template.answers:
                if rng.random() < 0.25:
                    add(_Generic("same"))
                best = len(said)
                count = rng.randint(1, len(template.answers))
                for n, text in enumerate(template.answers[:count]):
                    votes = rng.randint(1, 5) if n == 0 else rng.choice([0, 0, 1, 2])
                    expert = None
                    if n == 0 and self.plan.experts:
                        expert = self.present(at, exclude=self.named(text), staff=True)
                    previous = {said[-1][0].pk} if said else set()
                    add(text, who=expert, votes=votes, exclude=previous)
                if outcome == "solved":
                    accepted = best
                    if rng.random() < 0.75:
                        add(_Generic("thanks"), who=author, to=best)
                elif rng.random() < 0.4:
                    add(_Generic("still"), who=author, to=best)
        else:
            count = rng.choice([0, 1, 1, 2, 2, 3]) if template.answers else 0
            for text in template.answers[:count]:
                add(text)
            for _n in range(rng.choice([0, 0, 1, 1, 2])):
                # A stock reply answers a real comment, never another stock line.
                worth = [n for n, entry in enumerate(said) if not isinstance(entry[1], _Generic)]
                if worth and rng.random() < 0.4:
                    to = rng.choice(worth)
                    add(_Generic("reply"), to=to, exclude={said[to][0].pk})
                else:
                    add(_Generic("agree"))
            worth = [n for n, entry in enumerate(said) if not isinstance(entry[1], _Generic)]
            if worth and rng.random() < 0.35:
                add(_Generic("author"), who=author, to=rng.choice(worth))
        times = self.spread(at, len(said), limit)
        comments = []
        for (person, text, to, votes), moment in zip(said, times, strict=True):
            react = ("like",) if rng.random() < 0.2 else ()
            comments.append(
                _Comment(
                    person, self.say(text, person, lang, slots), moment, to, None, votes, react
                )
            )
        return _Draft(
            author=author,
            kind=template.kind,
            title=title,
            body=body,
            at=at,
            comments=comments,
            accepted=accepted,
            pic=pic,
            mood=template.mood or DEFAULT_MOOD[template.kind],
            fans=self.fans(template.kind, False),
        )

    # Writing

    def run(self):
        plan, rng = self.plan, self.rng
        hand_times = []
        for thread in plan.threads:
            # Working hours keep the handcrafted threads in the order they are written.
            at = _working_before(self.end - timedelta(hours=thread.hours))
            at = max(at - timedelta(minutes=thread.hours), self.start)
            joined = self.by_name.get(thread.who)
            if joined is not None and joined.joined_at > at:
                at = min(joined.joined_at + timedelta(minutes=40), self.end)
            hand_times.append(min(at, self.end - timedelta(minutes=2)))
        first_hand = min(hand_times, default=self.end)
        limit = first_hand - timedelta(minutes=30)
        moments = sorted(
            self.office(self.start + (limit - self.start) * rng.random(), self.start)
            for _n in range(plan.volume)
        )
        deck, seen = self.deck(), set()
        for at in moments:
            # The same title twice in a forum looks made up: draw another template.
            for _attempt in range(len(plan.bank)):
                draft = self.from_template(next(deck), min(at, limit), limit)
                if (draft.title or draft.body) not in seen:
                    seen.add(draft.title or draft.body)
                    self.publish(draft)
                    break
        drafts = [self.from_thread(t, at) for t, at in zip(plan.threads, hand_times, strict=True)]
        for draft in sorted(drafts, key=lambda d: d.at):
            self.publish(draft)
        Group.objects.filter(pk=self.group.pk).update(last_activity_at=self.latest)
        return self.created

    def deck(self):
        """The bank's templates, shuffled, again and again."""
        while True:
            batch = list(self.plan.bank)
            self.rng.shuffle(batch)
            yield from batch

    def publish(self, draft):
        rng = self.rng
        post = create_post(
            author=draft.author,
            group=self.group,
            kind=draft.kind,
            title=draft.title,
            body=draft.body,
            files=[draft.pic.upload()] if draft.pic else [],
        )
        post.group = self.group  # keeps the door's membership cache for the marks below
        comments, read = [], {draft.author.pk: draft.at}
        for spec in draft.comments:
            target = comments[spec.to] if spec.to is not None else None
            body = _reply_body(spec.text, target) if target is not None else spec.text
            comment = create_comment(
                author=spec.author,
                post=post,
                body=body,
                reply_to=target,
                files=[spec.pic.upload()] if spec.pic else [],
            )
            comment.created_at = spec.at
            if spec.pic:
                Attachment.objects.filter(comment=comment).update(created_at=spec.at)
            if "@" in body:
                Mention.objects.filter(comment=comment).update(created_at=spec.at)
            read[spec.author.pk] = spec.at
            comments.append(comment)
        Comment.objects.bulk_update(comments, ["created_at"])
        last = comments[-1].created_at if comments else draft.at
        Post.objects.filter(pk=post.pk).update(created_at=draft.at, last_activity_at=last)
        post.created_at, post.last_activity_at = draft.at, last
        if draft.pic:
            Attachment.objects.filter(post=post, comment=None).update(created_at=draft.at)
        if "@" in draft.body:
            Mention.objects.filter(post=post, comment=None).update(created_at=draft.at)
        states = list(ThreadState.objects.filter(post=post, user_id__in=read))
        for state in states:
            state.read_at = read[state.user_id]
        ThreadState.objects.bulk_update(states, ["read_at"])
        self.latest = max(self.latest, last)
        self.created += 1

        if draft.edit:
            self.edit(post, draft, comments)
        self.reacted, self.voted = set(), set()
        for spec, comment in zip(draft.comments, comments, strict=True):
            self.mark_comment(post, draft, spec, comment)
        if draft.accepted is not None and draft.accepted < len(comments):
            accept_answer(actor=draft.author, post=post, comment=comments[draft.accepted])
        reactors = [m.user for m in self.members if m.user.pk != draft.author.pk]
        for person in rng.sample(reactors, min(draft.fans, len(reactors))):
            kinds = [rng.choices(draft.mood, [5, 3, 2, 1][: len(draft.mood)])[0]]
            if rng.random() < 0.1:
                kinds.append(rng.choice(draft.mood))
            for kind in set(kinds):
                self.react(person, post, kind)
        self.backdate_marks(post)
        for person in draft.saved_by:
            toggle_bookmark(user=person, post=post)
            Bookmark.objects.filter(post=post, user=person).update(created_at=self.later(last))
        if draft.dismissed:
            readers = [m.user for m in self.members if m.user.pk != draft.author.pk]
            chosen = rng.sample(readers, int(len(readers) * draft.dismissed))
            chosen += [p for p in readers if p.display_name in DEMO_LOGINS and p not in chosen]
            for person in chosen:  # the demo logins see only the newest ones pinned
                dismiss_announcement(user=person, post=post)
            for dismissal in Dismissal.objects.filter(post=post):
                dismissal.created_at = self.later(draft.at, 72)
                dismissal.save(update_fields=["created_at"])
        if draft.closed:
            close_post(actor=draft.author, post=post, closed=True)

    def backdate_marks(self, post):
        """Reactions and votes were made just now: move them to after what they mark."""
        if self.reacted:
            ReactionMark.objects.filter(post=post, comment=None).update(
                created_at=self.later(post.created_at)
            )
            ReactionMark.objects.filter(post=post, comment__isnull=False).update(
                created_at=self.later(post.last_activity_at)
            )
        if self.voted:
            Vote.objects.filter(comment__post=post).update(
                created_at=self.later(post.last_activity_at)
            )

    def edit(self, post, draft, comments):
        body = post.body
        for old, new in draft.edit:
            body = body.replace(old, new)
        own = [c.created_at for c in comments if c.author_id == draft.author.pk]
        moment = own[-1] if own else self.later(draft.at, 3)
        edit_post(actor=draft.author, post=post, title=post.title, body=body, version=post.version)
        Post.objects.filter(pk=post.pk).update(edited_at=moment)
        Revision.objects.filter(post=post).update(written_at=draft.at, replaced_at=moment)

    def mark_comment(self, post, draft, spec, comment):
        rng = self.rng
        others = [m.user for m in self.members if m.user.pk != comment.author_id]
        if post.kind == Q and spec.votes:
            for person in rng.sample(others, min(spec.votes, len(others))):
                toggle_vote(user=person, comment=comment)
                self.voted.add((person.pk, comment.pk))
        for kind in spec.react:
            for person in rng.sample(others, min(rng.randint(1, 3), len(others))):
                self.react(person, post, kind, comment)
        accepted = draft.accepted is not None and draft.comments.index(spec) == draft.accepted
        if accepted and comment.author_id != draft.author.pk:
            self.react(draft.author, post, "thanks", comment)
        if spec.hide:
            moderator, reason = spec.hide
            hide_comment(actor=moderator, comment=comment, hidden=True, reason=reason)
            Comment.objects.filter(pk=comment.pk).update(
                hidden_at=self.later(comment.created_at, 2)
            )

    def react(self, person, post, kind, comment=None):
        key = (person.pk, comment.pk if comment else None, kind)
        if key not in self.reacted:  # a second toggle would take it back
            toggle_reaction(user=person, post=post, kind=kind, comment=comment)
            self.reacted.add(key)


def _read_up_to_yesterday(people, groups, now):
    """The demo logins have read what is older than a day and a half: the rest shows as
    new for them, as it would after a weekend."""
    for person in people:
        if person.display_name not in DEMO_LOGINS:
            continue
        mine = Membership.objects.filter(user=person, group__in=groups).values("group")
        posts = Post.objects.filter(group__in=mine, last_activity_at__lt=now - timedelta(hours=36))
        for post in posts.select_related("group"):
            mark_read(user=person, post=post, up_to=post.last_comment_id)
        activity = Post.objects.filter(pk=OuterRef("post_id")).values("last_activity_at")[:1]
        ThreadState.objects.filter(user=person, post__in=posts, read_at__gte=now).update(
            read_at=Subquery(activity)
        )


@transaction.atomic
def create_demo_posts(people, now=None):
    """Fill the demo groups that have no posts yet; return how many posts were made."""
    now = now or timezone.now()
    created, filled = 0, []
    groups = {g.slug: g for g in Group.objects.filter(slug__in=[p.slug for p in PLANS])}
    with override_settings(POSTS_PER_MINUTE=10**9, COMMENTS_PER_MINUTE=10**9):
        for plan in PLANS:
            group = groups.get(plan.slug)
            if group is None or group.is_archived or Post.objects.filter(group=group).exists():
                continue
            created += _Seeder(group, plan, now).run()
            filled.append(group)
        if filled:
            _read_up_to_yesterday(people, filled, now)
    return created


# --- Words -------------------------------------------------------------------------------

VOCABULARY = {
    "customer": (
        "Acme Logistics",
        "Northwind Health",
        "Bellevue Hotels",
        "Groupe Vernier",
        "Halden Bank",
        "Maison Castel",
        "Orbis Energy",
        "Lumen Schools",
        "Cordier Transports",
        "Fjord Insurance",
        "Atelier Sorel",
        "Kestrel Retail",
        "Brightwater Utilities",
        "Mutuelle Horizon",
        "Pelican Foods",
    ),
    "feature:en": (
        "the invoice export",
        "the CSV import",
        "SSO login",
        "email notifications",
        "the reporting dashboard",
        "the public API",
        "calendar sync",
        "file previews",
        "the search",
        "the scheduling screen",
    ),
    "feature:fr": (
        "l'export des factures",
        "l'import CSV",
        "la connexion SSO",
        "les notifications par e-mail",
        "le tableau de bord",
        "l'API publique",
        "la synchro d'agenda",
        "l'aperçu des fichiers",
        "la recherche",
        "l'écran de planning",
    ),
    "day:en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    "day:fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi"),
    "city:en": ("Lyon", "London", "Dublin", "Montréal", "Berlin", "Madrid", "Brussels", "Milan"),
    "city:fr": ("Lyon", "Marseille", "Bordeaux", "Lille", "Nantes", "Toulouse", "Genève"),
    "service": (
        "billing-api",
        "auth",
        "search-indexer",
        "notifications-worker",
        "export-worker",
        "gateway",
        "webhooks",
    ),
    "kb": (
        "SSO: 'invalid signature' after a certificate rotation",
        "Whitelisting our emails",
        "Importing contacts from Excel",
        "Resetting two-factor login for a user",
        "Understanding your invoice",
        "Mobile app: clearing the cache",
        "Exporting large reports",
    ),
    "talk": (
        "Typing Django without tears",
        "Async views in production: what we learned",
        "Postgres indexes for Python developers",
        "Property-based testing with Hypothesis",
        "Reading a flame graph",
        "Ten years of Django migrations",
    ),
    "object": (
        "un chargeur USB-C",
        "des clés avec un porte-clés tour Eiffel",
        "une gourde bleue",
        "une écharpe grise",
        "un casque audio noir",
        "une veste en jean",
    ),
    "floor": ("2e", "3e", "4e"),
    "room": ("Jupiter", "Saturne", "Mars", "Vénus", "Mercure", "Neptune"),
    "area": ("République", "la gare de Lyon", "Bastille", "Oberkampf", "Saint-Lazare"),
    "book": (
        "La Vie devant soi, de Romain Gary",
        "Chanson douce, de Leïla Slimani",
        "L'Art de perdre, d'Alice Zeniter",
        "Le Mage du Kremlin, de Giuliano da Empoli",
        "Les Choses, de Georges Perec",
        "Petit Pays, de Gaël Faye",
        "La Horde du Contrevent, d'Alain Damasio",
        "Les Années, d'Annie Ernaux",
    ),
    "partner": ("Cloudway", "Datanest", "Helix CRM", "Pixelforge"),
    "competitor": ("Workvine", "Teamly", "Colabo"),
    "cause": ("the children's hospital in Lyon", "a food bank in Dublin", "cancer research"),
}

GENERIC = {
    "en": {
        "same": (
            "+1, I have the same question.",
            "Following: I'm interested in the answer too.",
            "Good question, I was wondering the same.",
        ),
        "thanks": (
            "Clear, thank you!",
            "Perfect, thanks!",
            "That's exactly what I needed, thanks 🙏",
            "Thanks — I'll add this to the FAQ.",
            "Great, that answers it. Thanks!",
        ),
        "still": (
            "Thanks. I'm not sure it covers my case though, I'll check and come back.",
            "Hmm, that's not what I was told last time. Can someone confirm?",
            "Thanks, I'll try that and report back.",
        ),
        "agree": (
            "Thanks for sharing!",
            "Very useful, saving this.",
            "Interesting — do we have numbers on this?",
            "Nice work 👏",
            "+1",
        ),
        "reply": (
            "Agreed.",
            "Good point.",
            "+1",
            "Makes sense to me.",
            "Good idea, let's try it.",
        ),
        "author": (
            "Thanks, noted!",
            "Good question — I'll check and update the post.",
            "Exactly.",
            "Thanks for the feedback, I'll take it into account.",
        ),
    },
    "fr": {
        "same": (
            "+1, je me pose la même question.",
            "Je suis le fil, la réponse m'intéresse aussi.",
            "Bonne question, je me demandais la même chose.",
        ),
        "thanks": (
            "Clair, merci !",
            "Parfait, merci !",
            "C'est exactement ce qu'il me fallait, merci 🙏",
            "Merci, je l'ajoute à la FAQ.",
            "Super, ça répond à ma question. Merci !",
        ),
        "still": (
            "Merci. Je ne suis pas sûr que ça couvre mon cas, je vérifie et je reviens.",
            "Ce n'est pas ce qu'on m'avait dit la dernière fois. Quelqu'un peut confirmer ?",
            "Merci, j'essaie et je vous dis.",
        ),
        "agree": (
            "Merci pour le partage !",
            "Très utile, je garde ça sous le coude.",
            "Intéressant — on a des chiffres ?",
            "Bravo 👏",
            "+1",
        ),
        "reply": (
            "D'accord avec ça.",
            "Bonne remarque.",
            "+1",
            "Ça me paraît logique.",
            "Bonne idée, essayons.",
        ),
        "author": (
            "Merci, c'est noté !",
            "Bonne question, je vérifie et je mets le message à jour.",
            "Exactement.",
            "Merci pour le retour, j'en tiens compte.",
        ),
    },
}


# --- The groups --------------------------------------------------------------------------
#
# Handcrafted threads come first in each group (newest first in the feed); the bank below
# them makes the older weeks.

SUPPORT = [
    Thread(
        "Lucas Petit",
        Q,
        "Android app 4.12.0 crashes at launch — can we pause the rollout?",
        """
        Since this morning's release we have **23 tickets** from Android users: the app
        closes right after the splash screen. All on Android 15 so far, mostly Samsung
        and Pixel phones.

        - Reinstalling does not help
        - iOS is fine
        - Kestrel Retail is affected (400 field users, they start at 7:00)

        Tickets per hour below. @antoine.caron can we pause the rollout? #mobile #release
        """,
        hours=3,
        pic=pic(
            "android-crash-tickets.png",
            bar_chart,
            "Crash tickets per hour — Android 4.12.0",
            ["8h", "9h", "10h", "11h", "12h", "13h", "14h"],
            [0, 2, 5, 7, 5, 3, 1],
            subtitle="Zendesk, tag android-4-12",
            highlight=3,
        ),
        replies=[
            Reply(
                "Antoine Caron",
                """
                Paused the staged rollout at 20 % a few minutes ago, so no new installs get
                4.12.0. It's the new PDF viewer: it calls an API that Android 15 removed for
                apps targeting SDK 35. The fix is in review, I'll ship 4.12.1 this afternoon.
                """,
                votes=4,
            ),
            Reply("Lucas Petit", "Thanks! What do I tell customers meanwhile?", to=0),
            Reply(
                "Antoine Caron",
                """
                *Settings → Apps → RSE → Uninstall updates* brings back 4.11.3, which works.
                Or wait for 4.12.1: it installs itself, hopefully before 18:00.
                """,
                to=1,
                votes=2,
            ),
            Reply(
                "Beatriz Santos",
                """
                I've added a macro *Android 4.12 crash — workaround* with those steps in
                English, French and Spanish. @farid.benali @victor.blanc please use it, so we
                can count the tickets with the tag `android-4-12`.
                """,
                react=("thanks",),
            ),
            Reply(
                "Felix Wagner",
                """
                Adding an Android 15 device to the release checklist: we only tested on 13
                and 14. My bad, sorry all.
                """,
                react=("like",),
            ),
        ],
        mood=("like", "thanks"),
        saved_by=("Bruno Lefèvre",),
    ),
    Thread(
        "Beatriz Santos",
        Q,
        "Password reset emails arrive in English for Spanish-speaking users",
        """
        Three users at Orbis Energy's Spanish subsidiary report that the *reset your
        password* email is in English, although their profile language is Spanish. The
        rest of the app is in Spanish for them.

        Where does the email take its language from — the browser, the account default?
        #i18n #email
        """,
        hours=5,
        fans=2,
    ),
    Thread(
        "Farid Benali",
        Q,
        "SSO loops back to the sign-in page for Northwind Health",
        """
        Northwind Health (1,200 seats) can't log in since yesterday evening: after typing
        their password on their Azure AD page, users get the error below and land back on
        our sign-in page. Their IT says *nothing changed on their side* 🙂

        Ticket #48213. I checked the SSO settings in the admin console, they look the same
        as last week. What else can I look at? #sso
        """,
        hours=26,
        pic=pic(
            "northwind-sso-error.png",
            screenshot,
            "Northwind Health — Sign in",
            "Sign-in failed: invalid signature",
            [
                "The SAML response signature could not be verified.",
                "Request ID 7f3c-91ab-22de",
                "If the problem persists, contact your administrator.",
            ],
            "Try again",
        ),
        replies=[
            Reply(
                "David Chen",
                """
                "Invalid signature" means their identity provider now signs with a
                certificate we don't know. Azure rotates its SAML signing certificate every
                few years, and their admin probably accepted the new one.

                1. Download the new *Federation Metadata XML* from their Azure enterprise app
                2. Admin console → Security → SSO → **Replace metadata**
                3. Ask one user to sign in again (no cache to clear)

                Accounts set up with a metadata *URL* refresh it every night and fix
                themselves; theirs was an uploaded file, so it never refreshes.
                """,
                votes=5,
            ),
            Reply(
                "Quentin Faure",
                """
                +1. In the logs: `saml: signature validation failed (cert 3F9A… not in
                trusted set)` for their tenant, 412 times since 18:10 yesterday.
                """,
                to=0,
                votes=2,
            ),
            Reply(
                "Farid Benali",
                """
                That was it: their admin sent me the XML, I uploaded it and users are in.
                Customer confirmed 👍 I'll suggest they switch to the metadata URL so it
                doesn't happen again.
                """,
                to=0,
                react=("celebrate",),
            ),
            Reply(
                "Isabelle Roux",
                """
                I'll turn this into a KB article: *SSO: "invalid signature" after a
                certificate rotation*. @david.chen can I reuse your steps?
                """,
            ),
            Reply("David Chen", "Of course, go ahead.", to=3),
        ],
        accepted=0,
        mood=("thanks", "insightful", "like"),
        saved_by=("Bruno Lefèvre", "Chloé Dubois"),
    ),
    Thread(
        "Bruno Lefèvre",
        D,
        "New escalation template — please use it from Monday",
        """
        After last month's review with engineering, here is the template for every
        escalation in this group. In most cases it saves a round trip.

        ```
        Customer: name, plan, seats
        Ticket: link
        What happens: steps, expected vs actual
        Since when / how many users:
        What we tried:
        Impact: blocking? workaround?
        ```

        Copy it, and when a field doesn't apply write *n/a* rather than deleting it.
        Questions welcome here. #process
        """,
        hours=50,
        pic=pic(
            "escalation-path.png",
            flow,
            "How an escalation travels",
            [
                "Support L1",
                "Support L2\n(Lyon)",
                "Engineering\nanswer",
                "Fix or\nworkaround",
                "Customer\nupdate",
            ],
            note="P1 (everyone blocked): page on-call directly, then post here.",
        ),
        replies=[
            Reply(
                "David Chen",
                """
                Thanks Bruno. From engineering's side, *What we tried* and *Since when* are
                the two fields that save us the most time.
                """,
            ),
            Reply(
                "Victor Blanc",
                "Can we add *Renewal date* for big accounts? It changes how fast we need an "
                "answer.",
            ),
            Reply(
                "Bruno Lefèvre",
                "Good idea — for accounts above 200 seats only, otherwise it's noise. Added.",
                to=1,
            ),
            Reply(
                "Maya Patel",
                """
                We'll keep answering within one business day, and P1s still go straight to
                on-call. I'll share the first-response times at the end of the month.
                """,
                react=("thanks",),
            ),
        ],
        mood=("thanks", "like"),
        saved_by=("Chloé Dubois",),
    ),
    Thread(
        "Victor Blanc",
        Q,
        "Can we export all invoices since 2023 as one PDF for Groupe Vernier?",
        """
        Their new finance director wants *every invoice since January 2023 in a single PDF*
        for an audit. The billing page lets you download them one at a time (38 invoices).
        Is there a bulk export, or can someone in engineering run it for us? #billing
        """,
        hours=75,
        replies=[
            Reply(
                "Farid Benali",
                """
                No bulk PDF in the product. What I did for Halden Bank last year: export the
                list as CSV from Billing → Invoices, then ask @hugo.bernard's team for the
                PDFs from the accounting tool, they can merge them in one go.
                """,
                votes=2,
            ),
            Reply(
                "Uma Singh",
                """
                I could script it from the billing database, but it needs a ticket in the
                data queue: it touches invoices, so Legal wants a trace. Open one and I'll
                pick it up this week.
                """,
                votes=1,
            ),
            Reply("Victor Blanc", "Opened DATA-311. Thanks Uma!", to=1),
        ],
    ),
]

PYTHON = [
    Thread(
        "Chloé Dubois",
        D,
        "Guild lunch on Thursday: Inès on htmx without a build step",
        """
        Next guild lunch is **Thursday 12:30**, room Mars in Paris and on video.

        @ines.moreau will show how the new feed pages work with htmx and server-rendered
        partials: no bundler, no SPA, and the pages still work without JavaScript.

        Pizza is on the guild budget: say here if you come in person so I order the right
        amount 🍕 #guild-lunch #htmx
        """,
        hours=4,
        pic=pic(
            "guild-lunch.png",
            poster,
            "Python guild lunch",
            [
                "Thursday 12:30 — room Mars + video",
                "htmx without a build step",
                "Pizza on the guild budget",
            ],
            subtitle="with Inès Moreau",
            accent=PALETTE[0],
        ),
        replies=[
            Reply(
                "Felix Wagner",
                "In person 🙋 Can you show how you test the partials? We only have Playwright "
                "around them.",
            ),
            Reply(
                "Inès Moreau",
                """
                Yes! The plain Django test client for the partials (check the `HX-Request`
                branch), Playwright only for the two flows that need a real browser.
                """,
                to=0,
                react=("insightful",),
            ),
            Reply("Uma Singh", "Remote, but very interested."),
            Reply(
                "Nicolas Girard",
                "In person, and I'll bring the HDMI adapter this time 😅",
                react=("funny",),
            ),
            Reply("David Chen", "Count me in. Vegetarian please."),
        ],
        mood=("like", "celebrate"),
    ),
    Thread(
        "David Chen",
        Q,
        "Anyone profiled uvicorn workers with py-spy inside a container?",
        """
        I'd like a flame graph of one uvicorn worker under load in staging. `py-spy record`
        says *Permission denied*, even as root in the container. Do we need `SYS_PTRACE`
        on the pod, and is that OK with security (@william.taylor)? #performance #kubernetes
        """,
        hours=9,
        fans=1,
    ),
    Thread(
        "Uma Singh",
        Q,
        "Why does this page run 240 queries?",
        """
        I'm adding a list of exports to the admin dashboard, and the debug toolbar says
        **240 queries** for 50 rows. The view is tiny:

        ```python
        exports = Export.objects.filter(account=account).order_by("-created_at")[:50]
        ```

        and the template shows `{{ export.created_by.display_name }}` and the number of
        files of each export. What's the idiomatic fix? #django #performance
        """,
        hours=28,
        replies=[
            Reply(
                "David Chen",
                """
                Two N+1s: one for `created_by` (a foreign key: `select_related`) and one for
                the files (a reverse relation: annotate a count rather than loading them).

                ```python
                from django.db.models import Count

                exports = (
                    Export.objects.filter(account=account)
                    .select_related("created_by")
                    .annotate(file_count=Count("files"))
                    .order_by("-created_at")[:50]
                )
                ```

                Then `{{ export.file_count }}` in the template: one query, whatever the
                number of rows.
                """,
                votes=6,
            ),
            Reply(
                "Chloé Dubois",
                """
                And add a test with `django_assert_num_queries` so it doesn't creep back:
                warm up, count, add 20 rows, count again — same number.
                """,
                to=0,
                votes=3,
                react=("insightful",),
            ),
            Reply("Uma Singh", "240 → 2 (the other one is the session). Thank you both!", to=0),
        ],
        accepted=0,
        mood=("insightful", "like"),
        saved_by=("Chloé Dubois",),
    ),
    Thread(
        "Inès Moreau",
        Q,
        "Can we drop black now that we run ruff format?",
        """
        Our pre-commit runs both `black` and `ruff format`. They agree 99 % of the time and
        fight over the rest (magic trailing commas, mostly). Is there a reason to keep
        black? #tooling
        """,
        hours=31,
        replies=[
            Reply(
                "Quentin Faure",
                "Historical: black came first, ruff format arrived later and nobody dared to "
                "remove black.",
            ),
            Reply(
                "Chloé Dubois",
                """
                No reason left: ruff format is designed as a drop-in replacement. Remove
                black from `.pre-commit-config.yaml` and the CI job in the same PR, and run
                `ruff format .` once so the diff is a single commit. I'll approve it.
                """,
                votes=4,
            ),
            Reply(
                "Inès Moreau",
                "PR is up: black removed, one formatting commit of 37 files, CI green.",
                to=1,
                react=("celebrate",),
            ),
        ],
        accepted=1,
    ),
    Thread(
        "Felix Wagner",
        D,
        "Flaky Playwright tests: what we learned in November",
        """
        Our end-to-end suite failed **1 run in 14** at the start of the month, mostly for
        nothing. It's now 1 in 120. What made the difference:

        1. Never `sleep()`: wait for what the user waits for (`expect(locator).to_be_visible()`)
        2. One browser context per test, no shared login state
        3. Freeze time in the two tests that show relative dates
        4. Retries are **off**: a flaky test is a bug, not bad luck

        Failed runs per 100 below. #testing #playwright
        """,
        hours=55,
        pic=pic(
            "flaky-runs.png",
            line_chart,
            "Flaky end-to-end runs per 100",
            ["W41", "W42", "W43", "W44", "W45", "W46", "W47", "W48"],
            {"failed runs / 100": [7.1, 6.5, 5.8, 3.2, 1.9, 1.2, 0.8, 0.8]},
            marker=(3, "retries off"),
        ),
        replies=[
            Reply(
                "Chloé Dubois", "Point 4 is the important one. Thanks for pushing on this, Felix."
            ),
            Reply(
                "Maya Patel",
                "Could this be a short talk at the next all-hands? Other teams have the same "
                "problem.",
            ),
            Reply("Felix Wagner", "Sure, 10 minutes max.", to=1),
            Reply(
                "Antoine Caron",
                "The mobile team's Appium tests could use the same rules, especially 1 and 3.",
            ),
        ],
        mood=("insightful", "like", "celebrate"),
    ),
]

PARIS_OFFICE = [
    Thread(
        "Zoé Lemaire",
        A,
        "Travaux au 3e étage : salles Jupiter et Saturne fermées la semaine prochaine",
        """
        Bonjour à toutes et à tous,

        Le syndic refait l'isolation des salles côté rue. **Du lundi au vendredi
        prochains**, les salles **Jupiter** et **Saturne** sont fermées.

        - Vos réservations ont été déplacées vers Mars ou Vénus (nouvelle invitation reçue)
        - La nouvelle petite salle **Mercure** (4 places, écran) ouvre dès lundi
        - Le bruit est annoncé surtout le matin : des casques anti-bruit vous attendent
          à l'accueil

        Plan ci-dessous. Merci de votre patience ! #travaux #salles
        """,
        hours=3,
        pic=pic(
            "plan-3e-etage.png",
            floor_plan,
            "3e étage : les salles pendant les travaux",
            [
                ("Jupiter", "closed"),
                ("Saturne", "closed"),
                ("Mars", "open"),
                ("Vénus", "open"),
                ("Mercure", "new"),
                ("Neptune", "open"),
                ("Pluton", "open"),
                ("Terre", "open"),
            ],
            subtitle="Du lundi au vendredi — fermées en rouge, nouvelle en bleu",
        ),
        replies=[
            Reply(
                "Thomas Mercier",
                """
                J'avais un client jeudi à 10 h dans Jupiter : il est bien passé en Vénus ?
                On sera 20, ça tient ?
                """,
            ),
            Reply(
                "Zoé Lemaire",
                """
                Oui, en Vénus, et on ajoute les chaises de Saturne : 20 places, c'est bon.
                Je préviens l'accueil pour les badges visiteurs.
                """,
                to=0,
            ),
            Reply("Camille Fontaine", "Merci pour les casques 🙏"),
            Reply(
                "Henri Dupont",
                """
                Précision : l'écran de Mercure se branche en USB-C uniquement, les
                adaptateurs HDMI sont dans le tiroir de l'accueil.
                """,
                react=("thanks",),
            ),
        ],
        mood=("thanks", "like"),
    ),
    Thread(
        "Paul Lambert",
        Q,
        "Le parking vélos du sous-sol reste ouvert pendant les travaux ?",
        """
        Question bête mais importante pour ceux qui viennent à vélo : l'accès au sous-sol
        passe par la cour, où les échafaudages vont être montés. On pourra toujours y
        garer nos vélos ? #velo
        """,
        hours=6,
        fans=2,
    ),
    Thread(
        "Camille Fontaine",
        Q,
        "Le VPN décroche toutes les 10 minutes depuis vendredi",
        """
        Depuis la mise à jour du client VPN vendredi, ma connexion tombe toutes les dix
        minutes environ, au bureau comme à la maison. Il faut tout relancer à chaque fois,
        c'est pénible en pleine visio. D'autres personnes dans ce cas ? #vpn
        """,
        hours=11,
        replies=[
            Reply(
                "Henri Dupont",
                """
                Tu es sur le Wi-Fi invité ou sur RSE-Corp ? Le Wi-Fi invité coupe les
                connexions longues, c'est voulu.
                """,
            ),
            Reply("Camille Fontaine", "Sur RSE-Corp, au 4e.", to=0),
            Reply(
                "Henri Dupont",
                """
                OK, je passe te voir demain matin avec @nicolas.girard, on regardera les
                journaux du client VPN ensemble.
                """,
                to=1,
            ),
            Reply("Xavier Robin", "Même chose pour moi depuis lundi, au 3e."),
        ],
    ),
    Thread(
        "Henri Dupont",
        D,
        "La nouvelle machine à café est installée au 2e ☕",
        """
        Elle est arrivée ce matin : café en grains, lait d'avoine, et même un chocolat
        chaud correct.

        Deux règles pour qu'elle vive longtemps :

        1. On vide le bac à marc quand le voyant s'allume (dix secondes)
        2. Pas de sucre dans le réservoir à lait. Oui, c'est déjà arrivé.

        Le contrat d'entretien passe par moi : signalez toute panne ici. #cafe
        """,
        hours=28,
        pic=pic("machine-a-cafe.png", photo, "La nouvelle machine — 2e étage", "office", 4, "room"),
        replies=[
            Reply("Paul Lambert", "Enfin ! Le lait d'avoine change tout."),
            Reply(
                "Inès Moreau",
                "La règle n° 2 cache une histoire que je veux connaître 😄",
                react=("funny",),
            ),
            Reply(
                "Henri Dupont",
                "Je ne dénoncerai personne. Mais cette personne se reconnaîtra.",
                to=1,
                react=("funny",),
            ),
            Reply(
                "Hugo Bernard",
                "Pour info, c'est bien sur le budget des services généraux, pas sur celui des "
                "équipes 😉",
            ),
        ],
        mood=("celebrate", "funny", "like"),
    ),
    Thread(
        "Hugo Bernard",
        Q,
        "Comment réserver une salle pour 25 personnes un vendredi ?",
        """
        J'organise la clôture budgétaire avec toute la finance et les managers,
        **25 personnes**, vendredi en huit. Les salles de l'outil de réservation montent
        à 20 places. On a une autre solution au bureau ? #salles
        """,
        hours=52,
        replies=[
            Reply(
                "Henri Dupont",
                """
                L'espace cafétéria du rez-de-chaussée se réserve pour 40 personnes **le
                vendredi après 14 h** (une fois la cantine fermée). Ça ne passe pas par
                l'outil : écris à l'accueil, ils bloquent le créneau et installent l'écran
                mobile.
                """,
                votes=3,
            ),
            Reply(
                "Zoé Lemaire",
                """
                Sinon, Vénus + Mars en ouvrant la cloison, mais il faut 30 minutes aux
                services généraux et c'est moins confortable.
                """,
                votes=1,
            ),
            Reply("Hugo Bernard", "Parfait, créneau bloqué de 14 h à 17 h. Merci !", to=0),
        ],
        accepted=0,
    ),
    Thread(
        "Zoé Lemaire",
        D,
        "Afterwork jeudi sur la terrasse du 7e — qui vient ?",
        """
        On profite des derniers soirs doux : **jeudi à partir de 18 h 30** sur la terrasse.
        Boissons et planches offertes par le CSE, playlist à proposer en commentaire.

        Dites-moi si vous venez pour que je commande ce qu'il faut ! #afterwork
        """,
        hours=75,
        pic=pic("terrasse-7e.png", photo, "Terrasse du 7e — l'afterwork de septembre", "sunset", 3),
        replies=[
            Reply("Xavier Robin", "Présent !"),
            Reply(
                "Karima Haddad",
                "Je viens avec les deux nouvelles recrues de la finance, ça leur fera rencontrer "
                "du monde.",
            ),
            Reply(
                "Sofia Rossi",
                "I'll be there! Sorry, my French is still slow — but I understand everything 😅",
            ),
            Reply("Zoé Lemaire", "Welcome Sofia, sur la terrasse on parle les deux 😉", to=2),
            Reply("Alice Martin", "Je passe vers 19 h, après le comité."),
        ],
        mood=("celebrate", "like"),
    ),
]

EXPENSES = [
    Thread(
        "Hugo Bernard",
        A,
        "Receipts before the 5th / Justificatifs avant le 5",
        """
        **EN** — Month-end closing starts on the 5th: expense reports sent after that are
        paid the following month. The three reasons reports get sent back:

        - a photo of the card slip instead of the itemised receipt
        - a hotel bill without the breakdown per night
        - a meal without the names of the attendees

        **FR** — La clôture démarre le 5 : les notes déposées après sont remboursées le
        mois suivant. Les trois motifs de refus les plus fréquents :

        - le ticket de carte bancaire au lieu de la facture détaillée
        - une facture d'hôtel sans le détail des nuits
        - un repas sans le nom des participants

        Questions below / vos questions en commentaire. #expenses #notesdefrais
        """,
        hours=2,
        replies=[
            Reply("Emma Wilson", "Does the 5th include weekends? It's a Sunday this month."),
            Reply(
                "Élodie Garnier",
                "Good catch: when the 5th is a weekend, we take reports until Monday 9:00.",
                to=0,
                react=("thanks",),
            ),
            Reply(
                "Bruno Lefèvre",
                "Et pour l'équipe support de Lyon, toujours le même circuit de validation ?",
            ),
            Reply(
                "Élodie Garnier",
                "Oui : validation par le manager puis par moi, rien ne change.",
                to=2,
            ),
        ],
        mood=("thanks", "like"),
    ),
    Thread(
        "Isabelle Roux",
        Q,
        "Déjeuner avec un client : qui paie, et qui note-t-on comme participants ?",
        """
        Jeudi je déjeune avec deux personnes de chez Lumen Schools et @victor.blanc. Si je
        paie, je note les noms des clients dans ma note ? Et Victor doit-il faire une note
        séparée pour sa part ? #notesdefrais
        """,
        hours=8,
        fans=1,
    ),
    Thread(
        "Emma Wilson",
        Q,
        "Per diem for a 2-day trip to Lyon: is breakfast included?",
        """
        I'm visiting two customers in Lyon next week (one night). The hotel rate includes
        breakfast. Do I still claim the full meal allowance, or do I deduct something?
        #expenses #travel
        """,
        hours=26,
        replies=[
            Reply(
                "Élodie Garnier",
                """
                If breakfast is included in the hotel rate, you don't claim it separately.
                In France the allowance is **€20.20 per meal** (lunch and dinner), capped at
                what you actually spent: keep the receipts. Pick *Hotel incl. breakfast* in
                the app and it does the maths.
                """,
                votes=4,
            ),
            Reply(
                "Paul Lambert",
                """
                Also: book through the travel tool. The Lyon hotels we have a rate with are
                pre-approved, no need for your manager's OK.
                """,
                votes=2,
            ),
            Reply("Emma Wilson", "Clear, thank you Élodie!", to=0),
        ],
        accepted=0,
        saved_by=("Chloé Dubois",),
    ),
    Thread(
        "Bruno Lefèvre",
        Q,
        "Note refusée pour « justificatif illisible » alors que la photo est nette ?",
        """
        Ma note du déplacement chez Groupe Vernier a été refusée, motif *justificatif
        illisible*. Pourtant la photo du reçu de taxi est nette (ci-dessous). Qu'est-ce
        qui cloche ? #notesdefrais
        """,
        hours=50,
        pic=pic(
            "recu-taxi.png",
            receipt,
            "TAXI PARISIEN",
            [("Course Gare de Lyon", 34.50), ("Supplément bagage", 2.00), ("Pourboire", 3.50)],
            "mardi — 18:42",
            "Merci de votre confiance",
        ),
        replies=[
            Reply(
                "Élodie Garnier",
                """
                La photo est nette, mais c'est le **reçu de course**, sans le SIRET du
                chauffeur ni la TVA : pour la compta ce n'est pas une facture. Dans l'appli
                du taxi → *Mes courses* → *Télécharger la facture* (PDF). Joins-la à la
                place et resoumets, je valide dans la foulée.
                """,
                votes=3,
            ),
            Reply("Bruno Lefèvre", "Trouvée et resoumise. Merci Élodie 🙏", to=0),
            Reply(
                "Lucas Petit",
                "Bon à savoir, j'ai trois courses dans le même cas 😬",
                react=("funny",),
            ),
        ],
        accepted=0,
    ),
    Thread(
        "Uma Singh",
        Q,
        "Can I expense a second monitor for working from home?",
        """
        I work from home three days a week and a second screen would help a lot. Is that
        an expense (up to what amount?) or does it go through IT? #remote #equipment
        """,
        hours=74,
        replies=[
            Reply(
                "Paul Lambert",
                """
                I think it's IT, not expenses: there's a home-office kit in the IT catalogue.
                Not sure monitors are in it, though.
                """,
            ),
            Reply(
                "Hugo Bernard",
                """
                Correct, not an expense report. The home-office policy is being rewritten
                with HR — @alice.martin should have news before the end of the month.
                """,
                votes=2,
            ),
        ],
    ),
]

PRODUCT = [
    Thread(
        "Rachel Kim",
        D,
        "What customers asked for in October: the top 5",
        """
        I went through 64 call notes, 212 support tickets tagged *feature request* and the
        sales team's lost-deal reasons. The top 5, by number of **distinct accounts**:

        | # | Request | Accounts |
        |---|---|---|
        | 1 | Bulk invoice export (PDF) | 31 |
        | 2 | Dark mode | 24 |
        | 3 | SCIM user provisioning | 19 |
        | 4 | Custom fields on contacts | 15 |
        | 5 | Offline mode in the mobile app | 11 |

        Bulk export is in discovery now; SCIM is planned for Q1. Tell me what's missing from
        this picture. #roadmap
        """,
        hours=5,
        pic=pic(
            "top-requests-october.png",
            bar_chart,
            "Top requests in October",
            ["Bulk export", "Dark mode", "SCIM", "Custom fields", "Offline"],
            [31, 24, 19, 15, 11],
            subtitle="Distinct accounts asking — calls, tickets, lost deals",
        ),
        replies=[
            Reply(
                "Beatriz Santos",
                """
                Bulk export: support gets about 5 tickets a week about it, so 31 accounts
                sounds low. Some customers ask by email and we don't tag those.
                """,
            ),
            Reply(
                "Rachel Kim",
                "Good point. Can you tag them `bulk-export` for the next two weeks? I'll recount.",
                to=0,
            ),
            Reply(
                "Daniel Murphy",
                """
                For the public sector, SCIM is a **hard requirement** in tenders now. We
                lost a city council's tender on it last month.
                """,
                react=("insightful",),
            ),
            Reply(
                "Grace Liu",
                "Noted — that's the kind of signal that moves it up. Can you send me the tender "
                "clause?",
                to=2,
            ),
            Reply(
                "Victor Blanc",
                "Offline mode comes up in every renewal with field teams (Kestrel Retail, Cordier "
                "Transports).",
            ),
        ],
        mood=("insightful", "like"),
        saved_by=("Chloé Dubois",),
    ),
    Thread(
        "Gabrielle Roy",
        Q,
        "Can webinar registrants become contacts automatically?",
        """
        We run a webinar every month (about 300 registrants). Today I export a CSV from the
        webinar tool and import it by hand. Is an integration planned, or is there a way
        with the API? #integrations #marketing
        """,
        hours=8,
        fans=2,
    ),
    Thread(
        "Olivia Brown",
        Q,
        "Do we have a date for dark mode? Three prospects asked this week",
        """
        Three prospects in a row asked about dark mode in demos (two of them in healthcare,
        with night shifts). I'd like to give them an honest answer: *planned for X*, or
        *not planned*? #darkmode
        """,
        hours=28,
        replies=[
            Reply(
                "Sofia Rossi",
                """
                Design side: the colour tokens are ready, we moved every hard-coded colour to
                variables in the summer. What's left is QA on about 40 screens, and the
                charts.
                """,
                votes=1,
            ),
            Reply(
                "Grace Liu",
                """
                Honest answer for now: *on the roadmap, not scheduled*. I'll know more after
                planning on the 15th. Please don't promise a quarter.
                """,
                votes=3,
            ),
            Reply("Olivia Brown", "Fair. I'll use exactly those words.", to=1),
        ],
    ),
    Thread(
        "Sofia Rossi",
        D,
        "New date picker — feedback wanted before Friday",
        """
        The date picker of the scheduling screen is the first source of *I picked the
        wrong day* tickets. The new version:

        - type a date (`12/03`, `next friday`) or click
        - weeks start on Monday for French and British users, Sunday for US ones
        - keyboard: arrows to move, Enter to pick, Esc to close

        It's behind a flag in staging. Try it and comment here — especially with a screen
        reader. #design #accessibility
        """,
        hours=52,
        pic=pic(
            "date-picker.png",
            calendar,
            "New date picker",
            "December",
            0,
            31,
            12,
            subtitle="Staging, behind the flag new-date-picker",
        ),
        replies=[
            Reply(
                "Lucas Petit",
                "Typing `next friday` is great. Does it work in French — `vendredi prochain` ?",
            ),
            Reply("Sofia Rossi", "Not yet, English keywords only. Noting it.", to=0),
            Reply(
                "Chloé Dubois",
                """
                Tested with VoiceOver: the grid announces *button 12* without the month.
                I'll send a fix for the labels.
                """,
                react=("thanks",),
            ),
            Reply("Sofia Rossi", "Thanks Chloé, that's exactly the kind of thing I needed.", to=2),
            Reply(
                "James O'Connor",
                """
                The customer who reported it is Mr Martin at Bellevue Hotels, his mobile is
                +44 7700 900123 if you want to call him.
                """,
                hide=(
                    "Rachel Kim",
                    "A customer's personal phone number: please link the CRM contact instead.",
                ),
            ),
        ],
        mood=("like", "insightful"),
    ),
]

NEWS = [
    Thread(
        "Alice Martin",
        A,
        "Welcome to RSE, our new internal network / Bienvenue sur RSE",
        """
        From today, company news, group discussions and questions live here rather than in
        email threads.

        - **Ask in the right group**: questions and their accepted answers stay
          searchable for the next person
        - **Follow** the colleagues and groups you care about, **@mention** someone to get
          their attention
        - Tag your posts with **#topics** such as #onboarding or #expenses so that others
          find them

        ---

        À partir d'aujourd'hui, les actualités, les discussions de groupe et les questions
        vivent ici plutôt que dans des fils d'e-mails. Posez vos questions dans le bon
        groupe, suivez vos collègues, et utilisez les **#sujets** pour qu'on retrouve vos
        messages.

        Feedback welcome below / vos retours en commentaire. #rse
        """,
        hours=3,
        replies=[
            Reply(
                "Thomas Mercier",
                "Enfin ! Je supprime trois listes de diffusion ce soir.",
                react=("funny",),
            ),
            Reply(
                "Grace Liu",
                """
                Congratulations to everyone who made this happen. Product feedback goes to
                the *Product feedback* group from now on 🙂
                """,
            ),
            Reply("Lucas Petit", "Est-ce qu'il y a une appli mobile ?"),
            Reply(
                "Alice Martin",
                """
                Pas d'appli à installer : le site s'utilise très bien sur téléphone, et les
                notifications arrivent aussi par e-mail.
                """,
                to=2,
            ),
            Reply("James O'Connor", "Can we get the email notifications as one daily digest?"),
            Reply(
                "Olivia Brown",
                "Yes, that's planned: one email a day with what you missed in your groups.",
                to=4,
            ),
            Reply(
                "Yasmine Cherif",
                """
                Bienvenue sur RSE 🎉 Pour les nouveaux arrivants, le parcours d'onboarding
                pointe maintenant vers les groupes utiles. #onboarding
                """,
            ),
        ],
        mood=("celebrate", "thanks", "like"),
    ),
    Thread(
        "Olivia Brown",
        D,
        "Q3 results: 118 % of our new-business target 🎉",
        """
        Thank you all — a record quarter:

        - **118 %** of the new-business target, led by the public sector (+40 % year on
          year)
        - Gross retention at **94 %**, our best ever
        - Support satisfaction at **4.7/5**, despite the October mobile incident

        Chart below; the full deck is in the all-hands recording. Special thanks to the
        sales team in Dublin and the support team in Lyon. #results
        """,
        hours=27,
        pic=pic(
            "q3-results.png",
            bar_chart,
            "New business vs target",
            ["Q4 last year", "Q1", "Q2", "Q3"],
            [92, 101, 97, 118],
            subtitle="Percentage of the quarterly target",
            unit=" %",
            highlight=3,
        ),
        replies=[
            Reply("Daniel Murphy", "The public-sector team says thanks! 🍀"),
            Reply(
                "Bruno Lefèvre",
                "Bravo à tous, et merci pour le clin d'œil à l'équipe de Lyon.",
            ),
            Reply(
                "Hugo Bernard",
                "Pour celles et ceux qui demandent : oui, ça compte pour l'intéressement 😉",
                react=("celebrate", "funny"),
            ),
            Reply("Felix Wagner", "🎉🎉🎉"),
        ],
        mood=("celebrate", "like"),
        fans=22,
    ),
    Thread(
        "Alice Martin",
        D,
        "Please welcome the colleagues who joined us over the summer 👋",
        """
        Four people joined us since July — if you haven't met them yet:

        - @grace.liu, our head of product, in Montréal
        - @henri.dupont, helpdesk in Paris (lost badge, grumpy printer: Henri)
        - @isabelle.roux, who edits our knowledge base, in Lyon
        - @jack.evans, growth marketing, in London

        Say hello, and invite them to your groups! #onboarding
        """,
        hours=70,
        replies=[
            Reply(
                "Henri Dupont",
                "Merci ! Et n'hésitez pas : badge perdu, imprimante capricieuse → moi 😄",
                react=("funny",),
            ),
            Reply(
                "Jack Evans",
                "Thanks everyone, I already feel at home. Ping me for anything campaigns and "
                "analytics.",
            ),
            Reply("Rachel Kim", "Welcome Grace — so glad to have you with us in Montréal!"),
            Reply(
                "Isabelle Roux",
                "Merci pour l'accueil ! Vos idées d'articles pour la FAQ sont bienvenues.",
            ),
        ],
        mood=("like", "celebrate"),
    ),
    Thread(
        "Alice Martin",
        A,
        "New remote-work policy from January / Nouvelle charte télétravail",
        """
        After the consultation with the staff representatives, the new remote-work policy
        applies **from 1 January**:

        - up to **3 days a week** at home, agreed with your manager
        - a **home-office allowance of €30 a month**, paid with the salary
        - one *team day* a week on site, chosen by each team

        The full text is on the HR page; questions to @yasmine.cherif or below.

        ---

        **FR** — La nouvelle charte s'applique **au 1er janvier** : jusqu'à **3 jours par
        semaine** en télétravail, une **indemnité de 30 € par mois**, et un jour d'équipe
        sur site par semaine. #remote #hr
        """,
        hours=120,
        edit=(("€30 a month", "€35 a month"), ("30 € par mois", "35 € par mois")),
        replies=[
            Reply("Emma Wilson", "Does the allowance apply to part-time staff too?"),
            Reply("Yasmine Cherif", "Yes, pro rata of the working time.", to=0),
            Reply(
                "Quentin Faure",
                "Et pour les personnes déjà à 100 % en télétravail (contrat remote) ?",
            ),
            Reply(
                "Yasmine Cherif",
                "Rien ne change pour les contrats « remote », ils gardent leurs conditions.",
                to=2,
            ),
            Reply(
                "Alice Martin",
                """
                Correction: the allowance is **€35**, not €30 — the post is updated. Sorry
                for the confusion! / Correction : l'indemnité est de **35 €**.
                """,
                react=("thanks",),
            ),
        ],
        mood=("thanks", "like", "insightful"),
        dismissed=0.6,
    ),
]

BOOK_CLUB = [
    Thread(
        "Gabrielle Roy",
        D,
        "L'Anomalie : vos impressions avant jeudi ?",
        """
        On en discute jeudi à 18 h 30 (salle Mars à Lyon, et en visio). Pour lancer le
        débat sans rien dévoiler de la fin :

        - quel personnage vous a le plus marqué ?
        - le changement de ton à mi-livre vous a-t-il plu… ou agacé ?

        Pas de spoilers en commentaire s'il vous plaît : commencez par « SPOILER » si vous
        ne pouvez pas vous retenir. #lecture
        """,
        hours=4,
        pic=pic(
            "club-lecture.png",
            poster,
            "Club lecture — ce mois-ci",
            [
                "L'Anomalie, d'Hervé Le Tellier",
                "Jeudi 18 h 30 — salle Mars (Lyon) + visio",
                "Thé et galettes offerts",
            ],
            subtitle="Un livre par mois, une discussion",
        ),
        replies=[
            Reply(
                "Bruno Lefèvre",
                "Blake, sans hésiter. Je ne m'attendais pas à m'attacher à un tueur à gages 😅",
            ),
            Reply(
                "Inès Moreau",
                "Le début m'a perdue avec tous ces personnages, puis impossible de le lâcher.",
            ),
            Reply(
                "Xavier Robin",
                "Pareil. J'ai fini par faire la liste des personnages sur un post-it.",
                to=1,
                react=("funny",),
            ),
            Reply("Élodie Garnier", "Je n'en ai lu que la moitié, je viens quand même ?"),
            Reply("Gabrielle Roy", "Bien sûr ! On ne parle de la fin qu'après 19 h 30 😉", to=3),
        ],
        mood=("like", "funny"),
    ),
    Thread(
        "Isabelle Roux",
        D,
        "Livre du mois prochain : on vote ?",
        """
        Trois propositions, votez en commentaire (une réponse = une voix) :

        1. *Veiller sur elle*, de Jean-Baptiste Andrea
        2. *Le Mage du Kremlin*, de Giuliano da Empoli
        3. *Kiffe kiffe demain*, de Faïza Guène

        Résultat vendredi midi. #lecture
        """,
        hours=50,
        replies=[
            Reply("Farid Benali", "1, on me l'a offert et il attend sur ma table de nuit."),
            Reply("Camille Fontaine", "2 !"),
            Reply("Quentin Faure", "1, pour changer des livres courts."),
            Reply("Lucas Petit", "3, je l'ai lu au lycée et j'aimerais le relire."),
            Reply(
                "Isabelle Roux",
                "Résultat : *Veiller sur elle* l'emporte avec 6 voix. Bonne lecture !",
                react=("celebrate",),
            ),
        ],
        closed=True,
    ),
    Thread(
        "Bruno Lefèvre",
        D,
        "",
        """
        La séance de jeudi à Lyon : neuf sur place, quatre en visio, et un débat animé sur
        *Yoga* de Carrère. Merci Gabrielle pour les galettes ! 📚 #lecture
        """,
        hours=150,
        pic=pic(
            "club-lecture-lyon.png", photo, "Club lecture — jeudi soir à Lyon", "autumn", 7, "table"
        ),
        replies=[
            Reply("Gabrielle Roy", "Merci à vous ! Le compte rendu est sur le wiki."),
            Reply("Zoé Lemaire", "Dommage, j'étais en salon à Nantes. La prochaine fois !"),
        ],
        mood=("like", "celebrate"),
    ),
]

SALES = [
    Thread(
        "Emma Wilson",
        Q,
        "Pricing exception: 28 % off for Bellevue Hotels on a 3-year deal?",
        """
        Bellevue Hotels (42 hotels, 1,800 seats) is ready to sign a **3-year** contract if
        we go to **28 %** off list, paid annually upfront. Our policy needs an approval
        above 20 %.

        - ACV at 28 %: €216k
        - A competitor offered 30 % on a 1-year deal
        - They'd be our reference account for hospitality

        Approve? #pricing #approval
        """,
        hours=3,
        replies=[
            Reply(
                "Daniel Murphy",
                "A hospitality reference would help me with two tenders in Ireland. +1.",
            ),
            Reply(
                "Grace Liu",
                "Fine on the product side, as long as the contract doesn't promise offline mode.",
            ),
            Reply(
                "Thomas Mercier",
                """
                Approved: **28 % for 3 years, paid upfront**, with a price protection capped
                at 5 % at renewal, and no roadmap commitment (thanks Grace). Emma, send me
                the order form and I'll countersign today.
                """,
                votes=3,
            ),
            Reply("Emma Wilson", "Sent. Thank you!", to=2, react=("celebrate",)),
        ],
        accepted=2,
        mood=("celebrate", "like"),
    ),
    Thread(
        "Thomas Mercier",
        D,
        "Forecast call on Monday: pipeline by stage",
        """
        Ahead of Monday 9:30, here's where we stand for the quarter. Commit is
        **€1.42M** against a €1.5M target: the gap is in *Negotiation*.

        Each of you, please come with the three deals you'd bet on, and the one that
        worries you. #forecast
        """,
        hours=28,
        pic=pic(
            "pipeline-by-stage.png",
            bar_chart,
            "Pipeline by stage (€k, weighted)",
            ["Discovery", "Demo", "Proposal", "Negotiation", "Closed won"],
            [2140, 1460, 980, 610, 890],
            subtitle="This quarter — commit €1.42M vs target €1.5M",
            highlight=3,
        ),
        replies=[
            Reply(
                "James O'Connor",
                "Worried about Halden Bank: their security questionnaire is still open, 140 "
                "questions 😬",
            ),
            Reply(
                "Thomas Mercier",
                "Send it to William and me, we'll split it this week.",
                to=0,
            ),
            Reply(
                "Daniel Murphy",
                "Two public-sector deals slipped to January (budget votes). Moving them out of "
                "this quarter.",
            ),
        ],
    ),
    Thread(
        "Grace Liu",
        D,
        "Packaging for next year: what are you hearing in the field?",
        """
        We're reviewing our three plans for next year. Before we draw anything: which
        feature do prospects expect in *Starter* that we only sell in *Business*? And
        what does nobody use? Rough notes are fine. #pricing #packaging
        """,
        hours=55,
        replies=[
            Reply(
                "Emma Wilson", "SSO. Everyone expects SSO in every plan now; it blocks small deals."
            ),
            Reply(
                "James O'Connor",
                "Never used: the custom report builder in Starter. Nobody opens it.",
            ),
            Reply(
                "Grace Liu",
                "SSO in all plans is on the table. Would it cost us upsells to Business?",
                to=0,
            ),
            Reply(
                "Thomas Mercier",
                "A few, but we'd win more deals than we'd lose. Let's model it with Paul.",
                to=2,
            ),
        ],
        mood=("insightful", "like"),
    ),
]

HR_TEAM = [
    Thread(
        "Yasmine Cherif",
        D,
        "Entretiens annuels : le calendrier de la campagne",
        """
        La campagne démarre lundi. Le calendrier :

        1. **Semaine 1** : envoi des trames aux managers
        2. **Semaines 2 à 4** : entretiens (1 h, en présentiel si possible)
        3. **Semaine 5** : synthèse, demandes de formation à nous remonter
        4. **Semaine 6** : revue des augmentations avec le comité

        @karima.haddad accompagne les managers, je m'occupe des relances. #entretiens
        """,
        hours=4,
        pic=pic(
            "campagne-entretiens.png",
            flow,
            "Campagne d'entretiens annuels",
            [
                "Trames aux\nmanagers",
                "Entretiens\n(3 semaines)",
                "Synthèse et\nformations",
                "Revue avec\nle comité",
            ],
            note="Les augmentations validées avant le 20 passent sur la paie du mois.",
        ),
        replies=[
            Reply(
                "Alice Martin",
                "Parfait. J'ajoute un rappel dans les actualités de la société lundi matin.",
            ),
            Reply(
                "Élodie Garnier",
                """
                Côté paie : les augmentations validées avant le 20 passent sur la paie du
                mois, sinon sur la suivante.
                """,
            ),
            Reply("Karima Haddad", "Noté, je l'indique dans la FAQ des managers.", to=1),
        ],
    ),
    Thread(
        "Karima Haddad",
        Q,
        "Mutuelle : l'optique est-elle couverte dès l'arrivée ?",
        """
        Un candidat qui commence le 2 janvier me demande si la mutuelle couvre l'optique
        dès le premier jour ou s'il y a un délai de carence. Quelqu'un a la réponse ?
        #mutuelle
        """,
        hours=30,
        replies=[
            Reply(
                "Élodie Garnier",
                """
                Pas de carence : la couverture démarre à la date d'entrée, optique comprise
                (un équipement tous les deux ans). Je t'envoie le tableau des garanties.
                """,
                votes=2,
            ),
            Reply("Karima Haddad", "Parfait, merci ! Je lui transmets.", to=0),
        ],
        accepted=0,
    ),
    Thread(
        "Alice Martin",
        D,
        "Onboarding : la nouvelle checklist des premiers jours",
        """
        Suite aux retours des dernières arrivées, la checklist passe de 34 à **12 étapes**,
        en quatre temps :

        - **J-5** : matériel prêt, comptes créés (avec l'IT)
        - **J1** : accueil, tour du bureau, déjeuner avec le manager
        - **Semaine 1** : rencontres avec cinq personnes clés, groupes RSE à rejoindre
        - **Mois 1** : rapport d'étonnement avec nous

        On la teste avec les deux arrivées de janvier. Vos remarques ? #onboarding
        """,
        hours=60,
        pic=pic(
            "onboarding-etapes.png",
            flow,
            "Onboarding : les quatre temps",
            [
                "J-5\nmatériel,\ncomptes",
                "J1\naccueil",
                "Semaine 1\nrencontres",
                "Mois 1\nrapport\nd'étonnement",
            ],
        ),
        replies=[
            Reply(
                "Yasmine Cherif",
                "Top. On peut ajouter la visite médicale en semaine 1 ? On l'oublie une fois sur "
                "deux.",
            ),
            Reply("Alice Martin", "Ajoutée !", to=0),
        ],
        mood=("like", "thanks"),
    ),
]

ON_CALL = [
    Thread(
        "Quentin Faure",
        D,
        "Incident review: the PostgreSQL failover took 9 minutes on Tuesday",
        """
        Blameless review of Tuesday's incident (14:18-14:27: API errors and slow pages for
        every customer).

        **What happened.** The primary lost its disk at 14:18. The failover to the replica
        worked, but the app kept its connections to the old primary until the pool timed
        out (**8 min 40 s**).

        **What went well.** Alert within 40 s; the status page was updated at 14:22 by
        @bruno.lefevre's team.

        **Actions**

        - [ ] Pool health checks so that a dead host is dropped in < 30 s — @david.chen
        - [ ] A failover drill in staging every month — me
        - [ ] A pre-written status page message for *degraded performance* — @maya.patel

        Latency below. Comments and corrections welcome before Friday. #incident #postgres
        """,
        hours=2,
        pic=pic(
            "failover-latency.png",
            line_chart,
            "API latency during the failover",
            [f"14:{m:02d}" for m in range(0, 60, 5)],
            {
                "p95 (ms)": [180, 190, 185, 200, 2400, 5200, 4800, 900, 260, 210, 190, 185],
                "p50 (ms)": [60, 62, 61, 65, 900, 1800, 1500, 300, 80, 70, 65, 62],
            },
            marker=(3, "primary down"),
        ),
        replies=[
            Reply(
                "David Chen",
                """
                I'll take the pool change. We should also set TCP keepalives on the
                connections, so that the kernel notices a dead peer.
                """,
            ),
            Reply(
                "Chloé Dubois",
                """
                Yes, and let's run the drill by *killing* the primary rather than stopping it
                cleanly: that's the case that bit us.
                """,
                to=0,
                react=("insightful",),
            ),
            Reply(
                "Maya Patel",
                "Status page message drafted, I'll share it tomorrow. Thanks for the clear "
                "write-up, Quentin.",
            ),
            Reply(
                "William Taylor",
                """
                Security note: the replica promotion used the break-glass account. Please
                rotate it after each use; I've added the step to the runbook.
                """,
            ),
        ],
        mood=("insightful", "thanks"),
        saved_by=("Chloé Dubois",),
    ),
    Thread(
        "Uma Singh",
        Q,
        "The runbook for Redis memory alerts is out of date — anyone rewriting it?",
        """
        The *Redis memory > 80 %* runbook still mentions the old cluster, and `redis-cli`
        commands that don't apply to the managed service. I got paged for it last night
        and improvised. Is someone on it, or shall I draft a new one? #redis #runbooks
        """,
        hours=6,
        fans=1,
    ),
    Thread(
        "William Taylor",
        Q,
        "Who renews the TLS certificate of the status page?",
        """
        The status page certificate expires in **9 days**, and it isn't in cert-manager:
        the status page vendor hosts it with our custom domain. Who owned it last year?
        #security #tls
        """,
        hours=26,
        replies=[
            Reply(
                "Nicolas Girard",
                """
                Me. The vendor renews it automatically *if* the CNAME validation record still
                exists — and it was deleted in the DNS clean-up in June 😬 I'm adding it back.
                """,
                votes=3,
            ),
            Reply(
                "William Taylor",
                """
                Renewed, valid for another year. I've added it to the certificate inventory,
                so we get an alert 30 days before next time.
                """,
                to=0,
                react=("thanks",),
            ),
        ],
        accepted=0,
    ),
    Thread(
        "Maya Patel",
        D,
        "Handover: week 48",
        """
        Handing over to @antoine.caron for the week.

        - **Open**: export worker retries are slow since Monday (OPS-882, not urgent)
        - **Watch**: the status page certificate (see William's question)
        - **Calm**: 3 pages in 7 days, all during the day

        Have a quiet week 🤞 #handover
        """,
        hours=50,
        replies=[
            Reply(
                "Antoine Caron",
                "Thanks Maya, got it. Phone charged, laptop charged 🫡",
                react=("funny",),
            ),
            Reply(
                "Quentin Faure",
                "OPS-882 is the new backoff setting, I'll pair with you on Tuesday.",
                to=0,
            ),
        ],
    ),
]

KEY_ACCOUNTS = [
    Thread(
        "Victor Blanc",
        D,
        "Groupe Vernier — renouvellement : point avant le comité de jeudi",
        """
        Renouvellement fin janvier (650 licences). État des lieux :

        - Satisfaction en hausse depuis le nouveau référent support (merci @bruno.lefevre)
        - Irritant n° 1 : l'export des factures (voir le fil dans *Support escalations*)
        - Leur nouvelle DAF veut renégocier : elle parle de -15 %

        Ma proposition : on maintient le prix et on offre la formation des nouveaux
        managers (deux sessions). Vos avis avant jeudi ? #renouvellement
        """,
        hours=3,
        replies=[
            Reply(
                "Thomas Mercier",
                "D'accord pour ne pas toucher au prix. La formation oui, mais en visio pour "
                "rester raisonnable.",
            ),
            Reply(
                "Emma Wilson",
                """
                For reference, we kept Halden Bank at list price last year with a similar
                training offer. Happy to share the deck.
                """,
            ),
            Reply("Victor Blanc", "Yes please, thanks Emma!", to=1),
            Reply(
                "Bruno Lefèvre",
                "Je peux venir au rendez-vous avec la DAF pour parler support, ça rassure "
                "toujours.",
                react=("like",),
            ),
        ],
    ),
    Thread(
        "Bruno Lefèvre",
        Q,
        "Bellevue Hotels veut un interlocuteur support dédié : qui le prend ?",
        """
        Après la signature sur trois ans, Bellevue Hotels demande **un interlocuteur
        dédié** au support (42 hôtels, beaucoup de questions de planning). Qui a de la
        place dans son portefeuille ? #bellevue
        """,
        hours=28,
        replies=[
            Reply(
                "Isabelle Roux",
                """
                Moi : la refonte de la FAQ est finie et j'ai du temps. Et je connais leur
                métier, j'ai passé trois ans dans l'hôtellerie.
                """,
                votes=2,
            ),
            Reply(
                "Victor Blanc",
                "Parfait Isabelle. On fait le kick-off ensemble la semaine prochaine ?",
                to=0,
            ),
            Reply("Bruno Lefèvre", "Validé, merci ! Je préviens Emma côté commercial.", to=0),
        ],
        accepted=0,
    ),
    Thread(
        "Thomas Mercier",
        D,
        "Northwind Health — suite à l'incident SSO",
        """
        Le client a apprécié la réactivité (résolu en moins de 24 h), mais demande qu'on
        les **prévienne avant** une rotation de certificat. Ce n'est pas nous qui la
        déclenchons, mais on peut leur proposer de passer à l'URL de métadonnées.
        @beatriz.santos, tu peux les accompagner ? #sso
        """,
        hours=60,
        replies=[
            Reply(
                "Beatriz Santos",
                "Sure — I'll send them the steps tomorrow and offer a 15-minute call with their "
                "IT.",
            ),
            Reply("Thomas Mercier", "Merci Beatriz !", to=0),
        ],
    ),
]

HIRING = [
    Thread(
        "Karima Haddad",
        D,
        "Postes ouverts : point d'étape",
        """
        Point d'étape du plan 2027 : **12 postes validés**, 5 ouverts, 2 en phase finale.

        | Équipe | Validés | Ouverts | En finale |
        |---|---|---|---|
        | Engineering | 5 | 2 | 1 |
        | Sales | 3 | 2 | 1 |
        | Support | 2 | 1 | 0 |
        | Marketing | 2 | 0 | 0 |

        Les fiches Marketing attendent encore une relecture (@olivia.brown 🙏).
        #recrutement
        """,
        hours=3,
        pic=pic(
            "postes-2027.png",
            bar_chart,
            "Postes validés pour 2027",
            ["Engineering", "Sales", "Support", "Marketing"],
            [5, 3, 2, 2],
            subtitle="12 postes — 5 ouverts, 2 en finale",
            color=PALETTE[2],
        ),
        replies=[
            Reply(
                "Olivia Brown", "Sorry, on it today — you'll have both job descriptions tonight."
            ),
            Reply(
                "Thomas Mercier",
                "Pour Sales, le poste de Lyon peut démarrer plus tôt si on trouve le bon profil.",
            ),
            Reply("Karima Haddad", "OK, je le passe en priorité sur les annonces.", to=1),
        ],
    ),
    Thread(
        "Thomas Mercier",
        Q,
        "Jury pour l'account executive de Lyon : qui est disponible mardi ?",
        """
        Deux finalistes mardi après-midi (14 h et 16 h), une heure chacun. Il me faut une
        deuxième personne dans le jury, idéalement du support ou du produit. #entretiens
        """,
        hours=30,
        replies=[
            Reply("Rachel Kim", "I can do the 16:00 by video, not the 14:00."),
            Reply("Yasmine Cherif", "Je peux prendre 14 h, sur place à Lyon."),
        ],
    ),
]

AURORA = [
    Thread(
        "Xavier Robin",
        D,
        "Due diligence: status before the Friday call",
        """
        Where each workstream stands. Anything *blocked* needs a decision on Friday.

        Reminder: the code name only, even in this group. #diligence
        """,
        hours=4,
        pic=pic(
            "diligence-status.png",
            table_image,
            "Due diligence — status",
            ["Workstream", "Owner", "Status", "Due"],
            [
                ["Financials", "Hugo", "Done", "—"],
                ["Contracts", "Xavier", "In review", "Friday"],
                ["GDPR and data", "Camille", "Blocked", "Tuesday"],
                ["Tech and security", "Chloé", "In progress", "Thursday"],
                ["People", "Maya", "Not started", "Next week"],
            ],
        ),
        replies=[
            Reply(
                "Camille Fontaine",
                "GDPR is blocked on one point: their customer data is in a US region. See my "
                "question.",
            ),
            Reply(
                "Chloé Dubois",
                """
                Tech: the review of their core services is done, no red flag. Test coverage
                is low (about 35 %): that's integration cost, not a deal-breaker.
                """,
            ),
            Reply(
                "Hugo Bernard",
                "Financials: the adjusted EBITDA holds; their churn is higher than announced (14 "
                "% vs 11 %).",
            ),
            Reply("Grace Liu", "That's worth a point on price. Let's discuss it on Friday.", to=2),
        ],
        mood=("insightful", "like"),
    ),
    Thread(
        "Camille Fontaine",
        Q,
        "Their customer data is hosted in a US region: what do we need before closing?",
        """
        Aurora hosts **all** customer data in a US region, EU customers included. Once we
        buy them, we are responsible for it. What must be in place at closing, and what can
        wait for the migration? #gdpr
        """,
        hours=30,
        replies=[
            Reply(
                "Xavier Robin",
                """
                At closing: their contract with the cloud provider must include the standard
                contractual clauses (it does, I checked) and a transfer impact assessment,
                which they don't have — let's make it a **condition precedent**. After
                closing: move EU customers to an EU region within six months, as a covenant
                in the SPA.
                """,
                votes=3,
            ),
            Reply(
                "Camille Fontaine",
                "Agreed. I'll draft the TIA requirement for the SPA today.",
                to=0,
            ),
        ],
        accepted=0,
        mood=("insightful", "thanks"),
    ),
    Thread(
        "Paul Lambert",
        D,
        "Valuation model v3",
        """
        Version 3 of the model is in the data room. Changes since v2: churn at 14 % (Hugo's
        finding), integration costs from Chloé's estimate, and synergies cut by a third to
        stay prudent. Range **€38-44M**, down from €42-49M. #valuation
        """,
        hours=60,
        pic=pic(
            "valuation-v3.png",
            bar_chart,
            "Valuation by scenario (€M)",
            ["Low", "Base", "High"],
            [38, 41, 44],
            subtitle="Model v3 — churn 14 %, synergies -33 %",
            color=PALETTE[3],
        ),
        replies=[
            Reply("Grace Liu", "Thanks Paul. That's our walk-away logic: nothing above 44."),
            Reply(
                "Maya Patel",
                "The integration estimate assumes we keep their 4 engineers for 12 months: "
                "retention bonuses included?",
            ),
            Reply("Paul Lambert", "Yes, €180k in total, in the integration costs line.", to=1),
        ],
    ),
]

BOARD = [
    Thread(
        "Alice Martin",
        D,
        "Ordre du jour du comité de mardi",
        """
        1. Résultats d'octobre (Hugo, 10 min)
        2. Plan de recrutement 2027 : arbitrage sur deux postes (Karima invitée, 15 min)
        3. Projet Aurora : point d'étape (Grace, 20 min)
        4. Séminaire de janvier : lieu et format (10 min)
        5. Divers

        Ajoutez vos points en commentaire avant lundi midi. #comite
        """,
        hours=5,
        replies=[
            Reply(
                "Maya Patel",
                "Could I add 5 minutes on on-call compensation? Engineering asked for a review.",
            ),
            Reply("Alice Martin", "Ajouté en point 5 bis.", to=0),
            Reply(
                "Xavier Robin",
                "Pour le point 3, je propose qu'on le traite en fin de séance, sans invité.",
            ),
        ],
    ),
    Thread(
        "Hugo Bernard",
        D,
        "Budget 2027 : première version",
        """
        Première version du budget 2027 : chiffre d'affaires **+22 %**, masse salariale
        **+15 %** (les 12 recrutements), marge opérationnelle **9 %**.

        Les hypothèses sont dans le fichier partagé ; les charges par département
        ci-dessous. À challenger avant le prochain comité. #budget
        """,
        hours=30,
        pic=pic(
            "budget-2027.png",
            bar_chart,
            "Charges 2027 par département (k€)",
            ["Engineering", "Sales", "Support", "Marketing", "G&A", "Produit"],
            [4200, 2600, 1500, 1100, 1300, 900],
            subtitle="Version 1 — hypothèse de croissance +22 %",
            color=PALETTE[6],
        ),
        replies=[
            Reply(
                "Thomas Mercier",
                "Le +22 % suppose que les deux appels d'offres publics passent. Je serais plus "
                "prudent : +18 %.",
            ),
            Reply("Hugo Bernard", "Je prépare une variante à +18 % pour mardi.", to=0),
            Reply(
                "Grace Liu", "Product headcount assumes the two hires start in March, not January."
            ),
        ],
        mood=("insightful", "like"),
    ),
    Thread(
        "Thomas Mercier",
        Q,
        "Séminaire de janvier : Lyon ou Annecy ?",
        """
        Deux options pour les deux jours de séminaire (36 personnes) :

        - **Lyon** : dans nos locaux, plus un dîner, environ 9 k€, sans transport pour la
          moitié des équipes
        - **Annecy** : hôtel au bord du lac, environ 24 k€ tout compris, plus fédérateur

        On tranche ? #seminaire
        """,
        hours=60,
        replies=[
            Reply(
                "Hugo Bernard",
                """
                Le budget prévu est de 20 k€. Annecy en semaine descend à 19 k€, j'ai le
                devis.
                """,
                votes=2,
            ),
            Reply("Maya Patel", "Annecy gets my vote — after this year, the team needs it."),
            Reply("Alice Martin", "Va pour Annecy en semaine, à 19 k€. Merci Hugo !", to=0),
        ],
        accepted=0,
        mood=("like", "celebrate"),
    ),
]


# --- Banks: the older weeks ----------------------------------------------------------------


def _weekly_chart(rng, slots):
    weeks = [f"W{w}" for w in range(slots["week"] - 7, slots["week"] + 1)]
    values = [rng.randint(8, 30) for _w in weeks]
    return pic(
        "escalations-per-week.png",
        bar_chart,
        "Escalations per week",
        weeks,
        values,
        subtitle="Tickets handed over to engineering",
        highlight=len(values) - 1,
    )


def _category_donut(rng, slots):
    parts = [
        ("Billing", rng.randint(80, 150)),
        ("SSO / login", rng.randint(40, 100)),
        ("Mobile app", rng.randint(30, 70)),
        ("Exports", rng.randint(20, 50)),
        ("Other", rng.randint(10, 30)),
    ]
    return pic(
        "tickets-by-category.png", donut, "Tickets by category", parts, subtitle="Last 30 days"
    )


def _error_shot(rng, slots):
    return pic(
        "customer-screenshot.png",
        screenshot,
        f"{slots['customer']} — RSE",
        "Something went wrong",
        [f"Error {rng.randint(400, 504)} while loading the page.", f"Reference: {slots['ticket']}"],
        "Retry",
    )


SUPPORT_BANK = [
    Template(
        Q,
        "{customer}: {feature} times out for large accounts",
        """
        Ticket #{ticket}. {customer} ({big} users) gets a timeout with {feature}; smaller
        accounts are fine. It started around {day}. Logs are in the ticket. Known issue?
        #escalation
        """,
        (
            """
            Known: the query behind it doesn't paginate above a few thousand rows. The fix
            ships in {version}; meanwhile, filtering by date range works.
            """,
            "I can raise the timeout for their account in the meantime — send me the account ID.",
            "Two other accounts had the same this week, I've linked the tickets.",
        ),
        pic=_error_shot,
    ),
    Template(
        Q,
        (
            "A customer asks us to delete all their data: what's the process?",
            "GDPR deletion request from {customer}: who handles it?",
        ),
        """
        {customer} is leaving us and their DPO asks for the deletion of all their data,
        with a certificate. Do we do it from the admin console, or is there a process?
        #gdpr
        """,
        (
            """
            Forward it to the privacy team (@camille.fontaine): they confirm the requester's
            identity and run the deletion within 30 days, certificate included. Don't delete
            anything by hand from the admin console.
            """,
            "There's a macro *GDPR deletion request* that sends the customer the right wording.",
        ),
    ),
    Template(
        Q,
        "Refund for a double charge on {customer}'s card",
        """
        {customer} was charged twice for their monthly invoice on {day} (ticket #{ticket}).
        Can support refund the second payment, or does it go through finance? #billing
        """,
        (
            """
            Billing → Payments → find the duplicate → *Refund*. Above €1,000 it needs
            finance's approval, otherwise go ahead.
            """,
            "It's probably the payment retry bug: we refunded a dozen accounts last month.",
        ),
    ),
    Template(
        Q,
        "Push notifications stopped on iOS for {customer}",
        """
        Since app {version}, users at {customer} no longer get push notifications on their
        iPhones. Android is fine. They use an MDM to manage the phones. #mobile
        """,
        (
            """
            Their MDM most likely blocks Apple's push servers: ask their IT to allow
            `*.push.apple.com` on ports 443 and 5223.
            """,
            "Also check that background refresh isn't disabled by their device policy.",
        ),
    ),
    Template(
        Q,
        "{customer} wants SSO with Okta: do we support SCIM yet?",
        """
        {customer}'s IT wants to connect Okta for both sign-in and user provisioning. SAML
        works, I know, but they insist on SCIM. What do I tell them? #sso #scim
        """,
        (
            """
            SAML with Okta: yes. SCIM: not yet, it's planned for Q1. Until then, accounts are
            created at first sign-in, which covers most of what they want.
            """,
            "Rachel keeps the list of accounts waiting for SCIM: add them in *Product feedback*.",
        ),
    ),
    Template(
        Q,
        (
            "The CSV import rejects files exported from Excel for Mac",
            "{customer}: contact import fails with 'invalid file encoding'",
        ),
        """
        {customer} can't import their contacts: *invalid file encoding*. The file comes
        from Excel on a Mac and opens fine in a text editor. #import
        """,
        (
            """
            Excel for Mac saves as UTF-16 unless you pick *CSV UTF-8 (comma delimited)* in
            the format list. Ask them to save again with that one.
            """,
            "We should accept UTF-16 too. I opened a bug for it.",
        ),
    ),
    Template(
        Q,
        "Our emails land in spam at {customer}",
        """
        Notifications and password resets land in the spam folder for everyone at
        {customer} since {day}. Other customers are fine. #email
        """,
        (
            """
            Their mail gateway doesn't trust our sending domain yet: send them our SPF and
            DKIM records (KB article *Whitelisting our emails*).
            """,
            "Ask for the full headers of one email: if DKIM fails, it's on us.",
        ),
    ),
    Template(
        Q,
        (
            "PDF export cuts the last columns of wide reports",
            "{customer}: columns missing in PDF exports",
        ),
        """
        {customer} exports a report with {nn} columns to PDF and everything after the
        eighth column is missing. Excel export is fine. #reports
        """,
        (
            """
            Known limitation: the PDF export prints A4 portrait. Landscape comes with
            {version}; until then, the Excel export is the workaround.
            """,
            "You can also suggest hiding the columns they don't need in the report settings.",
        ),
    ),
    Template(
        Q,
        "Can we raise the API rate limit for {customer}'s integration?",
        """
        {customer}'s nightly sync hits *429 Too Many Requests* after a few minutes. They
        ask whether we can raise their limit. #api
        """,
        (
            """
            The default is 600 requests a minute per token; we can go to 1,200 on the
            Enterprise plan. Open a ticket for the platform team with the token ID.
            """,
            "Ask them why first: last time it was a loop in their script calling the same page.",
        ),
    ),
    Template(
        Q,
        "Users at {customer} see an old version of a document after editing it",
        """
        After saving a document, users at {customer} still see the previous version for a
        few minutes, in the preview only. Ticket #{ticket}. #bug
        """,
        (
            "It's the preview cache, fixed in {version}. A hard refresh works meanwhile.",
            "Could you get a HAR file from one user? It would confirm it.",
        ),
    ),
    Template(
        Q,
        (
            "Can a customer admin hand over the ownership of their workspace?",
            "{customer}'s admin is leaving: how do they hand over the workspace?",
        ),
        """
        The admin of {customer}'s workspace is leaving the company next week and wants to
        hand it over to a colleague. Can they do it themselves? #admin
        """,
        (
            """
            Yes: Admin → Workspace → Owners → *Transfer*. The new owner must already be an
            admin of the workspace.
            """,
        ),
    ),
    Template(
        Q,
        "Two-factor codes rejected for several users in {city}",
        """
        Several users of {customer} in {city} get *invalid code* with two-factor login,
        although they type the code right away. #2fa
        """,
        (
            """
            Their phones' clocks are probably off: time-based codes need the phone's time
            set to automatic. Ask one user to check.
            """,
            "If it persists, we can reset their second factor from the admin console.",
        ),
    ),
    Template(
        Q,
        "{customer} asks for an uptime report for last quarter",
        """
        {customer}'s procurement wants our uptime for last quarter, as a signed document,
        for their supplier review. #sla
        """,
        (
            """
            The status page history has the numbers, but for a signed report ask @quentin.faure:
            the SLA report is generated as a PDF each quarter.
            """,
        ),
    ),
    Template(
        D,
        "",
        """
        Heads-up: {customer} goes live on {day} with {big} users. If you get tickets from
        them, tag them *go-live* and ping me, I'm following the account closely. #golive
        """,
        (
            "Noted, I'll keep an eye on the queue that morning.",
            "Engineering on-call knows too.",
        ),
    ),
    Template(
        D,
        "Escalations, week {week}",
        """
        {nn} escalations this week; median time to the first engineering answer: {n} hours.
        The top topics are still SSO, exports and billing. Chart below. #metrics
        """,
        ("Thanks for keeping this up.", "SSO again 😩 The KB article should help."),
        pic=_weekly_chart,
        mood=("insightful", "thanks"),
    ),
    Template(
        D,
        "",
        """
        New KB article: *{kb}*. It should take care of a good share of the tickets on the
        topic: please link it in your answers. #kb
        """,
        ("Great, I had two tickets on this today.", "Thanks! Adding it to the macro."),
        mood=("thanks", "like"),
    ),
    Template(
        D,
        ("Ticket categories over the last 30 days", "Tickets by category, week {week}"),
        """
        Breakdown of the tickets we handled over the last 30 days. Billing keeps growing:
        I'd like us to review the invoice wording with finance. #metrics #billing
        """,
        ("Agreed, half of the billing tickets are *what is this line?*",),
        pic=_category_donut,
        mood=("insightful",),
    ),
]

PYTHON_BANK = [
    Template(
        Q,
        (
            "How do you organise settings for local, CI and production?",
            "Settings for {service}: one file or several?",
        ),
        """
        Starting a new internal service. We have three settings files in the old one and
        they drift apart. What do you do now? #django
        """,
        (
            """
            One settings module that reads environment variables (django-environ), with
            defaults that are safe for local development. No `settings_local.py`.
            """,
            "And fail at startup when a required variable is missing in production.",
        ),
    ),
    Template(
        Q,
        ("httpx or requests for a new service?", "HTTP client for {service}: httpx or requests?"),
        """
        The new {service} client needs to call three internal APIs. requests is what we
        know, httpx is what people recommend. Opinions? #python
        """,
        (
            """
            httpx: the same API, plus async and HTTP/2 if you ever need them. Create one
            client per process, with explicit timeouts.
            """,
            "requests is fine for scripts; for services we standardised on httpx.",
        ),
    ),
    Template(
        Q,
        (
            "Is it safe to run this migration during the day?",
            "Adding an index to a big table of {service}: OK during the day?",
        ),
        """
        I need to add an index on the `events` table of {service} ({big}k rows). Can I
        deploy it during the day or should I wait for the maintenance window?
        #postgres #migrations
        """,
        (
            """
            Use `AddIndexConcurrently` (and `atomic = False` on the migration): it doesn't
            lock writes, so daytime is fine.
            """,
            "Run `sqlmigrate` first, it tells you exactly which statements will run.",
        ),
    ),
    Template(
        D,
        (
            "TIL: QuerySet.iterator() for big exports",
            "TIL: exporting {big}k rows without eating all the RAM",
        ),
        """
        Exporting {big}k rows was eating 3 GB of RAM. `.iterator(chunk_size=2000)` brought
        it down to 120 MB. #til #django
        """,
        (
            "With `prefetch_related` you must pass `chunk_size`, as you did.",
            "Nice. We should do the same in the invoice export.",
        ),
        mood=("insightful", "like"),
    ),
    Template(
        Q,
        (
            "pytest fixtures or factory_boy: where do you draw the line?",
            "Our conftest is 900 lines long: fixtures or factories?",
        ),
        """
        Our conftest has grown to 900 lines of fixtures that build objects. Should those be
        factories? #testing
        """,
        (
            """
            Factories build objects, fixtures arrange a situation. If a fixture only builds
            one object with defaults, it's a factory.
            """,
            "Keep shared fixtures few and obvious: people, signed-in clients. The rest in the "
            "tests.",
        ),
    ),
    Template(
        D,
        "Lunch talk recording: {talk}",
        """
        The recording of last {day}'s lunch talk is on the drive, slides in the
        description. Thanks to everyone who came, and to the speaker! #guild-lunch
        """,
        ("Great talk, thanks!", "Sharing it with my team."),
        mood=("thanks", "like", "celebrate"),
    ),
    Template(
        Q,
        ("Is django-tasks ready for production?", "Background jobs for {service}: django-tasks?"),
        """
        We need background jobs for the {service} (emails, exports). Is the django-tasks
        backport stable enough, or do we stay with a home-made queue? #django
        """,
        (
            """
            We use it with the database backend for exports: stable, and the API is the
            one Django 6 ships, so no rewrite later.
            """,
            "Whatever you choose, make the tasks idempotent: they *will* run twice one day.",
        ),
    ),
    Template(
        Q,
        ("uv or pip-tools for lock files?", "Lock files take 4 minutes in CI: switch to uv?"),
        """
        Our lock files are generated by pip-tools, and it takes 4 minutes in CI. Worth
        switching to uv? #tooling
        """,
        (
            "uv: the same lock in seconds, and it reads our pyproject.toml as is.",
            "Switched two services last month, no problem so far.",
        ),
    ),
    Template(
        Q,
        (
            "How do you freeze time in tests?",
            "A test fails around midnight: how do you control the clock?",
        ),
        """
        I have a test for *expires in 3 days* that fails around midnight. What's our
        preferred way to control the clock? #testing
        """,
        (
            """
            time-machine: faster than freezegun, and it also works with C extensions that
            read the clock.
            """,
            "Or pass `now` as a parameter to the function — no mocking at all.",
        ),
    ),
    Template(
        Q,
        ("Type hints: is mypy worth it on a Django codebase?", "mypy on {service}: worth it?"),
        """
        We have {nn} % of functions annotated in {service}, and no type checker in CI. Is
        it worth adding mypy, with the Django stubs? #typing
        """,
        (
            "Worth it on new modules; start with `--strict` per package, not everywhere.",
            "It caught two real bugs in the billing code the first week.",
        ),
    ),
    Template(
        D,
        "",
        """
        Python 3.13 is now the default image in CI. If your service pins an older version,
        you have until the end of the month to upgrade. {mod} has the migration notes.
        #python
        """,
        ("Done for {service} 👍", "We're blocked by one C extension, I'll ping you."),
    ),
    Template(
        Q,
        (
            "Why does ruff flag B008 on my function defaults?",
            "ruff B008 on a default argument: what's wrong with it?",
        ),
        """
        ruff reports *B008 Do not perform function call in argument defaults* on
        `def export(since=timezone.now())`. It works though? #ruff
        """,
        (
            """
            It works once: the default is evaluated when the function is *defined*, so every
            call gets the same moment. Use `since=None`, then `since = since or timezone.now()`.
            """,
        ),
    ),
    Template(
        D,
        ("Code review etiquette: a short proposal", "Code review rules from the {service} team"),
        """
        A few rules we've tried in the {service} team:

        - say whether a comment blocks the merge or not (*nit:*, *question:*)
        - review within one working day
        - the author resolves threads, not the reviewer

        Should we adopt it guild-wide? #code-review
        """,
        ("+1 for the *nit:* prefix.", "One working day is ambitious, but let's try."),
        mood=("like", "insightful"),
    ),
]

PARIS_BANK = [
    Template(
        Q,
        "Quelqu'un a perdu {object} en salle {room} ?",
        """
        Trouvé ce matin en salle {room} : {object}. Je l'ai déposé à l'accueil, au 3e.
        #objets-trouves
        """,
        (
            "C'est à moi, merci beaucoup !",
            "Ah, c'est sûrement à quelqu'un de la réunion client d'hier.",
        ),
    ),
    Template(
        Q,
        "L'imprimante du {floor} affiche « bourrage papier » en boucle",
        """
        Impossible d'imprimer au {floor} depuis ce matin : l'écran affiche un bourrage, mais
        il n'y a rien dans les bacs. #imprimante
        """,
        (
            """
            Ouvre la trappe arrière : il y a souvent un morceau de feuille coincé au fond. Si
            ça ne suffit pas, je passe dans l'heure.
            """,
            "Celle du 2e fonctionne en attendant.",
        ),
    ),
    Template(
        D,
        "",
        """
        Les fournitures sont arrivées : post-it, carnets et stylos au local du 2e.
        Servez-vous raisonnablement 😉 #fournitures
        """,
        ("Merci !", "Il reste des surligneurs ?"),
    ),
    Template(
        Q,
        (
            "Le VPN refuse la connexion depuis chez moi : erreur 809",
            "VPN : erreur 809 en télétravail",
        ),
        """
        Depuis {day}, impossible de me connecter au VPN de chez moi, erreur 809. Au bureau
        tout marche. #vpn
        """,
        (
            """
            Ta box bloque le protocole IPsec : dans le client VPN, Paramètres → Protocole →
            *SSL*. Ça passe partout.
            """,
            "Même souci avec ma box, le mode SSL a tout réglé.",
        ),
        lang="fr",
    ),
    Template(
        Q,
        (
            "Combien de temps à l'avance peut-on réserver une salle ?",
            "Réserver {room} dans deux mois : impossible ?",
        ),
        """
        Je voudrais réserver {room} pour un atelier client dans deux mois, mais l'outil ne me
        propose pas la date. #salles
        """,
        (
            "30 jours maximum dans l'outil ; au-delà, demande à l'accueil, ils le bloquent à la "
            "main.",
        ),
    ),
    Template(
        D,
        "Déjeuner d'équipe {day} : une bonne adresse vers {area} ?",
        """
        On est huit, budget raisonnable, et il faut pouvoir parler sans crier. Vos
        adresses ? #dejeuner
        """,
        (
            "Le petit libanais derrière la place : grande table au fond, et rapide.",
            "La cantine italienne en face du métro, réserver avant 11 h.",
            "Évitez le vendredi, tout est plein.",
        ),
        mood=("like", "funny"),
    ),
    Template(
        Q,
        (
            "Wi-Fi invité : comment obtenir un code pour un visiteur ?",
            "Un code Wi-Fi pour un candidat {day} ?",
        ),
        """
        J'ai un candidat en entretien {day} qui doit faire une démo sur son ordinateur.
        Comment lui donner accès au Wi-Fi ? #wifi
        """,
        ("À l'accueil, ou sur la tablette à l'entrée : le code est valable 24 h.",),
    ),
    Template(
        D,
        (
            "Collecte de vêtements chauds pour l'association du quartier",
            "Collecte solidaire au rez-de-chaussée",
        ),
        """
        Jusqu'à la fin du mois, un carton au rez-de-chaussée pour les manteaux, pulls et
        couvertures, en bon état. L'association passe les chercher le {day} suivant.
        Merci ! #solidarite
        """,
        (
            "Super initiative, j'apporte deux manteaux demain.",
            "On peut aussi déposer des chaussures ?",
        ),
        mood=("like", "thanks"),
    ),
    Template(
        D,
        "",
        """
        Rappel : exercice d'évacuation {day} à 10 h. Ça dure un quart d'heure, laissez vos
        affaires et suivez les guide-files en gilet orange. #securite
        """,
        ("Merci pour le rappel.",),
    ),
    Template(
        Q,
        (
            "Mon écran ne se réveille plus après la veille (dock USB-C)",
            "Deuxième écran noir après la mise en veille",
        ),
        """
        Depuis la mise à jour de {day}, mon deuxième écran reste noir après la mise en veille
        tant que je ne débranche pas le dock. #materiel
        """,
        (
            """
            Mets à jour le firmware du dock (outil dans le Centre logiciel). Si ça continue,
            je t'échange le dock.
            """,
            "Même problème, la mise à jour du firmware a suffi.",
        ),
    ),
    Template(
        D,
        "Yoga le {day} midi : on relance ?",
        """
        La prof peut revenir un midi par semaine, salle Neptune, si on est au moins huit.
        Qui est partant ? #bien-etre
        """,
        ("Partante !", "Moi aussi, si c'est après 12 h 30.", "Je viens essayer."),
        mood=("like", "celebrate"),
    ),
    Template(
        Q,
        "Il reste des casiers libres au {floor} ?",
        """
        Je passe au flex office à partir du mois prochain et j'aimerais un casier pour mes
        affaires. À qui faut-il demander ? #flex-office
        """,
        ("Oui, il en reste quatre : passe à l'accueil, ils te donnent une clé.",),
    ),
]

EXPENSES_BANK = [
    Template(
        Q,
        "Mileage allowance for visiting {customer} with my own car?",
        """
        I'll drive to {customer} next week ({nn}0 km return). How do I claim the mileage?
        #expenses #travel
        """,
        (
            """
            Claim it under *Mileage* with the start and end addresses: the app applies the
            official per-km rate for your car's horsepower.
            """,
            "Keep the tolls and parking receipts, they're claimed separately.",
        ),
        lang="en",
    ),
    Template(
        Q,
        "Hotel in {city} above the cap: what happens?",
        """
        The only hotel near {customer}'s office is above our nightly cap. Will the
        difference be refused? #expenses #travel
        """,
        (
            """
            The cap is €130 a night (€180 in Paris, London and Dublin). Above it, your
            manager approves the difference in the app, with a line explaining why.
            """,
        ),
        lang="en",
    ),
    Template(
        Q,
        ("I lost the receipt for a client dinner", "Missing receipt for a dinner with {customer}"),
        """
        Dinner with {customer} on {day}, paid with my card, and the receipt is gone. Can I
        still claim it? #expenses
        """,
        (
            """
            Yes, once: fill in a *missing receipt statement* in the app and attach the line
            of your card statement. More than twice a year and it goes to your manager.
            """,
        ),
        lang="en",
    ),
    Template(
        Q,
        (
            "Expenses in pounds: which exchange rate?",
            "Which exchange rate for expenses paid in GBP?",
        ),
        """
        My London trip was paid in GBP. Do I convert the amounts myself before entering
        them? #expenses
        """,
        (
            """
            No: enter the amount in GBP, the app applies the rate of the day of the expense.
            If your bank charged differently, attach the statement and we use that one.
            """,
        ),
        lang="en",
    ),
    Template(
        Q,
        (
            "Can I expense a coworking day pass when travelling?",
            "Coworking pass in {city}: can I claim it?",
        ),
        """
        Between two customer meetings in {city} I need a quiet place for a few hours. Is a
        coworking day pass OK? #expenses
        """,
        ("Yes, up to €35 a day, under *Other travel costs*.",),
        lang="en",
    ),
    Template(
        Q,
        (
            "Company card or personal card for conference tickets?",
            "Conference tickets: pay and claim, or purchase order?",
        ),
        """
        The conference tickets are €{nn}0 each and I need three. Should I pay and claim, or
        ask for the company card? #expenses
        """,
        (
            "Above €300, ask finance for a purchase order: we pay the organiser directly.",
            "That's what we did for the last trade show, it took two days.",
        ),
        lang="en",
    ),
    Template(
        Q,
        (
            "Indemnités kilométriques : quel barème pour une voiture électrique ?",
            "Voiture électrique : quel barème kilométrique ?",
        ),
        """
        Je viens de passer à l'électrique. L'appli me propose le barème habituel : c'est
        bien celui-là ? #notesdefrais
        """,
        (
            """
            Le barème officiel majoré de 20 % pour les véhicules électriques : choisis
            « électrique » dans ton profil véhicule et l'appli l'applique.
            """,
        ),
        lang="fr",
    ),
    Template(
        Q,
        (
            "Repas d'affaires : quel plafond par personne ?",
            "Déjeuner avec {customer} : plafond par personne ?",
        ),
        """
        Je reçois {n} personnes de chez {customer} {day} midi. Il y a un plafond par
        personne ? #notesdefrais
        """,
        (
            """
            60 € par personne, boissons comprises, avec le nom et la société de chaque
            participant sur la note.
            """,
            "Et au-delà de 8 personnes, il faut l'accord préalable de ton manager.",
        ),
        lang="fr",
    ),
    Template(
        Q,
        (
            "Abonnement Navigo : remboursé à 50 % ou plus ?",
            "Remboursement du pass Navigo : quel pourcentage ?",
        ),
        """
        On m'a dit que l'entreprise remboursait plus que les 50 % légaux. Comment on
        déclare ? #notesdefrais #transport
        """,
        ("75 % chez nous : dépose l'attestation annuelle dans l'appli, rubrique *Transport*.",),
        lang="fr",
    ),
    Template(
        Q,
        (
            "Forfait mobilités durables : comment déclarer mon vélo ?",
            "Vélo : comment toucher le forfait mobilités durables ?",
        ),
        """
        Je viens au bureau à vélo trois jours par semaine. Comment bénéficier du forfait
        mobilités durables ? #velo #notesdefrais
        """,
        (
            """
            Une attestation sur l'honneur une fois par an (modèle sur la page RH), et le
            forfait est versé avec la paie.
            """,
        ),
        lang="fr",
    ),
    Template(
        Q,
        (
            "Note de frais envoyée en double : comment en supprimer une ?",
            "Doublon dans mes notes de frais",
        ),
        """
        J'ai envoyé deux fois la même note pour le déplacement à {city}. Je ne trouve pas
        comment en annuler une. #notesdefrais
        """,
        ("Je l'ai rejetée de mon côté avec le motif « doublon », tu n'as rien à faire.",),
        lang="fr",
    ),
    Template(
        Q,
        (
            "Hôtel réservé en direct moins cher que l'outil : c'est accepté ?",
            "Hôtel moins cher en direct à {city} : je peux réserver ?",
        ),
        """
        J'ai trouvé le même hôtel à {city} 20 € moins cher sur le site de l'hôtel. Je peux
        réserver en direct ? #notesdefrais #voyage
        """,
        (
            """
            Oui, si c'est moins cher et annulable : joins une capture du prix de l'outil à ta
            note.
            """,
        ),
        lang="fr",
    ),
    Template(
        D,
        "",
        """
        Astuce : l'appli lit maintenant les tickets automatiquement (montant, date, TVA).
        Vérifiez quand même avant d'envoyer 😉 #notesdefrais
        """,
        ("Testé ce matin, ça marche bien !", "Même sur les tickets froissés 😄"),
        lang="fr",
        mood=("like", "thanks"),
    ),
]

PRODUCT_BANK = [
    Template(
        D,
        "Request: {feature} should remember my last filters",
        """
        Asked by {customer}: their team leads re-apply the same filters every morning.
        They'd like {feature} to remember the last ones, per person. #ux
        """,
        (
            "Same request from two of my accounts.",
            "Per person, or per team? Some customers want a shared default.",
        ),
    ),
    Template(
        D,
        (
            "Customers are confused by the two Share buttons",
            "Share vs Share: {n} tickets this month",
        ),
        """
        On a document, *Share* at the top and *Share* in the menu do different things (a
        link vs an invitation). {n} tickets about it this month, the latest from
        {customer}. #ux
        """,
        (
            "Rename the menu one *Invite people*?",
            "Agreed, we saw it in the usability tests too.",
        ),
        mood=("insightful", "like"),
    ),
    Template(
        D,
        (
            "Request: two-way calendar sync with Outlook",
            "{customer} asks for a two-way Outlook sync",
        ),
        """
        {customer} ({big} seats) would move their whole planning to us if meetings created
        on our side showed up in Outlook, and the other way round. #integrations
        """,
        (
            "It comes up in most of my enterprise demos too.",
            "Read-only sync is already possible; two-way is the ask.",
        ),
    ),
    Template(
        Q,
        (
            "Is the API versioned? A customer asks how long v1 is supported",
            "How long is API v1 supported? {customer} asks",
        ),
        """
        {customer}'s developers are building on API v1 and want a commitment on how long it
        stays supported. What can I tell them? #api
        """,
        (
            """
            v1 is supported for at least 18 months after v2 is released, and v2 isn't
            scheduled. That's in the API terms, section 4.
            """,
        ),
    ),
    Template(
        D,
        "{customer} loves the new search 🎉",
        """
        Quote from {customer}'s admin in this week's call: *"People stopped asking me where
        things are."* Passing it on to the team who built it. #search #kudos
        """,
        ("That made my day, thanks for sharing!", "Passing it on to the whole team 🙌"),
        mood=("celebrate", "like"),
    ),
    Template(
        D,
        ("Request: bulk edit of contacts", "Bulk change of contact owner ({customer})"),
        """
        {customer} changes the owner of hundreds of contacts every time someone leaves.
        Today it's one by one. A bulk *change owner* would be enough for them. #contacts
        """,
        ("Also asked by {customer2}, same use case.",),
    ),
    Template(
        D,
        (
            "Mobile: the back button loses the scroll position",
            "Mobile lists jump back to the top ({customer})",
        ),
        """
        In the mobile app, opening an item from a long list and going back brings you to
        the top of the list. Field teams at {customer} hate it. #mobile
        """,
        (
            "Known, it's in the next sprint.",
            "Thanks — it's in the top 3 of the app store reviews too.",
        ),
    ),
    Template(
        Q,
        (
            "Where do I log a request that only one customer asked for?",
            "A request only {customer} asked for: post it here?",
        ),
        """
        {customer} wants a very specific export format. Is it worth a post here if nobody
        else asked? #process
        """,
        (
            """
            Yes, here is fine: one post per idea, and we merge the duplicates. A request from a
            single customer counts too — we look at who asks and how often.
            """,
        ),
    ),
    Template(
        D,
        (
            "Onboarding emails: most customers stop after step 2",
            "Trial onboarding: where admins drop off",
        ),
        """
        Data from the last {nn} trials: {pct} % of admins never get past *invite your
        team*. The email for step 3 arrives too early. Chart below. #onboarding #growth
        """,
        ("Could we wait for the first invitation before sending step 3?",),
        pic=lambda rng, s: pic(
            "onboarding-funnel.png",
            bar_chart,
            "Trial onboarding: admins reaching each step",
            ["Sign up", "Profile", "Invite team", "First project", "Paid"],
            [
                100,
                rng.randint(80, 92),
                rng.randint(40, 55),
                rng.randint(25, 35),
                rng.randint(8, 15),
            ],
            subtitle="Percentage of trial admins",
            unit=" %",
            highlight=2,
        ),
        mood=("insightful",),
    ),
    Template(
        D,
        "Feedback from the {city} user group meetup",
        """
        {nn} customers came. What they asked about the most:

        - reports they can schedule and email
        - a clearer view of who has access to what
        - faster search in big workspaces

        Photos and full notes in the drive. #events #feedback
        """,
        ("Thanks for the notes!", "The access view comes up in every security review too."),
        pic=lambda rng, s: pic(
            "user-group.png", photo, f"User group meetup — {s['city']}", "night", rng.randint(1, 99)
        ),
        mood=("like", "insightful"),
    ),
    Template(
        D,
        (
            "Accessibility audit of the customer portal: results",
            "Accessibility: {nn} issues found in the portal audit",
        ),
        """
        The external audit found {nn} issues, {n} of them blocking (keyboard traps in two
        dialogs, missing labels on the filters). Fixes are planned over the next two
        sprints. #accessibility
        """,
        ("Great to have this measured.", "Can we get the report for public-sector tenders?"),
        mood=("insightful", "thanks"),
    ),
]

NEWS_BANK = [
    Template(
        D,
        "All-hands next Thursday at 16:00 (Paris time)",
        """
        Agenda: the quarter's numbers, the product roadmap, and your questions — send them
        in advance as comments here, anonymously through HR if you prefer. #all-hands
        """,
        (
            (
                "Will there be a recording for Montréal?",
                "Y aura-t-il un enregistrement pour Montréal ?",
            ),
            ("Thanks, looking forward to it.", "Merci, à jeudi !"),
        ),
        lang="en",
    ),
    Template(
        D,
        "New partnership with {partner}",
        """
        We signed a partnership with {partner}: our customers can now connect both tools in
        two clicks, and their sales team will resell us in the Nordics. #partners
        """,
        (
            ("Great news!", "Excellente nouvelle !"),
            ("Is there a demo account?", "Il y a un compte de démo ?"),
        ),
        lang="en",
        mood=("celebrate", "like"),
    ),
    Template(
        D,
        "Charity run: {nn} of us ran for {cause}",
        """
        Thank you to everyone who ran, walked or cheered on Sunday: we raised €{big} for
        {cause}. Photos below! #charity
        """,
        (
            ("What a day 🏃", "Quelle journée 🏃"),
            ("Next year I'm in.", "L'an prochain je m'inscris."),
        ),
        lang="en",
        pic=lambda rng, s: pic(
            "charity-run.png", photo, "Sunday's charity run", "morning", rng.randint(1, 99)
        ),
        mood=("celebrate", "like"),
    ),
    Template(
        D,
        "Security reminder: phishing emails pretending to be HR",
        """
        Several of you received an email *"Your payslip is available"* with a link to a fake
        sign-in page. HR never sends links to payslips. If you clicked, tell
        @william.taylor right away — no blame. #security
        """,
        (("Reported two of them this morning.", "J'en ai signalé deux ce matin."),),
        lang="en",
        mood=("thanks", "insightful"),
    ),
    Template(
        D,
        "Résultats de l'enquête d'engagement",
        """
        Merci aux {pct}0 % d'entre vous qui ont répondu ! Les points forts : l'entraide et
        l'autonomie. À améliorer : la visibilité sur les priorités de l'entreprise et les
        outils internes. Le plan d'action arrive le mois prochain. #engagement
        """,
        (("Thanks for sharing the results openly.", "Merci pour la transparence."),),
        lang="fr",
        pic=lambda rng, s: pic(
            "engagement.png",
            bar_chart,
            "Enquête d'engagement : score par thème",
            ["Entraide", "Autonomie", "Managers", "Outils", "Priorités"],
            [86, 81, 74, 58, 52],
            subtitle="Score sur 100",
            color=PALETTE[2],
        ),
        mood=("insightful", "thanks"),
    ),
    Template(
        D,
        "Le bureau de Lyon déménage au 5e étage",
        """
        Les travaux sont finis : l'équipe de Lyon s'installe au 5e étage le {day} 18. Plus de
        place, deux salles de réunion et une vraie cuisine. Merci de votre patience pendant
        le déménagement ! #lyon
        """,
        (
            ("Can't wait to visit!", "Hâte de venir voir !"),
            ("Enfin une vraie cuisine 😄", "Enfin une vraie cuisine 😄"),
        ),
        lang="fr",
        mood=("celebrate", "like"),
    ),
]

BOOK_BANK = [
    Template(
        D,
        "Compte rendu : {book}",
        """
        Belle discussion jeudi dernier, huit sur place et trois en visio. Ce qui a fait
        débat : la fin, évidemment. Le compte rendu complet est sur le wiki. #lecture
        """,
        ("Merci pour le compte rendu !", "J'ai adoré celui-là."),
        mood=("like",),
    ),
    Template(
        Q,
        "Qui a lu {book} ?",
        """
        On me l'a prêté mais je n'ose pas me lancer : accessible ou exigeant ? #lecture
        """,
        (
            "Lis-le, la première partie est un peu lente mais ça vaut le coup.",
            "Exigeant mais très beau.",
        ),
    ),
    Template(
        D,
        ("La boîte à livres du 2e a besoin de vous", "Boîte à livres : on la remplit ?"),
        """
        Elle se vide plus vite qu'elle ne se remplit ! Déposez les livres que vous avez
        fini, polars et BD bienvenus. #lecture
        """,
        ("J'en apporte trois demain.", "Des romans en anglais, ça intéresse quelqu'un ?"),
    ),
    Template(
        D,
        "Rencontre avec une autrice en librairie {day} soir",
        """
        La librairie près du bureau de Lyon reçoit une autrice {day} à 19 h. On y va
        ensemble après le travail ? #sortie
        """,
        ("Je viens !", "Partant, on se retrouve à l'accueil à 18 h 45 ?"),
        mood=("like", "celebrate"),
    ),
    Template(
        D,
        ("Vos lectures de vacances ?", "Un livre inoubliable lu récemment ?"),
        """
        Pour préparer la liste des prochains mois : qu'avez-vous lu d'inoubliable
        récemment ? #lecture
        """,
        (
            "{book}, sans hésiter.",
            "{book2}, lu d'une traite.",
            "Des BD surtout, je recommande tout Riad Sattouf.",
        ),
    ),
]

SALES_BANK = [
    Template(
        D,
        "Deal review: {customer}",
        """
        {big} seats, decision expected by the end of the month. Champion: their head of
        operations. Risk: procurement wants a {pct} % discount and a 30-day exit clause.
        #deal-review
        """,
        (
            "No exit clause on a multi-year deal, let's hold the line.",
            "Can we offer a pilot instead?",
        ),
    ),
    Template(
        D,
        "Lost: {customer} chose {competitor}",
        """
        Price was not the reason: they wanted an offline mobile app and native SCIM. I've
        posted both in *Product feedback*. #lost-deal
        """,
        ("Thanks for the honest write-up.", "Second loss on offline mode this quarter."),
        mood=("insightful",),
    ),
    Template(
        Q,
        "Discount request: {pct} % for {customer}",
        """
        {customer} signs this month if we go to {pct} % off for two years. Within my
        authority or do I need an approval? #pricing #approval
        """,
        ("Up to 20 % you decide; above, post the numbers here and I approve.",),
    ),
    Template(
        D,
        "Signed: {customer} 🎉",
        """
        {customer} signed this morning: {big} seats over three years. Thank you to support
        and product for the great pilot. #win
        """,
        ("Congratulations!", "Great work, well deserved."),
        mood=("celebrate", "like"),
    ),
    Template(
        Q,
        "Security questionnaire for {customer}: who helps?",
        """
        {nn}0 questions, due {day}. I can answer the commercial part, not the encryption and
        hosting ones. #security
        """,
        ("Send it to William, he has answers to most of them from previous questionnaires.",),
    ),
    Template(
        D,
        "Partner referral from {partner}",
        """
        {partner} referred {customer} to us ({big} seats). They expect a 10 % referral fee,
        as per the partner agreement. #partners
        """,
        ("Fine, it's in the agreement.",),
    ),
    Template(
        D,
        ("Win rate by segment this quarter", "Where we win and lose, by segment"),
        """
        Our win rate by segment: mid-market is where we lose the most, mostly to
        {competitor} on price. #forecast
        """,
        ("Mid-market needs a simpler offer, not a bigger discount.",),
        pic=lambda rng, s: pic(
            "win-rate.png",
            bar_chart,
            "Win rate by segment",
            ["SMB", "Mid-market", "Enterprise", "Public sector"],
            [rng.randint(25, 35), rng.randint(15, 24), rng.randint(30, 40), rng.randint(35, 45)],
            unit=" %",
            highlight=1,
        ),
        mood=("insightful",),
    ),
]

HR_BANK = [
    Template(
        Q,
        "{n} arrivées lundi : tout est prêt ?",
        """
        Checklist pour lundi : ordinateurs (IT ok), badges (accueil ?), comptes RSE, et
        déjeuners avec les managers. Il manque quelque chose ? #onboarding
        """,
        (
            "Badges prêts, je les dépose à l'accueil vendredi.",
            "Pensez au parrain ou à la marraine !",
        ),
    ),
    Template(
        Q,
        (
            "Astreintes : comment sont payées les interventions de nuit ?",
            "Intervention de nuit en astreinte : quelle rémunération ?",
        ),
        """
        Un ingénieur me demande si une intervention à 3 h du matin est payée en plus de la
        prime d'astreinte. #paie
        """,
        (
            """
            Oui : la prime couvre la disponibilité, l'intervention est payée en heures
            majorées de 100 %, avec un repos compensateur.
            """,
        ),
    ),
    Template(
        D,
        (
            "Congés de fin d'année : rappel aux managers",
            "Congés de fin d'année : dernières validations",
        ),
        """
        Les demandes doivent être validées avant le {day} 15. Merci de veiller à garder au
        moins une personne par équipe la semaine du 29. #conges
        """,
        ("Je relaie en réunion de managers.",),
    ),
    Template(
        D,
        ("Formation des nouveaux managers : les dates", "Formation managers : il reste des places"),
        """
        Deux sessions de deux jours, à Lyon et à Paris, avec le même organisme que l'an
        dernier. {n} inscrits pour l'instant, 12 places par session. #formation
        """,
        (
            "Je relance ceux qui ne se sont pas inscrits.",
            "On peut proposer une session en anglais ?",
        ),
    ),
    Template(
        Q,
        "Visites médicales en retard : on en est où ?",
        """
        Le service de santé au travail nous signale {nn} visites en retard. Qui s'en
        occupe cette année ? #sante
        """,
        ("Moi, j'envoie les convocations cette semaine.",),
    ),
    Template(
        D,
        "Règlement intérieur : la mise à jour est prête",
        """
        Nouvelle version avec le télétravail et le droit à la déconnexion. Relecture par
        les représentants du personnel le {day}, puis affichage. #juridique
        """,
        ("Merci, je relis ce soir.",),
    ),
]

ON_CALL_BANK = [
    Template(
        D,
        "Page: {service} error rate above {pct} %",
        """
        Paged at 03:12: {service} returned 5xx for {pct} % of requests during 11 minutes.
        Cause: a bad config push, rolled back at 03:21. Review doc to follow. #incident
        """,
        (
            "Thanks for handling it. Can we add a canary for config pushes?",
            "Added a check in the deploy pipeline.",
        ),
        pic=lambda rng, s: pic(
            "error-rate.png",
            line_chart,
            f"{s['service']}: 5xx rate",
            [f"03:{m:02d}" for m in range(0, 40, 3)],
            {
                "5xx %": [
                    0.2,
                    0.1,
                    0.3,
                    0.2,
                    s["pct"],
                    s["pct"] + 2,
                    s["pct"] - 1,
                    s["pct"],
                    3,
                    0.4,
                    0.2,
                    0.2,
                    0.1,
                    0.2,
                ]
            },
            marker=(4, "config push"),
        ),
        mood=("thanks", "insightful"),
    ),
    Template(
        D,
        "Handover: week {week}",
        """
        Handing over to {member}.

        - {n} pages this week, none at night
        - {service} has a slow memory leak: restart on Friday if it's above 80 %
        - Nothing else open

        Have a calm week! #handover
        """,
        ("Thanks, got it 👍",),
    ),
    Template(
        Q,
        "Disk usage on {service} at {nn} % and growing",
        """
        The volume of {service} grows about 2 % a day since {day}. Logs, or real data? Who
        knows this service best? #capacity
        """,
        (
            "Debug logging left on after the last incident. Turned it off, and cleaned up.",
            "Let's add an alert at 70 % rather than 85 %.",
        ),
    ),
    Template(
        D,
        "Alert noise: {service} latency alert fired {nn} times this week",
        """
        None of them needed action. I propose to raise the threshold from 500 ms to 800 ms
        and to require 10 minutes above it. Objections? #alerting
        """,
        (
            "+1, it woke me up twice for nothing.",
            "OK, but keep the 500 ms one as a ticket, not a page.",
        ),
    ),
    Template(
        Q,
        (
            "How do I get read access to the production logs?",
            "Joining the rota: which accesses do I need?",
        ),
        """
        I'm joining the rota next month. What access do I need, and who grants it?
        #onboarding #access
        """,
        (
            """
            Ask for the *oncall-readonly* role in the access portal, approved by the rota owner.
            Break-glass access is separate and logged.
            """,
        ),
    ),
    Template(
        D,
        "Runbook updated: {service}",
        """
        Rewrote the {service} runbook after last week's page: real commands, what to check
        first, and when to escalate. Please read it before your next shift. #runbooks
        """,
        ("Much clearer, thanks.",),
        mood=("thanks", "like"),
    ),
    Template(
        D,
        "Postmortem: {service} deploy rolled back",
        """
        Tuesday's deploy of {service} broke sign-in for SSO customers for 7 minutes. The
        migration ran before the new code was live. Action: migrations and code in two
        deploys for this service. #postmortem
        """,
        ("Good catch on the ordering.", "Let's write it in the deploy checklist."),
        mood=("insightful",),
    ),
]

KEY_ACCOUNTS_BANK = [
    Template(
        D,
        "{customer} : point mensuel",
        """
        Utilisation stable ({pct} % d'utilisateurs actifs en plus), {n} tickets ce mois-ci,
        aucun bloquant. Prochaine étape : présenter les nouveaux rapports à leur direction.
        #suivi
        """,
        ("Merci pour le point.", "Je peux faire la démo des rapports si tu veux."),
    ),
    Template(
        D,
        "{customer} menace de résilier",
        """
        Trois incidents en deux mois et un interlocuteur qui a changé : leur DSI parle de
        lancer un appel d'offres. Il faut une réponse forte cette semaine. #risque
        """,
        (
            "Je propose un rendez-vous avec notre CTO et un plan d'action écrit.",
            "Je les appelle demain pour prendre la température.",
        ),
    ),
    Template(
        Q,
        "{customer} accepte d'être client référence : on a le droit ?",
        """
        Leur directeur des opérations est d'accord pour témoigner. Faut-il un accord écrit
        pour utiliser leur logo ? #reference
        """,
        ("Oui, un accord écrit : le modèle est chez le juridique (Xavier).",),
    ),
    Template(
        D,
        "Escalade chez {customer} : leur direction nous écrit",
        """
        Le directeur général de {customer} a écrit directement à Thomas après la panne de
        {day}. Réponse commune support + commercial d'ici demain. #escalade
        """,
        ("Je rédige la partie technique ce soir.", "Je relis avant envoi."),
    ),
    Template(
        D,
        "Préparation de la revue trimestrielle avec {customer}",
        """
        Revue {day} en visio. Au programme : usage, tickets, feuille de route. Qui
        présente la partie produit ? #qbr
        """,
        ("Je peux demander à Rachel de venir 15 minutes.",),
    ),
]

HIRING_BANK = [
    Template(
        D,
        (
            "Une candidature spontanée intéressante pour le support",
            "Candidature spontanée : un profil bilingue espagnol",
        ),
        """
        Profil bilingue anglais-espagnol, trois ans de support B2B. Pas de poste ouvert,
        mais ça correspond à nos clients espagnols. On la rencontre ? #candidatures
        """,
        ("Oui, Beatriz pourrait faire le premier entretien.",),
    ),
    Template(
        Q,
        "Cabinet de recrutement : on renouvelle le contrat ?",
        """
        Le contrat avec le cabinet arrive à échéance. Bilan : {n} embauches sur 12 mois,
        pour 20 % du salaire annuel. On continue ? #recrutement
        """,
        ("Pour les profils tech seniors oui, pour le reste on s'en sort seuls.",),
    ),
    Template(
        D,
        "Salon de l'emploi à {city}",
        """
        Un stand au salon de {city} le mois prochain : il nous faut deux personnes le
        matin et deux l'après-midi. Volontaires ? #salon
        """,
        ("Je prends le matin.", "Je peux l'après-midi."),
    ),
    Template(
        D,
        "Grille d'entretien commune : version 2",
        """
        Mise à jour de la grille : quatre critères notés de 1 à 4, avec des exemples pour
        chaque note. Merci de l'utiliser pour tous les entretiens à partir de maintenant.
        #entretiens
        """,
        ("Beaucoup plus clair, merci.",),
    ),
    Template(
        Q,
        "Cooptation : quand la prime est-elle versée ?",
        """
        Un collègue a recommandé la personne qui a signé pour le poste de {city}. Il demande
        quand il touchera sa prime. #cooptation
        """,
        ("À la fin de la période d'essai, sur la paie suivante.",),
    ),
]

AURORA_BANK = [
    Template(
        D,
        ("Data room: new documents uploaded", "Data room: {nn} more documents"),
        """
        {nn} new documents in the data room: customer contracts, cap table and the last
        two board minutes. Please log what you read in the tracker. #diligence
        """,
        ("Thanks, starting with the contracts.",),
    ),
    Template(
        D,
        "Call notes with their CTO",
        """
        Their CTO is solid and wants to stay. Concerns: the on-call load (3 people for the
        whole platform) and our release process. I'd keep her in the loop early.
        #people
        """,
        ("Agreed, she's key for the integration.",),
        mood=("insightful",),
    ),
    Template(
        D,
        "Integration plan: first draft",
        """
        Draft in the shared folder: 100 days, three phases (stabilise, connect, merge).
        Biggest risk: the two billing systems. Comments welcome. #integration
        """,
        (
            "Billing first, I agree. Finance can help from week 2.",
            "We need a named owner per phase.",
        ),
    ),
    Template(
        D,
        "Announcement day: communication plan",
        """
        Order of communication on the day: their team first, then ours, then customers,
        then the press release. Drafts in the folder. Nothing outside this group before
        then. #communication
        """,
        ("Customers' email needs a FAQ attached.",),
    ),
    Template(
        Q,
        "Do we need to notify the works council before signing?",
        """
        Their French subsidiary has {nn} employees. Does the acquisition require an
        information-consultation before we sign? #legal
        """,
        (
            """
            Yes for their French entity: information-consultation before signing the SPA,
            so we sign a put option first. I'll set up the timeline.
            """,
        ),
    ),
]

BOARD_BANK = [
    Template(
        D,
        ("Compte rendu du comité", "Décisions du dernier comité"),
        """
        Décisions :

        - recrutements : {n} postes avancés au premier trimestre
        - politique voyages : train obligatoire sous 4 h de trajet
        - séminaire : le format sera proposé au prochain comité

        Le compte rendu complet est dans le dossier partagé. #comite
        """,
        ("Merci pour le compte rendu.",),
    ),
    Template(
        D,
        ("Point trésorerie", "Trésorerie : point mensuel"),
        """
        Trésorerie à {nn} semaines de charges, au-dessus de notre seuil de 30. Les
        encaissements de {customer} sont rentrés. #finance
        """,
        ("Bonne nouvelle, merci.",),
        mood=("like", "insightful"),
    ),
    Template(
        Q,
        "Semaine de quatre jours pour le support : on teste ?",
        """
        L'équipe support propose un test de trois mois, à effectif constant, avec un
        roulement pour couvrir le vendredi. Avis ? #organisation
        """,
        (
            "Pour, si la satisfaction client reste au-dessus de 4,5.",
            "Il faudra mesurer les délais de réponse.",
        ),
    ),
    Template(
        D,
        "Bureaux de Lyon : renouvellement du bail",
        """
        Le bail de Lyon arrive à échéance en juin. Le propriétaire propose +{n} % ou un
        étage supplémentaire au même prix au mètre carré. #locaux
        """,
        ("L'étage supplémentaire, vu les recrutements prévus.",),
    ),
    Template(
        Q,
        "Outil CRM : on change ou on garde ?",
        """
        Le contrat CRM arrive à échéance. Deux options : renouveler (même prix) ou migrer
        vers {partner} (-30 %, mais six mois de migration). #outils
        """,
        ("On garde encore un an, la migration tomberait en pleine année record.",),
    ),
]

PLANS = [
    Plan("support-escalations", "en", 40, SUPPORT, SUPPORT_BANK),
    Plan("python-guild", "en", 26, PYTHON, PYTHON_BANK),
    Plan("bureau-de-paris", "fr", 24, PARIS_OFFICE, PARIS_BANK),
    Plan("notes-de-frais", "mix", 28, EXPENSES, EXPENSES_BANK, experts=True),
    Plan("product-feedback", "en", 24, PRODUCT, PRODUCT_BANK),
    Plan("company-news", "mix", 6, NEWS, NEWS_BANK),
    Plan("club-lecture", "fr", 8, BOOK_CLUB, BOOK_BANK),
    Plan("sales-leadership", "en", 12, SALES, SALES_BANK),
    Plan("equipe-rh", "fr", 8, HR_TEAM, HR_BANK),
    Plan("on-call-engineers", "en", 20, ON_CALL, ON_CALL_BANK),
    Plan("cellule-grands-comptes", "fr", 12, KEY_ACCOUNTS, KEY_ACCOUNTS_BANK),
    Plan("recrutement-2027", "fr", 6, HIRING, HIRING_BANK),
    Plan("project-aurora", "en", 6, AURORA, AURORA_BANK),
    Plan("comite-de-direction", "fr", 7, BOARD, BOARD_BANK),
]
