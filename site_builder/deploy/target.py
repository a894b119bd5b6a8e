"""Where a deploy goes: a folder here, or a folder on a server over SSH, and how to reach it.

Each setting comes from the command line or else from the environment (a CI secret):

    SITE_BUILDER_DEPLOY_TO           user@host:/srv/trang, or a local folder
    SITE_BUILDER_DEPLOY_SSH_KEY      the private key's file
    SITE_BUILDER_DEPLOY_SSH_PORT     the server's SSH port (default 22)
    SITE_BUILDER_DEPLOY_KNOWN_HOSTS  a known_hosts file with the server's host key

A key inside the content folder is refused: content/ is in git and its files may be published.
With a known_hosts file the server's key is checked strictly; a deploy never answers "yes" to a
host it does not know.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from ..common.messages import _

ENVIRONMENT = {
    "to": "SITE_BUILDER_DEPLOY_TO",
    "ssh_key": "SITE_BUILDER_DEPLOY_SSH_KEY",
    "ssh_port": "SITE_BUILDER_DEPLOY_SSH_PORT",
    "known_hosts": "SITE_BUILDER_DEPLOY_KNOWN_HOSTS",
}
# user@host:/path or host:/path; a local path never has a ':' before its first '/'.
_REMOTE = re.compile(r"^(?P<host>[^/:\s]+):(?P<path>/.*)$")


class DeployError(Exception):
    """A deploy that could not start or finish; the live site is as it was."""


@dataclass(frozen=True)
class Target:
    path: str  # the folder that holds releases/ and current, on the server or here
    host: str | None = None  # user@host; None for a folder on this machine
    port: int | None = None
    key: Path | None = None
    known_hosts: Path | None = None

    @property
    def remote(self) -> bool:
        return self.host is not None

    def __str__(self) -> str:
        return f"{self.host}:{self.path}" if self.remote else self.path

    def ssh_command(self) -> list[str]:
        """ssh as rsync and the release commands use it: no questions asked (BatchMode)."""
        command = ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=20"]
        if self.port:
            command += ["-p", str(self.port)]
        if self.key:
            command += ["-i", str(self.key), "-o", "IdentitiesOnly=yes"]
        if self.known_hosts:
            command += ["-o", f"UserKnownHostsFile={self.known_hosts}", "-o", "StrictHostKeyChecking=yes"]
        return command

    def shell(self, *arguments: str) -> list[str]:
        """The command that runs a script read from stdin with `arguments`, where the releases are."""
        if self.host is None:
            return ["sh", "-s", "--", *arguments]
        return [*self.ssh_command(), self.host, "sh -s -- " + shlex.join(arguments)]

    def rsync_path(self, folder: str) -> str:
        """`folder` (under the target) as rsync's destination."""
        path = f"{self.path.rstrip('/')}/{folder}/"
        return f"{self.host}:{path}" if self.remote else path


def target_from(to: str | None, ssh_key: str | None, ssh_port: int | None, known_hosts: str | None,
                content_dir: Path) -> Target:
    """The target from the command line, each setting not given there from the environment."""
    to = to or os.environ.get(ENVIRONMENT["to"], "")
    if not to:
        raise DeployError(_("where to deploy is not said: give --to user@host:/srv/trang (or a folder), "
                            "or set {variable}", variable=ENVIRONMENT["to"]))
    key = ssh_key or os.environ.get(ENVIRONMENT["ssh_key"]) or None
    port_text = ssh_port if ssh_port is not None else os.environ.get(ENVIRONMENT["ssh_port"]) or None
    known = known_hosts or os.environ.get(ENVIRONMENT["known_hosts"]) or None
    try:
        port = int(port_text) if port_text is not None else None
    except ValueError:
        raise DeployError(_("the SSH port '{port}' is not a number", port=port_text)) from None
    key_path = Path(key).resolve() if key else None
    if key_path is not None:
        if key_path.is_relative_to(content_dir.resolve()):
            raise DeployError(_("the SSH key {file} is inside the content folder, which is in git and may be "
                                "published; keep it outside (a CI secret, or ~/.ssh)", file=key))
        if not key_path.is_file():
            raise DeployError(_("the SSH key {file} does not exist", file=key))
    match = _REMOTE.match(to)
    if match is None:
        return Target(str(Path(to).resolve()))
    return Target(match["path"], match["host"], port, key_path, Path(known).resolve() if known else None)
