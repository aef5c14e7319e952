"""Load test: gunicorn with PostgreSQL on 127.0.0.1, 20 concurrent clients for 30 seconds on
the finder's search page and the map API, with 100,000 venues spread like the population.

Creates a scratch PostgreSQL database (``maillage_bench_load``, dropped at the end), fills it,
starts gunicorn on a free loopback port (test settings: no HTTPS redirect, no collectstatic),
runs the clients as threads (each request on its own connection, 10 s timeout, stops at the
deadline), stops gunicorn and prints requests per second, the 50th and 99th percentiles and
the errors, overall and per endpoint. Only 127.0.0.1 is ever contacted.

    python bench/load_test.py          # DATABASE_URL defaults to the local PostgreSQL
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/load_test.py

Target (issue 3): no error.
"""

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode, urlsplit, urlunsplit

import common

HOST = "127.0.0.1"
REQUEST_TIMEOUT = 10
MAX_REQUESTS = 200_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def scratch_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def targets(communes, count: int, seed: int) -> list[tuple[str, str]]:
    """Half searches by commune name or postcode, half map views at zooms 5 to 16."""
    from bench_mapdata import view

    rng = random.Random(seed)
    urls = []
    for number, (commune, lat, lon) in enumerate(common.population_points(communes, count, seed)):
        if number % 2:
            query = commune.postcode if rng.random() < 0.3 and commune.postcode else commune.name
            urls.append(("search", "/lieux/?" + urlencode({"q": query})))
        else:
            zoom = rng.randint(5, 16)
            params = {"bbox": view(lat, lon, zoom), "zoom": zoom}
            urls.append(("map", "/api/venues.geojson?" + urlencode(params)))
    return urls


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/lieux/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer in time")


def run_clients(port: int, urls, clients: int, seconds: float) -> list[tuple[str, float, bool]]:
    results: list[tuple[str, float, bool]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(MAX_REQUESTS))

    def client(offset: int) -> None:
        index = offset
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    return
            kind, path = urls[index % len(urls)]
            index += clients
            start = time.perf_counter()
            ok = False
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                connection.close()
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                results.append((kind, elapsed, ok))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    return results


def report(results, seconds: float) -> None:
    def percentile(samples, fraction):
        ordered = sorted(samples)
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    for kind in ("all", "search", "map"):
        rows = [r for r in results if kind == "all" or r[0] == kind]
        if not rows:
            continue
        times = [elapsed for _, elapsed, _ in rows]
        errors = sum(not ok for _, _, ok in rows)
        label = {
            "all": "all requests",
            "search": "GET /lieux/?q=…",
            "map": "GET /api/venues.geojson",
        }
        print(
            f"  {label[kind]:<26} {len(rows) / seconds:7.1f} req/s   "
            f"p50 {statistics.median(times):7.1f} ms   p99 {percentile(times, 0.99):7.1f} ms   "
            f"errors {errors} / {len(rows)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venues", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("The load test runs on PostgreSQL: set DATABASE_URL=postgres://…")

    with common.scratch_database("load") as vendor:
        from django.db import connection

        name = connection.settings_dict["NAME"]
        print(f"Database: {vendor} {name} (scratch)")
        communes = common.load_communes()
        with common.timed(f"insert {args.venues:,} venues"):
            common.add_venues(communes, args.venues, seed=args.venues)
            common.analyze()
        urls = targets(communes, 1000, seed=3)
        connection.close()

        port = free_port()
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hubsite.settings.test",
            "DATABASE_URL": scratch_url(name),
            "DATABASE_CONN_MAX_AGE": "600",
            "PYTHONWARNINGS": "ignore:No directory at",
        }
        command = [
            str(common.ROOT / ".venv/bin/gunicorn")
            if (common.ROOT / ".venv/bin/gunicorn").exists()
            else "gunicorn",
            "hubsite.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ]
        print(f"gunicorn: {args.workers} workers on {HOST}:{port}")
        server = subprocess.Popen(command, cwd=common.ROOT, env=environment)
        try:
            wait_until_up(port, server)
            for _kind, path in urls[:40]:  # warm-up: every worker connects and compiles
                connection_ = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
                connection_.request("GET", path)
                connection_.getresponse().read()
            print(f"{args.clients} clients for {args.seconds:.0f} s…", flush=True)
            started = time.monotonic()
            results = run_clients(port, urls, args.clients, args.seconds)
            elapsed = time.monotonic() - started
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    print(
        f"\nLoad test, {args.venues:,} venues, {vendor}, {args.clients} clients, {elapsed:.1f} s:"
    )
    report(results, elapsed)
    errors = sum(not ok for _, _, ok in results)
    print(f"  target (no error): {'met' if errors == 0 else 'NOT met'}")
    sys.exit(0 if errors == 0 else 1)


if __name__ == "__main__":
    main()
