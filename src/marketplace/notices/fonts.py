"""The notices' font: the system's DejaVu Sans cut to the Latin characters the notices print
(docs/adr/0823-the-notices-latin-cut-made-on-each-machine.md).

WeasyPrint copies and subsets every font a PDF uses, for every PDF. From the whole system
font (about 740 KB, 6,000 glyphs) that is about a fifth of writing a notice; from a cut of
the Latin letters, punctuation and symbols (about 60 KB) about 5 ms less a notice. The cut is
made once a machine from the font the machine already has (fonts-dejavu-core), with fontTools
(which WeasyPrint itself needs), into the exchange's own folder (VAR_DIR/notice-fonts): no
font file is kept in the repository. The same font file gives the same cut, byte for byte, so
every process of a machine writes the same PDF for the same notice.

The style sheet names "Notice Sans" first, then sans-serif: a character outside the cut (a
name in Vietnamese) is printed in the system's sans-serif, DejaVu Sans, as before; where no
cut can be made (no font file found), every character is.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

from marketplace.core.files import private_dir

log = logging.getLogger(__name__)

FAMILY = "Notice Sans"
#: (weight, fontconfig pattern, the Debian file when fontconfig is not at hand)
FACES = (
    ("normal", "DejaVu Sans:style=Book", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ("bold", "DejaVu Sans:style=Bold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)
#: Basic Latin, Latin-1, Latin Extended-A, the typographic punctuation, the euro, trade mark,
#: minus and the replacement character: English, Spanish and the Latin names of the people.
UNICODES = (
    "U+0020-007E,U+00A0-017F,U+0192,U+02C6-02DC,U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2212,U+FFFD"
)


def folder() -> Path:
    return Path(settings.VAR_DIR) / "notice-fonts"


def font_face_rules() -> str:
    """The @font-face rules of the cut, made now if this machine has not made them yet; ""
    when the system font cannot be found (the style sheet then falls back to sans-serif)."""
    rules = []
    for weight, pattern, debian in FACES:
        source = _system_file(pattern, debian)
        if source is None:
            log.warning("notice font not found (%s): notices print in sans-serif", pattern)
            return ""
        try:
            cut = _cut(source)
        except (OSError, ImportError) as exc:  # a read-only VAR_DIR, fontTools missing
            log.warning("notice font cut not made (%s): notices print in sans-serif", exc)
            return ""
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; src: url("{cut.as_uri()}"); '
            f"font-weight: {weight}; }}"
        )
    return "\n".join(rules) + "\n"


def _system_file(pattern: str, debian: str) -> Path | None:
    tool = shutil.which("fc-match")
    if tool:  # our own fixed pattern, no input of anyone's
        found = subprocess.run(  # noqa: S603
            [tool, "-f", "%{file}", pattern], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found.endswith(".ttf") and Path(found).is_file():
            return Path(found)
    return Path(debian) if Path(debian).is_file() else None


def _cut(source: Path) -> Path:
    """The cut of `source`, named after its bytes and the characters kept, made once; written
    under a temporary name and renamed, so two processes making it at once both end with a
    whole file."""
    data = source.read_bytes()
    digest = hashlib.sha256(data + UNICODES.encode()).hexdigest()[:16]
    target = private_dir(folder()) / f"{source.stem}-latin-{digest}.ttf"
    if target.is_file():
        return target
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a PDF reads
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    subset.save_font(font, str(partial), options)
    os.replace(partial, target)
    return target
