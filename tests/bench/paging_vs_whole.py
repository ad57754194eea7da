#!/usr/bin/env python3
"""Benchmark (prints figures, asserts nothing): paging through a whole session with the
extract_transcript tool, next to one whole extraction (`context-sync extract`), in the same run.

usage: tests/bench/paging_vs_whole.py path/to/context-sync [--lines N] [--sizes 20000,8000,1000] [--repeat R]
                                     [--instructions]

Writes a session of N lines (default 1,000,000: prompts, streamed replies with tool calls, tool
results, progress noise, and a resumed copy of early lines, so de-duplication has work to do) under
${CS_BENCH_DIR:-/tmp/cs-paging-bench}, reused by later runs. Then, for each page size, one `serve`
process pages through the session over MCP stdio; the figures are the server's CPU time (user+sys,
from /proc) and the wall time of the loop, against the CPU and wall time of `context-sync extract`
(median of 3). The pages joined must equal the whole extraction byte for byte; a difference is
printed as a failure line. Target: paging through everything costs at most 2x one whole extraction.

On a shared machine the load drifts within a run, so each page size is paged through R times (default
3), each time right after three whole extractions, and the ratio is taken within that round: the line
shows the median ratio and the range. The whole extraction's CPU includes starting the process (about
10 ms); the paging figure leaves out the server's start and initialize, as a client pays them once.

With --instructions the same comparison counts instructions under valgrind's callgrind instead (on a
20,000-line session unless --lines says otherwise: callgrind runs some 50 times slower). A count does
not move with the machine's load, so it shows a change of a few percent that the noisy CPU ratio hides;
it leaves out the kernel's work (system calls, page faults) and what the caches cost.
"""
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def write_session(path, lines, cwd):
    rng = random.Random(7)
    words = ("build test deploy cache token schema parser index module retry timeout branch commit "
             "migration handler server client request response value field error warning").split()

    def sentence(n):
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

    def common(uuid, minute):
        return {"parentUuid": None, "isSidechain": False, "userType": "external", "cwd": cwd,
                "sessionId": "bench", "version": "2.1.0", "gitBranch": "main", "uuid": uuid,
                "timestamp": "2026-03-%02dT%02d:%02d:00Z" % (1 + minute // 1440 % 28, minute // 60 % 24,
                                                              minute % 60)}

    written = 0
    turn = 0
    early = []
    with open(path + ".tmp", "w") as out:
        def put(record):
            nonlocal written
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
            written += 1

        while written < lines:
            minute = turn
            user = common("u%d" % turn, minute)
            user.update(type="user", message={"role": "user", "content": "prompt %d: %s" % (turn, sentence(12))})
            put(user)
            if len(early) < 50:
                early.append(user)
            for step in range(rng.randint(1, 4)):
                reply = common("a%d-%d" % (turn, step), minute)
                reply.update(type="assistant", message={
                    "id": "msg_%d" % turn, "role": "assistant", "content": [
                        {"type": "text", "text": sentence(rng.randint(5, 40))},
                        {"type": "tool_use", "id": "t%d-%d" % (turn, step), "name": "Bash",
                         "input": {"command": "make test-%d" % step}}]})
                put(reply)
                result = common("r%d-%d" % (turn, step), minute)
                failed = rng.random() < 0.1
                result.update(type="user", message={"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "t%d-%d" % (turn, step), "is_error": failed,
                     "content": sentence(rng.randint(10, 200))}]},
                    toolUseResult={"stdout": sentence(rng.randint(10, 100)), "stderr": ""})
                put(result)
                put({"type": "progress", "uuid": "p%d-%d" % (turn, step), "data": {"type": "hook_progress"}})
            if turn % 5000 == 4999:
                for record in early:  # a resumed session repeats earlier lines with their uuids
                    put(record)
            turn += 1
    os.replace(path + ".tmp", path)


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def whole(binary, base, session_id):
    start = time.perf_counter()
    before = os.times()
    done = subprocess.run(base + ["extract", session_id], stdout=subprocess.PIPE, check=True)
    after = os.times()
    wall = time.perf_counter() - start
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, done.stdout


