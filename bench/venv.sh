# Sourced by the bench scripts: a venv under target/ with the given peers.
# Usage: . bench/venv.sh PACKAGE...   (sets $venv)
venv=target/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q "$@"
