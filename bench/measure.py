#!/usr/bin/python3
"""Runs one command the way bench/run.sh compares tools, and prints one JSON
line: median and minimum wall seconds over --runs runs, the median user+sys
CPU seconds of the whole process tree (wait4 counts every descendant the
command waited for), the largest peak RSS (KiB, from wait4), the exit
status of the last run, and with
--callgrind the instructions valgrind's callgrind counted in one more run
(instruction counts are stable on a noisy machine; wall times are not).

usage: measure.py [--runs N] [--stdin FILE] [--stdout FILE] [--callgrind] -- COMMAND...
Exit statuses 0 and 1 are accepted (a failing gate); anything else stops.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time


def run_once(command, stdin_path, stdout_path):
    with open(stdin_path, "rb") as source, open(stdout_path, "wb") as out, open(os.devnull, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=source, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, process.returncode, usage.ru_utime + usage.ru_stime


def callgrind(command, stdin_path):
    with open(stdin_path, "rb") as source:
        result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                                stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    match = re.search(rb"Collected : (\d+)", result.stderr)
    return int(match.group(1)) if match else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stdin", default=os.devnull)
    parser.add_argument("--stdout", default=os.devnull)
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    times, cpu, rss, status = [], [], 0, 0
    for _ in range(args.runs):
        elapsed, peak, status, cpu_s = run_once(command, args.stdin, args.stdout)
        if status not in (0, 1):
            sys.exit(f"measure: {command[0]} exited with {status}")
        times.append(elapsed)
        cpu.append(cpu_s)
        rss = max(rss, peak)
    result = {"median_s": statistics.median(times), "min_s": min(times), "cpu_s": statistics.median(cpu),
              "peak_rss_kib": rss, "exit": status}
    if args.callgrind:
        result["instructions"] = callgrind(command, args.stdin)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
