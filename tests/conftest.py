"""Shared fixtures: the seed report built once into an in-memory store."""

from __future__ import annotations

from pathlib import Path

import pytest

from laocu_kg.extract import extract
from laocu_kg.pipeline import build
from laocu_kg.reports import load_report
from laocu_kg.resolve import resolve
from laocu_kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "reports" / "000_0a7fb4088aef6cf7.txt"


@pytest.fixture(scope="session")
def seed_resolved():
    return resolve(extract(load_report(SEED)))


@pytest.fixture(scope="session")
def seed_store():
    st = open_store("memory")
    build([SEED], st)
    return st


@pytest.fixture(scope="session")
def built_db(tmp_path_factory):
    """The seed built by the CLI into an on-disk store: (store path, turtle path)."""
    from typer.testing import CliRunner

    from laocu_kg.cli import app

    d = tmp_path_factory.mktemp("db")
    db, ttl = d / "kg.db", d / "kg.ttl"
    r = CliRunner().invoke(app, ["build", str(SEED), "--store", str(db), "--output", str(ttl)])
    assert r.exit_code == 0, r.output
    return db, ttl
