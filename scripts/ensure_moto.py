#!/usr/bin/env python3
"""Installs moto's server (the API Gateway emulator the tests run against) into a venv
under the cargo target directory, once. Safe to run concurrently: a lock file serialises
installers. Prints the path of `moto_server`.

Used by scripts/test and by tests/harness/moto.rs (same venv path:
$CARGO_TARGET_DIR/moto-venv, else ./target/moto-venv).

`ensure_moto.py ministack` does the same for MiniStack (a second emulator that records the
deployed API summary, used by tests/stale_e2e.rs): venv $CARGO_TARGET_DIR/ministack-venv,
prints the path of `ministack`."""
import fcntl
import os
import subprocess
import sys
import venv

MOTO = "moto[server]==5.2.5"
MINISTACK = "ministack==1.5.33"

# name given on the command line -> (pip requirement, venv dir name, executable)
EMULATORS = {
    "moto": (MOTO, "moto-venv", "moto_server"),
    "ministack": (MINISTACK, "ministack-venv", "ministack"),
}


def main() -> int:
    which = sys.argv[1] if len(sys.argv) > 1 else "moto"
    if which not in EMULATORS:
        print(f"usage: ensure_moto.py [{'|'.join(EMULATORS)}]", file=sys.stderr)
        return 2
    req, venv_name, exe_name = EMULATORS[which]
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(os.path.dirname(__file__), "..", "target")
    root = os.path.abspath(os.path.join(target, venv_name))
    exe = os.path.join(root, "bin", exe_name)
    stamp = os.path.join(root, ".installed-" + req.replace("[", "_").replace("]", "_"))
    os.makedirs(os.path.dirname(root), exist_ok=True)
    with open(root + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (os.path.exists(exe) and os.path.exists(stamp)):
            print(f"installing {req} into {root} ...", file=sys.stderr)
            venv.EnvBuilder(with_pip=True, clear=True).create(root)
            pip = [os.path.join(root, "bin", "python"), "-m", "pip", "install", "--quiet",
                   "--disable-pip-version-check"]
            r = subprocess.run(pip + [req, "boto3"])
            if r.returncode != 0:
                print(f"error: pip could not install {req} (exit {r.returncode}); "
                      "the emulator tests need PyPI access once", file=sys.stderr)
                return 1
            open(stamp, "w").close()
    print(exe)
    return 0


if __name__ == "__main__":
    sys.exit(main())
