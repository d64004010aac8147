#!/usr/bin/env python3
"""Installs moto's server (the API Gateway emulator the tests run against) into a venv
under the cargo target directory, once. Safe to run concurrently: a lock file serialises
installers. Prints the path of `moto_server`.

Used by scripts/test and by tests/harness/moto.rs (same venv path:
$CARGO_TARGET_DIR/moto-venv, else ./target/moto-venv)."""
import fcntl
import os
import subprocess
import sys
import venv

MOTO = "moto[server]==5.2.5"


def main() -> int:
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(os.path.dirname(__file__), "..", "target")
    root = os.path.abspath(os.path.join(target, "moto-venv"))
    exe = os.path.join(root, "bin", "moto_server")
    stamp = os.path.join(root, ".installed-" + MOTO.replace("[", "_").replace("]", "_"))
    os.makedirs(os.path.dirname(root), exist_ok=True)
    with open(root + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (os.path.exists(exe) and os.path.exists(stamp)):
            print(f"installing {MOTO} into {root} ...", file=sys.stderr)
            venv.EnvBuilder(with_pip=True, clear=True).create(root)
            pip = [os.path.join(root, "bin", "python"), "-m", "pip", "install", "--quiet",
                   "--disable-pip-version-check"]
            r = subprocess.run(pip + [MOTO, "boto3"])
            if r.returncode != 0:
                print(f"error: pip could not install {MOTO} (exit {r.returncode}); "
                      "the emulator tests need PyPI access once", file=sys.stderr)
                return 1
            open(stamp, "w").close()
    print(exe)
    return 0


if __name__ == "__main__":
    sys.exit(main())
