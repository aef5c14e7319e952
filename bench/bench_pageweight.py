"""Weight of /lieux/ with a search: the HTML and every stylesheet and script it references,
each gzip-compressed (level 9, as a server would send them), tiles excluded.

Renders ``/lieux/?q=Angoulême`` with twenty venues through Django's test client, reads the
<link rel="stylesheet"> and <script src> of the page from the static files, and prints each
size and the total.

    python bench/bench_pageweight.py

Target (issue 3): HTML, CSS and JavaScript together at most 150 KB compressed.
"""

import gzip
import re
from html import unescape
from pathlib import Path

import common

LIMIT_KB = 150


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def main() -> None:
    with common.scratch_database("pageweight") as vendor:
        print(f"Database: {vendor} (scratch)")
        from django.contrib.staticfiles import finders
        from django.test import Client

        from tests.directory.finder_data import bulk_venues, scatter, territory

        places = territory()
        venues = bulk_venues(
            scatter(20, latitude=45.65, longitude=0.16, spread=0.05), commune=places.angouleme
        )
        for number, venue in enumerate(venues):
            venue.name = f"Espace public numérique de la médiathèque {number}"
            venue.opening_hours = "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"
            venue.save()
        response = Client().get("/lieux/", {"q": "Angoulême"})
        assert response.status_code == 200
        html = response.content
        page = html.decode()
        assert page.count('class="venue-item"') == 20

        assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', page)
        assets += re.findall(r'<script[^>]+src="([^"]+)"', page)
        rows = [("HTML /lieux/?q=Angoulême", len(html), gzipped(html))]
        for url in assets:
            path = unescape(url).split("?")[0]
            if not path.startswith("/static/"):
                raise SystemExit(f"unexpected asset outside /static/: {url}")
            found = finders.find(path.removeprefix("/static/"))
            if not found:
                raise SystemExit(f"asset not found: {path}")
            data = Path(found).read_bytes()
            rows.append((path, len(data), gzipped(data)))

    print("\n/lieux/ with a search (20 results), gzip -9:")
    for name, raw, compressed in rows:
        print(f"  {name:<46} {raw / 1024:8.1f} KB raw {compressed / 1024:8.1f} KB gzip")
    total = sum(compressed for _, _, compressed in rows)
    print(f"  {'total (HTML + CSS + JS)':<46} {'':>15} {total / 1024:8.1f} KB gzip")
    verdict = total / 1024 <= LIMIT_KB
    print(f"  target (<= {LIMIT_KB} KB): {'met' if verdict else 'NOT met'}")


if __name__ == "__main__":
    main()
