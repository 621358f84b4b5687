"""Profiles, not guesses: cProfile around every request of a load run (`run.py --profile`).

The app servers run with `tests.load.profiling_settings` (the exchange's settings with
`ProfileMiddleware` first). Each request's profile is written to MARKETPLACE_PROFILE_DIR,
named by the view that answered; after the run `report` adds the profiles of one view up and
prints where its time went. Profiling slows every request (roughly doubles its CPU time), so
a profiled run's response times are not the run's figures: its shares of time are.
"""

from __future__ import annotations

import cProfile
import io
import itertools
import os
import pstats
import re
from pathlib import Path

_numbers = itertools.count()


class ProfileMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.folder = Path(os.environ["MARKETPLACE_PROFILE_DIR"])
        self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, request):
        profile = cProfile.Profile()
        response = profile.runcall(self.get_response, request)
        match = getattr(request, "resolver_match", None)
        view = re.sub(r"[^\w.-]", "_", match.view_name if match else "unresolved")
        profile.dump_stats(self.folder / f"{view}.{os.getpid()}.{next(_numbers)}.prof")
        return response


def views(folder: Path) -> dict[str, list[Path]]:
    """The profiles in `folder`, by view."""
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.prof")):
        found.setdefault(path.name.rsplit(".", 3)[0], []).append(path)
    return found


def report(folder: Path, view: str, top: int = 20) -> str:
    """Where `view`'s time went over every request profiled: the functions with the most
    time of their own, then with the most time under them."""
    paths = views(folder).get(view, [])
    if not paths:
        return f"profile: no request of {view}"
    stats = pstats.Stats(str(paths[0]), stream=io.StringIO())
    for path in paths[1:]:
        stats.add(str(path))
    out = io.StringIO()
    stats.stream = out
    stats.files = []  # not one line per request's file
    print(
        f"profile: {view}, {len(paths)} requests, {stats.total_tt / len(paths) * 1000:.1f} ms"
        " each (wall time under the profiler)",
        file=out,
    )
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str]) -> int:
    """`python -m tests.load.profiling FOLDER [VIEW]`: the views and their requests'
    CPU time, or one view's profile."""
    folder = Path(argv[0])
    if len(argv) > 1:
        print(report(folder, argv[1]))
        return 0
    for view, paths in sorted(views(folder).items()):
        total = sum(pstats.Stats(str(p), stream=io.StringIO()).total_tt for p in paths)
        print(f"{view}: {len(paths)} requests, {total / len(paths) * 1000:.1f} ms each")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