def page_through(binary, base, session_id, tokens):
    server = subprocess.Popen(base + ["serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    next_id = [0]

    def call(method, params):
        next_id[0] += 1
        server.stdin.write((json.dumps({"jsonrpc": "2.0", "id": next_id[0], "method": method,
                                        "params": params}) + "\n").encode())
        server.stdin.flush()
        while True:
            line = server.stdout.readline()
            if not line:
                sys.exit("context-sync serve exited early")
            message = json.loads(line)
            if message.get("id") == next_id[0]:
                return message

    call("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                        "clientInfo": {"name": "paging-bench", "version": "1"}})
    server.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
    cpu_before = cpu_seconds(server.pid)
    start = time.perf_counter()
    text = []
    pages = 0
    cursor = None
    while tokens is not None:
        arguments = {"session_id": session_id, "max_tokens": tokens}
        if cursor:
            arguments["cursor"] = cursor
        reply = call("tools/call", {"name": "extract_transcript", "arguments": arguments})
        result = reply.get("result", {})
        if "error" in reply or result.get("isError"):
            sys.exit("extract_transcript failed: %s" % json.dumps(reply)[:500])
        page = result["structuredContent"]
        text.append(page["text"])
        pages += 1
        cursor = page.get("next_cursor")
        if not cursor:
            break
    wall = time.perf_counter() - start
    cpu = cpu_seconds(server.pid) - cpu_before
    server.stdin.close()
    server.wait()
    return wall, cpu, pages, "".join(text).encode()


def callgrind_total(out_file):
    with open(out_file) as counts:
        for line in counts:
            if line.startswith(("totals:", "summary:")):
                return int(line.split()[1])
    sys.exit("no totals in %s" % out_file)


def count_instructions(base, session_id, sizes, work):
    if shutil.which("valgrind") is None:
        print("instructions: skipped: valgrind is not installed")
        return
    out = os.path.join(work, "callgrind.out")
    grind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out]
    done = subprocess.run(grind + base + ["extract", session_id], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, check=True)
    whole_count = callgrind_total(out)
    # The server's start and initialize alone, taken off each paging run's count.
    page_through(None, grind + base, session_id, None)
    start_count = callgrind_total(out)
    print("instructions (callgrind): whole extraction %.1f M; a server's start and initialize %.1f M"
          % (whole_count / 1e6, start_count / 1e6))
    for tokens in sizes:
        _, _, pages, joined = page_through(None, grind + base, session_id, tokens)
        if joined != done.stdout:
            print("paging at max_tokens=%5d: FAILURE: pages differ from the whole extraction" % tokens)
        paging_count = callgrind_total(out) - start_count
        print("paging at max_tokens=%5d: %6d pages, %.1f M instructions, %.2fx whole, %.0f a page"
              % (tokens, pages, paging_count / 1e6, paging_count / whole_count, paging_count / pages))
    os.unlink(out)


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__)
    binary = os.path.abspath(args[0])
    by_instructions = "--instructions" in args
    lines = int(args[args.index("--lines") + 1]) if "--lines" in args else (
        20000 if by_instructions else 1000000)
    sizes = [int(s) for s in (args[args.index("--sizes") + 1] if "--sizes" in args
                              else "20000,8000,1000").split(",")]
    work = os.environ.get("CS_BENCH_DIR", "/tmp/cs-paging-bench")
    project = os.path.join(work, "project")
    slug = "".join(c if c.isalnum() else "-" for c in project)
    session_dir = os.path.join(work, "claude", "projects", slug)
    os.makedirs(session_dir, exist_ok=True)
    os.makedirs(project, exist_ok=True)
    session_id = "bench-%d" % lines
    path = os.path.join(session_dir, session_id + ".jsonl")
    if not os.path.exists(path):
        print("generating a %d-line session in %s" % (lines, path))
        write_session(path, lines, project)
    base = [binary, "--claude-dir", os.path.join(work, "claude"), "--project", project]
    print("session: %d lines, %.1f MB" % (lines, os.path.getsize(path) / 1e6))
    if by_instructions:
        count_instructions(base, session_id, sizes, work)
        return

    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 3
    reference = None

    def whole_round():
        nonlocal reference
        runs = [whole(binary, base, session_id) for _ in range(3)]
        reference = reference or runs[0][2]
        return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)

    whole_wall, whole_cpu = whole_round()
    print("whole extraction (context-sync extract): wall %.2f s, CPU %.2f s, %.1f MB of text"
          % (whole_wall, whole_cpu, len(reference) / 1e6))
    for tokens in sizes:
        cpu_ratios, wall_ratios, cpus = [], [], []
        for _ in range(repeat):
            whole_wall, whole_cpu = whole_round()
            wall, cpu, pages, joined = page_through(binary, base, session_id, tokens)
            if joined != reference:
                print("paging at max_tokens=%5d: FAILURE: pages differ from the whole extraction" % tokens)
            cpu_ratios.append(cpu / whole_cpu)
            wall_ratios.append(wall / whole_wall)
            cpus.append(cpu)
        print("paging at max_tokens=%5d: %6d pages, server CPU %.2f s, %.2fx whole (%.2f-%.2fx over %d "
              "rounds), wall %.2fx whole (%.2f-%.2fx)"
              % (tokens, pages, statistics.median(cpus), statistics.median(cpu_ratios), min(cpu_ratios),
                 max(cpu_ratios), repeat, statistics.median(wall_ratios), min(wall_ratios),
                 max(wall_ratios)))
    print("target: paging through everything <= 2x one whole extraction, at any page size")


if __name__ == "__main__":
    main()
