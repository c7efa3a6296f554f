"""Telegram channel under load: N users writing at once to the real `assistant bot` process.

Runs the bot against the test suite's Bot API server on loopback, lets every user walk the
profile flow (one message per turn, each waiting for its answer, as people do), and prints
the turn latency (update queued → reply received by the server) and the cold start to the
first reply. Non-LLM targets on the 2-core reference machine: p95 ≤ 300 ms, cold start ≤ 5 s.

    python bench/telegram_bench.py [--users 40] [--turns 7] [--think 0]

With --think 0 every user answers the instant the reply arrives: 40 writers who never pause,
the harshest reading of "40 users writing at once". --think 2 is closer to people typing.
Either way all 40 first messages are sent in the same instant, by users the bot has never
seen; --turns 1 measures that burst alone. BENCH_PROFILE=out.svg records the bot with py-spy.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.fake_telegram import FakeTelegram  # noqa: E402

SCRIPT = [
    ("/profile", "姓名"),
    ("王芳", "层级"),
    ("2", "单位的名称"),
    ("天元街道", "身份"),
    ("1", "联系电话"),
    ("/skip", "请核对"),
    ("是", "已保存"),
]


def user_session(
    telegram: FakeTelegram, user: int, turns: int, think: float, latencies: list[tuple[int, float]], errors: list[str]
) -> None:
    for number, (text, expect) in enumerate(SCRIPT[:turns]):
        if number and think:
            time.sleep(random.uniform(0.5, 1.5) * think)  # a person reads the question before answering
        before = len(telegram.texts(user))
        started = time.monotonic()
        telegram.text(user, text)
        try:
            telegram.wait_for(user, expect, timeout=60, after=before)
        except AssertionError as exc:
            errors.append(str(exc)[:200])
            return
        latencies.append((number, time.monotonic() - started))


def _cpu_seconds(pid: int, thread: int | None = None) -> float:
    """User + system CPU time of a process (or one of its threads) so far (Linux /proc)."""
    path = f"/proc/{pid}/task/{thread}/stat" if thread else f"/proc/{pid}/stat"
    fields = Path(path).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _start_profiler(pid: int) -> subprocess.Popen | None:
    """py-spy on the bot while under load, when BENCH_PROFILE names the output (py-spy on PATH;
    BENCH_PROFILE_FORMAT=raw gives collapsed stacks instead of a flame graph)."""
    output = os.environ.get("BENCH_PROFILE")
    if not output:
        return None
    spy = subprocess.Popen(
        ["py-spy", "record", "-p", str(pid), "-o", output, "-r", "200", "--nonblocking",
         "--format", os.environ.get("BENCH_PROFILE_FORMAT", "flamegraph")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    time.sleep(1)  # attached before the first message
    return spy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--turns", type=int, default=len(SCRIPT))
    parser.add_argument("--think", type=float, default=0.0, help="seconds each user waits before the next answer")
    parser.add_argument("--database-url", default=None, help="an empty database to use instead of SQLite")
    parser.add_argument("--chroma-port", type=int, default=None,
                        help="use a Chroma server on 127.0.0.1 at this port instead of the embedded index")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, FakeTelegram() as telegram:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "TELEGRAM_"))}
        env.update(telegram.env(), ASSISTANT_DATA_DIR=str(Path(tmp) / "data"),
                   ASSISTANT_TELEGRAM_ALLOW_LIST=",".join(str(1000 + u) for u in range(args.users)))
        if args.database_url:
            env["ASSISTANT_DATABASE_URL"] = args.database_url
        if args.chroma_port:
            env.update(ASSISTANT_CHROMA_HOST="127.0.0.1", ASSISTANT_CHROMA_PORT=str(args.chroma_port))
        # A deployed bot has its knowledge index already; building it (first start only) is not a turn.
        subprocess.run([sys.executable, "-m", "assistant", "ingest"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        command = os.environ.get("BENCH_BOT_COMMAND", f"{sys.executable} -m assistant bot").split()
        bot = subprocess.Popen(command, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            telegram.text(1, "/start")
            telegram.wait_for(1, "您好", timeout=60)
            cold_start = time.monotonic() - started
            # The bot loads the knowledge base in the background after start; measure the steady state.
            for _ in range(120):  # until the answer itself comes, not "still loading"
                before = len(telegram.texts(1))
                telegram.text(1, "/ask 县里一年要开几次协商会？")
                if "三、（八）" in telegram.wait_for(1, "。", timeout=30, after=before):
                    break
                time.sleep(1)

            timed: list[tuple[int, float]] = []  # (turn number, latency)
            errors: list[str] = []
            threads = [
                threading.Thread(target=user_session, args=(telegram, 1000 + u, args.turns, args.think, timed, errors))
                for u in range(args.users)
            ]
            bot_cpu_before = _cpu_seconds(bot.pid)
            loop_cpu_before = _cpu_seconds(bot.pid, bot.pid)  # the main thread runs the event loop
            spy = _start_profiler(bot.pid)
            load_started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - load_started
            bot_cpu = _cpu_seconds(bot.pid) - bot_cpu_before
            loop_cpu = _cpu_seconds(bot.pid, bot.pid) - loop_cpu_before
            if spy:
                spy.send_signal(2)
                spy.wait(timeout=60)
            bench_cpu = _cpu_seconds(os.getpid())  # the whole run, stub and clients
        finally:
            bot.terminate()
            bot.wait(timeout=20)

    expected = args.users * args.turns
    latencies = [latency for _, latency in timed]
    first_turns = [latency for number, latency in timed if number == 0]  # all sent in the same instant
    later = [latency for number, latency in timed if number > 0] or [0.0]
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    index = f"Chroma server :{args.chroma_port}" if args.chroma_port else "embedded Chroma"
    print(f"knowledge index: {index}; database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    print(f"users: {args.users}, turns each: {args.turns}, think time: {args.think:.1f} s, answered: {len(latencies)}/{expected}, errors: {len(errors)}")
    print(f"turn latency p50: {statistics.median(latencies) * 1000:.0f} ms, p95: {quantiles[94] * 1000:.0f} ms, "
          f"max: {max(latencies) * 1000:.0f} ms (target p95 ≤ 300 ms)")
    if first_turns and args.turns > 1:
        print(f"  first message of each user (all {len(first_turns)} at once): median {statistics.median(first_turns) * 1000:.0f} ms, "
              f"max {max(first_turns) * 1000:.0f} ms; later turns: median {statistics.median(later) * 1000:.0f} ms, "
              f"max {max(later) * 1000:.0f} ms")
    print(f"throughput: {len(latencies) / elapsed:.1f} turns/s over {elapsed:.1f} s")
    print(f"cold start to first reply: {cold_start:.2f} s (target ≤ 5 s)")
    print(f"CPU seconds used under load: bot process {bot_cpu:.1f} ({bot_cpu / max(len(latencies), 1) * 1000:.1f} ms a turn, of which the event loop {loop_cpu / max(len(latencies), 1) * 1000:.1f} ms), this process (Bot API stub + {args.users} clients) {bench_cpu:.1f}")
    for error in errors[:3]:
        print("error:", error)


if __name__ == "__main__":
    main()
