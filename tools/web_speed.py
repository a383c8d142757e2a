"""How fast the clerk's page is for a large organisation: prints figures, asserts nothing.

    PYTHONPATH=src python tools/web_speed.py [--don-vi 150] [--lan 5]

Builds the 150-unit organisation of the tests (tests/big_org.py, from examples/huyen-uy) in a
temporary folder, opens the page as the browser does (the key exchanged for the cookie) and
times, through the application itself (no network in between):

- each page a clerk opens, once cold (the year read for the first time) and then the median of
  --lan loads (the year's data held, as while the clerk works): the aim is under 300 ms;
- a page preview (the plan and one letter): the document made, converted by LibreOffice and its
  first page drawn, with LibreOffice's profile already made (as `vanban giao-dien` makes it while
  the clerk reads the first page); then the same preview again, from the cache: the aim is under 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from big_org import YEAR, big_organisation  # noqa: E402 - the tests' large organisation

from vanban.web import Site, create_app  # noqa: E402
from vanban.web.security import Keys  # noqa: E402

PORT = 5123
BASE = f"http://127.0.0.1:{PORT}"


def _client(folder: Path, cache: Path):
    site = Site(folder, Keys(key="k", session="s"), port=PORT, cache=cache)
    app = create_app(site)
    http = app.test_client()
    assert http.get("/?khoa=k", base_url=BASE).status_code == 302
    return site, http


def _get(http, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = http.get(path, base_url=BASE)
    return (time.perf_counter() - start) * 1000, response.status_code


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--don-vi", type=int, default=150, help="units of the organisation")
    parser.add_argument("--lan", type=int, default=5, help="loads of each page after the first")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vanban-toc-do-") as tmp:
        folder = big_organisation(Path(tmp) / "van-phong", args.don_vi)
        site, http = _client(folder, Path(tmp) / "cache")
        pages = [f"/nam/{YEAR}", "/don-vi", f"/nam/{YEAR}/ke-hoach", f"/nam/{YEAR}/thong-bao",
                 f"/nam/{YEAR}/bao-cao", f"/nam/{YEAR}/tien-do", f"/nam/{YEAR}/phat-hanh", f"/nam/{YEAR}/luu-tru",
                 f"/nam/{YEAR}/excel", "/mau", "/nam-moi", "/kiem-tra"]
        print(f"Trang của một tổ chức {args.don_vi} đơn vị (ms; mục tiêu < 300):")
        print(f"  {'trang':<28}{'lần đầu':>10}{'trung vị':>10}{'chậm nhất':>11}")
        worst = 0.0
        for path in pages:
            first, status = _get(http, path)
            times = [_get(http, path)[0] for _ in range(args.lan)]
            worst = max(worst, statistics.median(times))
            print(f"  {path:<28}{first:>10.0f}{statistics.median(times):>10.0f}{max(times):>11.0f}"
                  + ("" if status == 200 else f"   (mã {status})"))
        print(f"  trung vị chậm nhất: {worst:.0f} ms")

        print("Xem trang (s; mục tiêu < 3):")
        with site.lock:
            office = site.office
            states = office.year(int(YEAR)).status()
        letter = next(s.key for s in states if s.key.startswith("thong-bao/"))
        report = next((s.key for s in states if s.key.startswith("bao-cao/") and s.state != "chua_du_du_lieu"), None)
        start = time.perf_counter()
        site.warm()  # what `vanban giao-dien` does while the clerk reads the first page
        drawn = [p for p in site.cache.iterdir() if p.suffix == ".png"]
        print(f"  chuẩn bị khi mở trang (hồ sơ LibreOffice, {len(drawn)} trang đầu vẽ sẵn): "
              f"{time.perf_counter() - start:.2f}")
        for drawn in site.cache.iterdir():  # measured below from nothing (LibreOffice's profile kept)
            if drawn.is_file():
                drawn.unlink()
        for key, draft in (("ke-hoach", True), ("ke-hoach", False), (letter, False), (report, False)):
            if key is None:
                continue
            start = time.perf_counter()
            shown = office.year(int(YEAR)).preview(key, draft, site.cache)
            cold = time.perf_counter() - start
            start = time.perf_counter()
            office.year(int(YEAR)).preview(key, draft, site.cache)
            warm = time.perf_counter() - start
            label = f"{key}{' (dự thảo)' if draft else ''}"
            print(f"  {label:<36} lần đầu {cold:5.2f}   lần sau {warm:5.2f}   ({shown.pages} trang)")

if __name__ == "__main__":
    main()
