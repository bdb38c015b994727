"""A kernel stopped in the middle of its start: jupyter_client fails to mark the start done
(asyncio.InvalidStateError). Its process is then killed and waited for, its connection file
removed, and nothing is said."""

from __future__ import annotations

import asyncio

from sociaal_verslag.execution.papermill_engine import Kernel


class _Process:
    killed = waited = False

    def kill(self) -> None:
        self.killed = True

    def wait(self, timeout: float) -> int:
        self.waited = True
        return -9


class _Provisioner:
    def __init__(self) -> None:
        self.process = _Process()


class _Manager:
    """A kernel manager whose shutdown fails as jupyter_client's does after a SIGTERM."""

    def __init__(self) -> None:
        self.provisioner = _Provisioner()
        self.connection_file_removed = False

    def cleanup_connection_file(self) -> None:
        self.connection_file_removed = True

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
    process = manager.provisioner.process
    assert process.killed and process.waited and not sockets.exists()
    assert manager.connection_file_removed  # it holds the kernel's key


def test_a_kernel_without_a_process_stops_quietly(tmp_path):
    sockets = tmp_path / "sockets"
    sockets.mkdir()
    manager = _Manager()
    manager.provisioner.process = None  # type: ignore[assignment]
    Kernel(manager, sockets).stop()  # type: ignore[arg-type]  # raises nothing
    assert not sockets.exists() and manager.connection_file_removed
