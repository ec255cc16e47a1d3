"""Illustrations of our own making for the demo campaigns and programmes (``seed_demo``).

Each is a flat landscape drawn with Pillow: a sky, a low sun, three ridges of hills and a
scene in front (a factory, people standing together, wind turbines, a town, olive
terraces, or only the hills and a few birds), in one of a few palettes. The same slug always gives
the same picture (its own seeded random numbers), and the alt text says what is drawn.
"""

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1600, 900
# Drawn at twice the size and reduced: smooth edges without antialiasing support.
SCALE = 2

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    sky_top: RGB
    sky_bottom: RGB
    sun: RGB
    far: RGB
    near: RGB
    figures: tuple[RGB, ...]
    words_sv: str
    words_en: str


PALETTES = {
    "red": Palette(
        (122, 20, 27),
        (245, 150, 90),
        (255, 214, 120),
        (176, 62, 50),
        (70, 18, 24),
        ((250, 232, 200), (232, 120, 60), (40, 10, 14)),
        "rött och varmt orange",
        "red and warm orange",
    ),
    "dusk": Palette(
        (22, 44, 104),
        (120, 150, 210),
        (255, 205, 60),
        (60, 86, 150),
        (18, 30, 70),
        ((255, 205, 60), (230, 236, 250), (12, 20, 48)),
        "skymningsblått och guld",
        "dusk blue and gold",
    ),
    "green": Palette(
        (120, 180, 160),
        (240, 236, 180),
        (255, 246, 190),
        (84, 140, 96),
        (30, 74, 52),
        ((250, 240, 190), (200, 120, 60), (16, 44, 30)),
        "grönt och blekt gult",
        "green and pale yellow",
    ),
    "sand": Palette(
        (214, 120, 70),
        (250, 220, 170),
        (255, 244, 214),
        (196, 130, 84),
        (120, 60, 40),
        ((255, 240, 220), (60, 30, 20), (170, 70, 40)),
        "sand och terrakotta",
        "sand and terracotta",
    ),
    "teal": Palette(
        (20, 96, 110),
        (150, 210, 200),
        (255, 140, 110),
        (40, 120, 124),
        (12, 56, 62),
        ((255, 140, 110), (236, 248, 244), (8, 36, 40)),
        "blågrönt och korall",
        "teal and coral",
    ),
    "violet": Palette(
        (70, 40, 110),
        (236, 150, 180),
        (255, 220, 230),
        (120, 70, 140),
        (44, 24, 70),
        ((255, 220, 230), (236, 120, 160), (24, 12, 40)),
        "violett och rosa",
        "violet and pink",
    ),
}

SCENES_SV = {
    "factory": "en fabrik med rykande skorstenar vid kullarna",
    "people": "en grupp människor som står tillsammans framför kullarna",
    "turbines": "vindkraftverk på en ås under en stor sol",
    "town": "en liten stad med hus nedanför kullarna",
    "terraces": "olivträd på terrasserade fält",
    "hills": "kullar i flera lager under en låg sol, med några fåglar",
}
SCENES_EN = {
    "factory": "a factory with smoking chimneys by the hills",
    "people": "a group of people standing together in front of the hills",
    "turbines": "wind turbines on a ridge under a large sun",
    "town": "a small town of houses below the hills",
    "terraces": "olive trees on terraced fields",
    "hills": "ridges of hills under a low sun, with a few birds",
}


@dataclass(frozen=True)
class Illustration:
    image: Image.Image
    alt_sv: str
    alt_en: str


def illustration(slug: str, scene: str, palette_name: str) -> Illustration:
    """The picture for ``slug``: ``scene`` (a key of SCENES_EN) in a palette of PALETTES."""
    palette = PALETTES[palette_name]
    rng = random.Random(slug)
    canvas = _sky(palette)
    draw = ImageDraw.Draw(canvas)
    _sun(draw, rng, palette)
    ground = _ridges(draw, rng, palette)
    SCENES[scene](draw, rng, palette, ground)
    return Illustration(
        image=canvas.reduce(SCALE),
        alt_sv=f"En illustration: {SCENES_SV[scene]}, i {palette.words_sv}.",
        alt_en=f"An illustration: {SCENES_EN[scene]}, in {palette.words_en}.",
    )


def _sky(palette: Palette) -> Image.Image:
    """A vertical gradient: one column of colours, stretched across."""
    height = HEIGHT * SCALE
    column = Image.new("RGB", (1, height))
    column.putdata([_mix(palette.sky_top, palette.sky_bottom, y / height) for y in range(height)])
    return column.resize((WIDTH * SCALE, height), Image.Resampling.NEAREST)


def _sun(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette) -> None:
    x, y = rng.uniform(0.2, 0.8) * WIDTH, rng.uniform(0.22, 0.4) * HEIGHT
    radius = rng.uniform(70, 130)
    draw.ellipse(_box(x - radius, y - radius, x + radius, y + radius), fill=palette.sun)


def _mix(a: RGB, b: RGB, share: float) -> RGB:
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _ridges(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette) -> float:
    """Three ridges, far to near; returns the height where the foreground begins."""
    for layer, base in enumerate((0.55, 0.66, 0.78)):
        waves = [
            (rng.uniform(1, 4), rng.uniform(0, math.tau), rng.uniform(12, 45)) for _ in range(3)
        ]
        points = [
            (
                x,
                base * HEIGHT
                + sum(a * math.sin(f * x / WIDTH * math.tau + p) for f, p, a in waves),
            )
            for x in range(0, WIDTH + 20, 20)
        ]
        colour = _mix(palette.far, palette.near, layer / 2)
        draw.polygon(_points([*points, (WIDTH, HEIGHT), (0, HEIGHT)]), fill=colour)
    return 0.8 * HEIGHT


