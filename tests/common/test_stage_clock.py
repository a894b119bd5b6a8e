import subprocess
import sys

from site_builder.common import stage_clock
from site_builder.common.stage_clock import StageClock


def test_off_by_default(monkeypatch):
    monkeypatch.delenv(stage_clock.ENV, raising=False)
    clock = StageClock()
    clock.mark("content checked")
    assert clock.stages == [] and clock.report() == ""


def test_a_stage_gets_its_own_cpu_and_its_workers_cpu(monkeypatch):
    monkeypatch.setenv(stage_clock.ENV, "stages")
    clock = StageClock()
    total = 0
    for i in range(2_000_000):  # some CPU of the main process
        total += i
    clock.mark("main work")
    burn = "s = 0\nfor i in range(3_000_000): s += i"
    subprocess.run([sys.executable, "-c", burn], check=True)  # a worker, reaped within the stage
    clock.mark("worker")
    main_work, worker = clock.stages
    assert main_work.main_cpu > 0.02 and main_work.workers_cpu < 0.02
    assert worker.workers_cpu > 0.05
    report = clock.report()
    assert "main work" in report and "worker" in report and "load average" in report


def test_a_program_waited_with_wait_measured_is_counted_apart(monkeypatch, tmp_path):
    monkeypatch.setenv(stage_clock.ENV, "stages")
    clock = StageClock()
    before, runs = stage_clock.program_cpu()
    with (tmp_path / "said").open("w+") as said:
        process = subprocess.Popen([sys.executable, "-c", "s = 0\nfor i in range(3_000_000): s += i\nraise SystemExit(3)"],
                                   stdout=said, stderr=subprocess.STDOUT)
        assert stage_clock.wait_measured(process) == 3 and process.returncode == 3
    clock.mark("with a program")
    after, runs_after = stage_clock.program_cpu()
    assert after - before > 0.05 and runs_after == runs + 1
    (stage,) = clock.stages
    assert stage.workers_cpu < 0.05  # its CPU is the program's, not a worker's
