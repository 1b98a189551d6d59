"""Runs timed commands in their own process group, so an interrupted bench leaves nothing behind."""

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

_live = set()


def _kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def kill_all():
    """Kills the process groups of commands still running (a last resort at exit)."""
    for pid in list(_live):
        _kill_group(pid)
    _live.clear()


class CommandFailed(RuntimeError):
    pass


def timed(argv, log: Path, env=None, cwd=None, jvm=None):
    """Runs argv to completion; returns (wall seconds, peak RSS in MB of the largest process in its tree).

    Output goes to log. A non-zero exit raises CommandFailed with the tail of the log. With jvm a dict, it also
    gets "peakRssMb": the JVM's own high-water mark (VmHWM, the launcher execs java), read every 10 ms while it
    runs; go's processes are not in it.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        start = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             env=env, cwd=cwd, start_new_session=True)
        _live.add(p.pid)
        sampler = None
        if jvm is not None:
            sampler = threading.Thread(target=_sample_hwm, args=(p.pid, jvm), daemon=True)
            sampler.start()
        try:
            _, status, usage = os.wait4(p.pid, 0)
        except BaseException:  # interrupted (SIGINT/SIGTERM): take the whole group down with us
            _kill_group(p.pid)
            p.wait()
            raise
        finally:
            _live.discard(p.pid)
        elapsed = time.perf_counter() - start
        if sampler is not None:
            sampler.join()
    code = os.waitstatus_to_exitcode(status)
    p.returncode = code
    if code != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise CommandFailed(f"{' '.join(map(str, argv))} exited with {code}; log {log}:\n{tail}")
    return elapsed, usage.ru_maxrss / 1024.0


def _java_in(pid):
    """pid if it is java (the launcher execs it), else its java child (the launcher's first run), else None."""
    try:
        if Path(f"/proc/{pid}/comm").read_text().strip() == "java":
            return pid
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            if Path(f"/proc/{child}/comm").read_text().strip() == "java":
                return int(child)
    except OSError:
        pass
    return None


def _sample_hwm(pid, into):
    """Keeps into["peakRssMb"] at the last VmHWM of the JVM (a high-water mark: the last read is the largest)."""
    while True:
        java = _java_in(pid)
        if java is None:
            if not Path(f"/proc/{pid}").exists():
                return
            time.sleep(0.01)
            continue
        try:
            with open(f"/proc/{java}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        into["peakRssMb"] = int(line.split()[1]) / 1024.0
                        break
                else:
                    return  # a zombie has no memory lines: it has exited
        except OSError:
            return
        time.sleep(0.01)


def output(argv, ok_only=False, **kw):
    """Returns the first line of a command's combined output, or a note that it failed (None if ok_only)."""
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=60, **kw)
        if ok_only and r.returncode != 0:
            return None
        text = (r.stdout + r.stderr).strip()
        return text.splitlines()[0] if text else f"(no output, exit {r.returncode})"
    except (OSError, subprocess.TimeoutExpired) as e:
        return None if ok_only else f"(unavailable: {e})"
