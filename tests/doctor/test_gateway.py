from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.e2e.conftest import start, veil_args
from veil import __version__
from veil.config import Settings
from veil.doctor.gateway import gateway_check, gateway_url
from veil.doctor.knock import NOTHING, Knock
from veil.doctor.report import Status
from veil.doctor.tools import Veils


def test_the_url_comes_from_the_settings() -> None:
    assert gateway_url(Settings()) == "http://127.0.0.1:8787"
    wild = Settings.model_validate({"gateway": {"host": "0.0.0.0", "port": 9000}})
    assert gateway_url(wild) == "http://127.0.0.1:9000"
    six = Settings.model_validate({"gateway": {"host": "::1", "port": 9000}})
    assert gateway_url(six) == "http://[::1]:9000"


def test_up_is_green_with_the_version() -> None:
    up = {"http://127.0.0.1:8787": Knock(True, "3.1")}
    check = gateway_check(Settings(), Veils(8787, ask=lambda root: up.get(root, NOTHING)))
    assert check.status is Status.GREEN and "veil 3.1" in check.detail


def test_down_is_yellow_with_how_to_start_it() -> None:
    check = gateway_check(Settings(), Veils(8787, ask=lambda root: NOTHING))
    assert check.status is Status.YELLOW
    assert check.detail == "veil is not running at http://127.0.0.1:8787"
    assert check.fix is not None and "veil serve" in check.fix


def test_something_else_on_the_port_is_yellow() -> None:
    check = gateway_check(Settings(), Veils(8787, ask=lambda root: Knock(True)))
    assert check.status is Status.YELLOW
    assert check.detail == "something other than veil answers at http://127.0.0.1:8787"


def _lan_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        except OSError:
            return None
        address = str(sock.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_a_gateway_on_a_lan_address_with_a_token_is_found(tmp_path: Path) -> None:
    address = _lan_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    env = {"XDG_CONFIG_HOME": str(tmp_path), "VEIL_TOKEN": "t" * 24}
    service = start(veil_args("--host", address), tmp_path / "veil.log", env)
    try:
        port = int(service.url.rsplit(":", 1)[1])
        settings = Settings.model_validate({"gateway": {"host": address, "port": port}})
        check = gateway_check(settings, Veils(port, address))
    finally:
        service.stop()
    assert check.status is Status.GREEN, check.detail
    assert check.detail == f"veil {__version__} at http://{address}:{port}"
