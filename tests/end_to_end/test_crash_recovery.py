"""Nothing typed is lost: the real program is killed with SIGKILL in the middle of a case, and
the next start offers the draft with every field as it was, on the page where it was left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main as cli_main

DRIVER = Path(__file__).with_name("crash_driver.py")
ROOT = Path(__file__).resolve().parents[2]


def start(mode: str, url: str, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(DRIVER), mode, url, str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(path: Path, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if process.poll() is not None:
            _out, err = process.communicate()
            pytest.fail(f"the program ended early: {err.decode()[-2000:]}")
        if time.monotonic() > deadline:
            process.kill()
            process.communicate()
            pytest.fail("the program did not get there in time")
        time.sleep(0.1)


@pytest.mark.slow
def test_a_killed_program_loses_nothing_typed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/station.sqlite3"
    assert cli_main(["--db", url, "demo", "--cases", "0"]) == 0  # users officer/demo, no case

    typed, shown = tmp_path / "typed.json", tmp_path / "shown.json"
    first = start("fill", url, typed)
    wait_for(typed, first)
    os.kill(first.pid, signal.SIGKILL)  # no chance to save anything more, or to clean up
    first.communicate(timeout=10)
    assert first.returncode == -signal.SIGKILL

    second = start("resume", url, shown)
    wait_for(shown, second)
    second.communicate(timeout=30)
    assert second.returncode == 0

    before = json.loads(typed.read_text(encoding="utf-8"))
    after = json.loads(shown.read_text(encoding="utf-8"))
    assert before["narrative"] == "Two men shouted slurs and pushed him to the ground."
    assert before["danger"] != "Not recorded yet"
    assert after == before  # every field, and the page ("incident") it was left on
    assert after["page"] == "incident"