def _factory(
    draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette, ground: float
) -> None:
    left = rng.uniform(0.15, 0.4) * WIDTH
    dark = _mix(palette.near, (0, 0, 0), 0.4)
    for number in range(4):
        x = left + number * 150
        top = ground - 150
        draw.polygon(
            _points([(x, ground), (x, top), (x + 150, top - 60), (x + 150, ground)]), fill=dark
        )
    for number in range(3):
        x = left + 90 + number * 210
        height = rng.uniform(230, 330)
        draw.rectangle(_box(x, ground - height, x + 34, ground), fill=dark)
        for puff in range(4):
            radius = 26 + puff * 12
            cx, cy = x + 17 + puff * 40, ground - height - 40 - puff * 55
            draw.ellipse(
                _box(cx - radius, cy - radius, cx + radius, cy + radius),
                fill=_mix(palette.sky_bottom, (255, 255, 255), 0.5),
            )
    for number in range(8):
        x = left + 20 + number * 72
        draw.rectangle(_box(x, ground - 100, x + 36, ground - 60), fill=palette.sun)


def _people(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette, ground: float) -> None:
    count = rng.randint(7, 9)
    spacing = WIDTH * 0.7 / count
    for number in range(count):
        x = WIDTH * 0.15 + number * spacing + spacing / 2
        height = rng.uniform(240, 320)
        colour = palette.figures[number % len(palette.figures)]
        top = HEIGHT - height
        draw.rounded_rectangle(
            _box(x - 48, top + 70, x + 48, HEIGHT + 40), radius=46 * SCALE, fill=colour
        )
        draw.ellipse(_box(x - 34, top, x + 34, top + 68), fill=colour)
        if number % 3 == 1:  # a raised arm
            draw.line(
                _points([(x + 40, top + 110), (x + 80, top - 10)]), fill=colour, width=26 * SCALE
            )


def _turbines(
    draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette, ground: float
) -> None:
    white = _mix(palette.sky_bottom, (255, 255, 255), 0.8)
    for number in range(4):
        x = WIDTH * (0.15 + number * 0.22) + rng.uniform(-30, 30)
        height = rng.uniform(300, 420) - number * 20
        hub = (x, ground - height)
        draw.polygon(
            _points([(x - 10, ground), (x - 4, hub[1]), (x + 4, hub[1]), (x + 10, ground)]),
            fill=white,
        )
        angle = rng.uniform(0, math.tau)
        for blade in range(3):
            a = angle + blade * math.tau / 3
            tip = (hub[0] + 150 * math.cos(a), hub[1] + 150 * math.sin(a))
            side = (hub[0] + 22 * math.cos(a + 0.5), hub[1] + 22 * math.sin(a + 0.5))
            draw.polygon(_points([hub, side, tip]), fill=white)
        draw.ellipse(_box(hub[0] - 12, hub[1] - 12, hub[0] + 12, hub[1] + 12), fill=white)


def _town(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette, ground: float) -> None:
    x, number = WIDTH * 0.08, 0
    while x < WIDTH * 0.92:
        width, height = rng.uniform(110, 170), rng.uniform(120, 260)
        wall = _mix(palette.figures[number % 2], palette.near, 0.35)
        base = HEIGHT - 40
        draw.rectangle(_box(x, base - height, x + width, HEIGHT), fill=wall)
        draw.polygon(
            _points(
                [
                    (x - 12, base - height),
                    (x + width / 2, base - height - 70),
                    (x + width + 12, base - height),
                ]
            ),
            fill=palette.near,
        )
        for row in range(int(height // 70)):
            for column in range(2):
                wx, wy = x + 24 + column * (width / 2), base - height + 30 + row * 70
                draw.rectangle(_box(wx, wy, wx + 26, wy + 32), fill=palette.sun)
        x, number = x + width + rng.uniform(10, 40), number + 1


def _terraces(
    draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette, ground: float
) -> None:
    for band in range(4):
        top = ground - 60 + band * 55
        colour = _mix(palette.far, palette.near, 0.3 + band * 0.2)
        draw.rectangle(_box(0, top, WIDTH, HEIGHT), fill=colour)
        for _tree in range(7):
            x = rng.uniform(0, WIDTH)
            crown = _mix(palette.near, (0, 0, 0), 0.3)
            draw.rectangle(_box(x - 6, top - 40, x + 6, top + 8), fill=palette.figures[2])
            draw.ellipse(_box(x - 48, top - 96, x + 48, top - 26), fill=crown)


def _hills(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette, ground: float) -> None:
    for _bird in range(5):
        x, y = rng.uniform(0.1, 0.9) * WIDTH, rng.uniform(0.1, 0.3) * HEIGHT
        draw.line(
            _points([(x - 22, y - 8), (x, y), (x + 22, y - 8)]), fill=palette.near, width=4 * SCALE
        )


Scene = Callable[[ImageDraw.ImageDraw, random.Random, Palette, float], None]
SCENES: dict[str, Scene] = {
    "factory": _factory,
    "people": _people,
    "turbines": _turbines,
    "town": _town,
    "terraces": _terraces,
    "hills": _hills,
}


def _points(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(x * SCALE, y * SCALE) for x, y in points]


def _box(left: float, top: float, right: float, bottom: float) -> tuple[float, float, float, float]:
    return (left * SCALE, top * SCALE, right * SCALE, bottom * SCALE)
