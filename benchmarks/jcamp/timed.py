"""Runs one command and appends `wall_seconds cpu_seconds` to a log (microsecond resolution; GNU time prints
hundredths, too coarse for a ~20 ms process). CPU is the child's user + system time from wait4; wall is
measured around spawn and wait. posix_spawn starts the child without running Python code in it, so none of
this script's own work is charged to the command. Its standard output goes to STDOUT_FILE.

Usage: python3 timed.py LOG STDOUT_FILE COMMAND [ARGS...]
"""
import os
import shutil
import sys
import time


def main() -> None:
    log, stdout_path, command = sys.argv[1], sys.argv[2], sys.argv[3:]
    program = shutil.which(command[0]) or command[0]
    with open(stdout_path, "wb") as stdout:
        start = time.perf_counter()
        pid = os.posix_spawn(program, command, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, stdout.fileno(), 1)])
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"timed.py: {command[0]} failed with status {os.waitstatus_to_exitcode(status)}")
    with open(log, "a") as f:
        f.write(f"{wall:.6f} {usage.ru_utime + usage.ru_stime:.6f}\n")


if __name__ == "__main__":
    main()
