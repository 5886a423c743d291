"""Live chat load benchmark: real daphne, real Redis (pub/sub layer), real PostgreSQL.

N clients (BENCH_CLIENTS, default 200) sit in rooms of 10; each sends one message every
BENCH_INTERVAL seconds (default 2) for BENCH_SECONDS (default 30). Every message must reach
the other nine members of its room. We measure send → receive latency on those members and
count messages lost and duplicated. Like the browser, a client that notices a gap in the
room's sequence, or is told by the heartbeat that the room moved on, asks for a replay from
the database; messages recovered that way are counted as ``recovered``, not as lost. A message
still missing BENCH_DRAIN seconds (default 10) after sending stops is lost; one stored twice (two
sequence numbers for one client id) is duplicated — a replayed copy of the same sequence is not,
as the browser shows each sequence once.

The baseline, measured in the same run with the same clients and load, is a bare Channels
consumer that fans each frame out through the same channel layer with no database at all
(bench/bare_chat_asgi.py). ``ratio`` is Zenora's p99 over the baseline's p99.

    .venv/bin/python bench/chat.py
    BENCH_SERVERS=2 .venv/bin/python bench/chat.py        # clients split over two daphnes
    BENCH_SWEEP=200,400,600 .venv/bin/python bench/chat.py  # largest load with nothing lost

Works in a throwaway database and under Redis keys of its own, both gone afterwards
(bench/harness.py). Prints one JSON line.
"""

import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import websockets  # noqa: E402
from django.conf import settings  # noqa: E402

from bench.harness import database_url, own_stores, use_own_stores  # noqa: E402


def configure(name: str) -> None:
    """Stores of the bench's own, production's database connections, then Django.

    As in production: psycopg's pool with CONN_MAX_AGE=0 (tests turn the pool off).
    ``BENCH_POOL=0`` measures the old way, persistent connections (CONN_MAX_AGE=60).
    """
    use_own_stores(name)
    pool = os.environ.get("BENCH_POOL", "4")
    os.environ["DATABASE_POOL_SIZE"] = pool
    os.environ["CONN_MAX_AGE"] = "0" if int(pool) else "60"
    import django

    django.setup()


CLIENTS = int(os.environ.get("BENCH_CLIENTS", "200"))
ROOM_SIZE = 10
INTERVAL = float(os.environ.get("BENCH_INTERVAL", "2"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
SERVERS = int(os.environ.get("BENCH_SERVERS", "1"))
SWEEP = [int(n) for n in os.environ.get("BENCH_SWEEP", "").split(",") if n.strip()]
DRAIN_SECONDS = float(os.environ.get("BENCH_DRAIN", "10"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Member:
    room_id: int
    cookie: str = ""
    sent: dict[str, float] = field(default_factory=dict)  # client_id -> monotonic send time
    seen: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # client_id -> times received
    # client_id -> the sequence numbers it arrived with; more than one means it was stored twice,
    # which is what a person would see as a duplicate (the browser shows each sequence once).
    seqs: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    latencies: list[float] = field(default_factory=list)
    last_seq: int = 0
    recovered: int = 0
    reconnects: int = 0
    acked: dict[str, int] = field(default_factory=dict)  # client_id -> the sequence it was stored at
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # error code -> count
    # client_id -> frame, sent but not yet acknowledged: resent after a reconnect, as the
    # browser does (the client id makes a resend harmless).
    pending: dict[str, str] = field(default_factory=dict)

    def reset(self) -> None:
        for collection in (self.sent, self.seen, self.seqs, self.pending, self.acked):
            collection.clear()
        self.latencies.clear()
        self.refused.clear()
        self.last_seq = self.recovered = self.reconnects = 0


def prepare(clients: int) -> list[Member]:
    """Users, groups of ten, their debrief rooms and signed-in sessions."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from communities.models import Community, Membership
    from communities.rooms.services import default_room_ensure

    members = []
    hasher_free_password = "!"  # unusable password: sessions are made directly
    for index in range(clients):
        if index % ROOM_SIZE == 0:
            community = Community.objects.create(
                name=f"Bench {index}", slug=f"bench-{index}-{uuid.uuid4().hex[:6]}"
            )
            room = default_room_ensure(community=community)
        user = User.objects.create(
            email=f"bench{index}-{uuid.uuid4().hex[:6]}@bench.example",
            display_name=f"Bench {index}",
            password=hasher_free_password,
        )
        Membership.objects.create(
            community=community,
            user=user,
            state=Membership.State.ACTIVE,
            guidelines_accepted_version=community.guidelines_version,
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        members.append(
            Member(room_id=room.pk, cookie=f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
        )
    return members


def wait_for_port(port: int, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start on {port}") from None
            time.sleep(0.2)


def start_servers(
    app: str, count: int, extra_env: dict[str, str] | None = None, log_dir: Path | None = None
) -> tuple[list[subprocess.Popen], list[int]]:
    """``count`` daphnes on free ports; their output goes to ``log_dir/daphne-<i>.log`` if given."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        **(extra_env or {}),
    }
    ports = [_free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), app],
            cwd=ROOT,
            env=env,
            stdout=_log(log_dir, f"daphne-{index}"),
            stderr=subprocess.STDOUT if log_dir else subprocess.DEVNULL,
        )
        for index, port in enumerate(ports)
    ]
    for port in ports:
        wait_for_port(port, f"daphne ({app})")
    return processes, ports


