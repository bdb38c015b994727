"""A kernel stopped in the middle of its start: jupyter_client fails to mark the start done
(asyncio.InvalidStateError). Its process is then killed and nothing is said."""

from __future__ import annotations

import asyncio

from sociaal_verslag.execution.papermill_engine import Kernel


class _Process:
    killed = False

    def kill(self) -> None:
        self.killed = True


class _Provisioner:
    def __init__(self) -> None:
        self.process = _Process()


class _Manager:
    """A kernel manager whose shutdown fails as jupyter_client's does after a SIGTERM."""

    def __init__(self) -> None:
        self.provisioner = _Provisioner()

    async def is_alive(self) -> bool:
        return True

    async def shutdown_kernel(self, now: bool = False) -> None:
        raise asyncio.InvalidStateError("invalid state")

    async def cleanup_resources(self) -> None:
        raise AssertionError("not reached")


def test_a_kernel_whose_shutdown_fails_is_killed_and_its_sockets_removed(tmp_path):
    sockets = tmp_path / "sockets"
    sockets.mkdir()
    manager = _Manager()
    Kernel(manager, sockets).stop()  # type: ignore[arg-type]
    assert manager.provisioner.process.killed and not sockets.exists()


def test_a_kernel_without_a_process_stops_quietly(tmp_path):
    manager = _Manager()
    manager.provisioner.process = None  # type: ignore[assignment]
    Kernel(manager, tmp_path / "gone").stop()  # type: ignore[arg-type]
