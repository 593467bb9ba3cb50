"""A scratch PostgreSQL 15 cluster that really checks passwords (scram-sha-256).

The shared test server trusts every login, so a test of what a password
opens needs a server of its own: one cluster per test session, made with
Debian's pg_createcluster (which runs initdb as the postgres user when called
by root), listening on 127.0.0.1 only, and dropped at the end. Its own
pg_hba.conf is written here; the shared cluster's is never touched.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL

VERSION = "15"
SUPERUSER = "casedesk_it"
HBA = (
    "# Written by CaseDesk's tests: passwords are checked, over TCP on 127.0.0.1 only.\n"
    "host all all 127.0.0.1/32 scram-sha-256\n"
)
# Durability is worthless for a throwaway cluster; speed is not.
SETTINGS = (
    "listen_addresses = '127.0.0.1'\n"
    "fsync = off\n"
    "synchronous_commit = off\n"
    "full_page_writes = off\n"
)


class ClusterUnavailable(Exception):
    """Why no scratch cluster could be made (the message says what failed)."""


@dataclass(frozen=True)
class ScramCluster:
    name: str
    port: int
    password: str

    def url(self, database: str = "postgres") -> URL:
        """The setup superuser's URL (the IT person's, in a real office)."""
        return URL.create(
            "postgresql+psycopg",
            username=SUPERUSER,
            password=self.password,
            host="127.0.0.1",
            port=self.port,
            database=database,
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(*command: str) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ClusterUnavailable(f"{command[0]}: {error}") from None
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip().splitlines()
        raise ClusterUnavailable(f"{' '.join(command[:3])}: {output[-1] if output else '?'}")


def create() -> ScramCluster:
    """A started cluster with a password-protected superuser; ClusterUnavailable if not."""
    if shutil.which("pg_createcluster") is None:
        raise ClusterUnavailable("pg_createcluster is not installed (Debian's postgresql-common)")
    cluster = ScramCluster(f"casedesk_scram_{os.getpid()}", _free_port(), secrets.token_hex(16))
    # initdb runs as postgres and must read the password file.
    folder = Path(tempfile.mkdtemp(prefix="casedesk-scram-"))
    pwfile = folder / "password"
    pwfile.write_text(cluster.password)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(pwfile, "postgres")
    try:
        _run(
            "pg_createcluster",
            VERSION,
            cluster.name,
            "-p",
            str(cluster.port),
            "--start-conf=manual",
            "--",
            f"--username={SUPERUSER}",
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "--no-sync",
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    try:
        config = Path("/etc/postgresql") / VERSION / cluster.name
        (config / "pg_hba.conf").write_text(HBA)
        (config / "conf.d" / "casedesk_tests.conf").write_text(SETTINGS)
        _start(cluster)
    except (OSError, ClusterUnavailable) as error:
        drop(cluster)
        raise ClusterUnavailable(str(error)) from None
    return cluster


def _start(cluster: ScramCluster) -> None:
    """pg_ctl itself: pg_ctlcluster's start-up checks wait seconds for a
    password nobody types."""
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data = Path("/var/lib/postgresql") / VERSION / cluster.name
    log = Path("/var/log/postgresql") / f"postgresql-{VERSION}-{cluster.name}.log"
    config = Path("/etc/postgresql") / VERSION / cluster.name / "postgresql.conf"
    try:
        _run(
            *as_postgres,
            f"/usr/lib/postgresql/{VERSION}/bin/pg_ctl",
            "start",
            "-w",
            "-s",
            f"-D{data}",
            f"-l{log}",
            f"-o-c config_file={config}",
        )
    except ClusterUnavailable as error:
        tail = log.read_text().strip().splitlines()[-2:] if log.exists() else []
        raise ClusterUnavailable(f"{error} {' '.join(tail)}") from None


def restart(cluster: ScramCluster) -> None:
    """Stop (fast: connections are cut) and start again, as a server restart does."""
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data = Path("/var/lib/postgresql") / VERSION / cluster.name
    _run(
        *as_postgres,
        f"/usr/lib/postgresql/{VERSION}/bin/pg_ctl",
        "stop",
        "-w",
        "-s",
        "-mfast",
        f"-D{data}",
    )
    _start(cluster)


def drop(cluster: ScramCluster) -> None:
    _run("pg_dropcluster", "--stop", VERSION, cluster.name)