def _log(log_dir: Path | None, name: str):
    return (log_dir / f"{name}.log").open("wb") if log_dir else subprocess.DEVNULL


def stop_servers(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


async def run_client(
    member: Member,
    port: int,
    start_at: float,
    stop_at: float,
    done_at: float,
    *,
    interval: float | None = None,
    reconnect: bool = False,
) -> None:
    """One person in a room: sends every ``interval`` seconds, receives everyone else.

    With ``reconnect``, a dropped socket (a server killed, a proxy restarted) is opened again
    as the browser does: ask for everything after the last sequence seen, then resend what was
    never acknowledged. Without it, a drop fails the run.
    """
    interval = INTERVAL if interval is None else interval
    uri = f"ws://127.0.0.1:{port}/ws/rooms/{member.room_id}/"
    headers = {"Origin": f"http://127.0.0.1:{port}", "Cookie": member.cookie}
    connected = asyncio.Event()
    socket_box: list = [None]

    async def send(frame: str) -> None:
        ws = socket_box[0]
        if ws is None:
            return  # offline: it stays pending and goes out on reconnect
        try:
            await ws.send(frame)
        except websockets.ConnectionClosed:
            if not reconnect:
                raise

    async def receive(ws) -> None:
        replay_after = None  # the sequence the replay in flight was asked from

        async def ask_replay(after: int) -> None:
            nonlocal replay_after
            replay_after = after
            await ws.send(json.dumps({"type": "replay", "after": after}))

        replaying = member.last_seq > 0  # a reconnect starts by catching up
        if replaying:
            await ask_replay(member.last_seq)
        for frame in list(member.pending.values()):
            await ws.send(frame)
        async for raw in ws:
            now = time.monotonic()
            frame = json.loads(raw)
            kind = frame.get("type")
            if kind == "message":
                message = frame["message"]
                client_id, seq = message["client_id"], message["seq"]
                if not replaying and seq > member.last_seq + 1 and member.last_seq:
                    replaying = True  # a gap: fetch what the layer did not bring
                    await ask_replay(member.last_seq)
                member.last_seq = max(member.last_seq, seq)
                member.seqs[client_id].add(seq)
            elif kind == "send":  # the bare baseline echoes the frame itself
                client_id = frame["client_id"]
                member.pending.pop(client_id, None)
            elif kind == "ack":
                member.pending.pop(frame["client_id"], None)
                member.acked[frame["client_id"]] = frame.get("seq", 0)
                continue
            elif kind == "error":
                member.refused[frame.get("code", "?")] += 1
                continue
            elif kind == "ready":
                # The room is already past what this client has (it joined after others began,
                # as a browser opening the page would show): fetch what came before.
                if frame.get("last_seq", 0) > member.last_seq and not replaying:
                    replaying = True
                    await ask_replay(member.last_seq)
                continue
            elif kind == "replay_done":
                replaying = False
                # A live message seen while the replay was in flight may have jumped a gap the
                # replay did not cover: ask again from where the replay ended.
                # Each such request starts later than the one before, so this ends.
                after = frame.get("last_seq", 0)
                seen = {seq for seqs in member.seqs.values() for seq in seqs}
                if after > (replay_after or 0) and any(
                    seq not in seen for seq in range(after + 1, member.last_seq)
                ):
                    replaying = True
                    await ask_replay(after)
                continue
            elif kind == "pong" and frame.get("last_seq", 0) > member.last_seq and not replaying:
                replaying = True
                await ask_replay(member.last_seq)
                continue
            else:
                continue
            member.seen[client_id] += 1
            sent_at = SENT_AT.get(client_id)
            if sent_at is not None and client_id not in member.sent and member.seen[client_id] == 1:
                if replaying:
                    member.recovered += 1
                else:
                    member.latencies.append(now - sent_at)

    async def connection() -> None:
        first = True
        while time.monotonic() < done_at:
            try:
                async with websockets.connect(
                    uri, additional_headers=headers, max_queue=None, open_timeout=60
                ) as ws:
                    if not first:
                        member.reconnects += 1
                    first = False
                    socket_box[0] = ws
                    connected.set()
                    await receive(ws)
            except (websockets.ConnectionClosed, websockets.InvalidStatus, OSError, TimeoutError):
                if not reconnect:
                    raise
            socket_box[0] = None
            if not reconnect:
                return
            await asyncio.sleep(random.uniform(0.2, 1.0))  # the browser's backoff, shortened

    receiver = asyncio.create_task(connection())
    await asyncio.wait_for(connected.wait(), timeout=90)
    await asyncio.sleep(max(0.0, start_at - time.monotonic()) + random.uniform(0, interval))
    while time.monotonic() < stop_at:
        client_id = str(uuid.uuid4())
        frame = json.dumps({"type": "send", "client_id": client_id, "body": "Checking in after a long day."})
        member.sent[client_id] = SENT_AT[client_id] = time.monotonic()
        member.pending[client_id] = frame
        await send(frame)
        await asyncio.sleep(interval)
    if reconnect:
        # After a drop the browser's heartbeat keeps asking until it has caught up.
        while time.monotonic() < done_at - 1:
            await asyncio.sleep(min(2.0, max(0.0, done_at - 1 - time.monotonic())))
            await send(json.dumps({"type": "ping"}))
    else:
        await asyncio.sleep(max(0.0, done_at - time.monotonic() - 2))
        await send(json.dumps({"type": "ping"}))  # the heartbeat: catch up if behind
    await asyncio.sleep(max(0.0, done_at - time.monotonic()))
    receiver.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await receiver


SENT_AT: dict[str, float] = {}


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def _load(members: list[Member], ports: list[int]) -> None:
    setup = 3 + len(members) / 100
    start_at = time.monotonic() + setup
    stop_at = start_at + SECONDS
    done_at = stop_at + DRAIN_SECONDS
    await asyncio.gather(
        *(run_client(m, ports[i % len(ports)], start_at, stop_at, done_at) for i, m in enumerate(members))
    )


def tally(members: list[Member]) -> dict:
    """Lost, duplicated and latency figures of one run (see the module's docstring)."""
    rooms: dict[int, list[Member]] = defaultdict(list)
    for member in members:
        rooms[member.room_id].append(member)
    lost = duplicated = expected = unacknowledged = skipped = 0
    for room_members in rooms.values():
        for sender in room_members:
            for client_id in sender.sent:
                for other in room_members:
                    if other is sender:
                        continue
                    expected += 1
                    missing = other.seen.get(client_id, 0) == 0
                    lost += missing
                    unacknowledged += missing and client_id in sender.pending
                    skipped += missing and sender.acked.get(client_id, 0) <= other.last_seq
                    # The baseline has no sequence: there every extra copy counts as a duplicate.
                    copies = (
                        len(other.seqs[client_id])
                        if client_id in other.seqs
                        else other.seen.get(client_id, 0)
                    )
                    duplicated += max(0, copies - 1)
    latencies = [lat * 1000 for m in members for lat in m.latencies]
    return {
        "messages": sum(len(m.sent) for m in members),
        "deliveries": expected,
        "p50_ms": round(_percentile(latencies, 0.50), 1),
        "p95_ms": round(_percentile(latencies, 0.95), 1),
        "p99_ms": round(_percentile(latencies, 0.99), 1),
        "lost": lost,
        # Of the lost, deliveries of messages the server never acknowledged to their sender.
        "lost_unacknowledged": unacknowledged,
        # Of the lost, deliveries the receiver had moved past (its last sequence is beyond them).
        "lost_skipped": skipped,
        "duplicated": duplicated,
        "recovered": sum(m.recovered for m in members),
        "refused": dict(sum((Counter(m.refused) for m in members), Counter())),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
    }


def reset(members: list[Member]) -> None:
    for member in members:
        member.reset()
    SENT_AT.clear()


def measure(app: str, members: list[Member], servers: int) -> dict:
    """Run the load once; a message refused by the server (guard, rate limit) counts as lost."""
    reset(members)
    processes, ports = start_servers(app, servers)
    try:
        asyncio.run(_load(members, ports))
    finally:
        stop_servers(processes)
    return tally(members)


def main() -> None:
    configure("chat")
    with own_stores():
        members = prepare(max([CLIENTS, *SWEEP]))
        chosen = members[:CLIENTS]
        zenora = measure("config.asgi:application", chosen, SERVERS)
        baseline = measure("bench.bare_chat_asgi:application", chosen, SERVERS)
        result = {
            "benchmark": "chat",
            "clients": CLIENTS,
            "servers": SERVERS,
            "room_size": ROOM_SIZE,
            "interval_s": INTERVAL,
            "seconds": SECONDS,
            **zenora,
            "baseline_p50_ms": baseline["p50_ms"],
            "baseline_p99_ms": baseline["p99_ms"],
            "baseline_lost": baseline["lost"],
            "ratio": round(zenora["p99_ms"] / baseline["p99_ms"], 2) if baseline["p99_ms"] else None,
        }
        if SWEEP:
            sweep = {}
            for count in SWEEP:
                outcome = measure("config.asgi:application", members[:count], SERVERS)
                sweep[str(count)] = {
                    k: outcome[k] for k in ("p50_ms", "p99_ms", "lost", "duplicated", "recovered")
                }
            result["sweep"] = sweep
            no_loss = [int(c) for c, o in sweep.items() if o["lost"] == 0 and o["duplicated"] == 0]
            result["largest_clients_without_loss"] = max(no_loss) if no_loss else 0
        print(json.dumps(result))


if __name__ == "__main__":
    main()
