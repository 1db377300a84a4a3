from __future__ import annotations

from veil.config import Settings
from veil.doctor.gateway import gateway_check, gateway_url
from veil.doctor.report import Status
from veil.doctor.tools import Veils


def test_the_url_comes_from_the_settings() -> None:
    assert gateway_url(Settings()) == "http://127.0.0.1:8787"
    wild = Settings.model_validate({"gateway": {"host": "0.0.0.0", "port": 9000}})
    assert gateway_url(wild) == "http://127.0.0.1:9000"
    six = Settings.model_validate({"gateway": {"host": "::1", "port": 9000}})
    assert gateway_url(six) == "http://[::1]:9000"


def test_up_is_green_with_the_version() -> None:
    check = gateway_check(Settings(), Veils(8787, {"http://127.0.0.1:8787": "3.1"}.get))
    assert check.status is Status.GREEN and "veil 3.1" in check.detail


def test_down_is_yellow_with_how_to_start_it() -> None:
    check = gateway_check(Settings(), Veils(8787, lambda root: None))
    assert check.status is Status.YELLOW
    assert check.fix is not None and "veil serve" in check.fix
