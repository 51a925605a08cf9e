#!/usr/bin/env bash
# The shard test (src/cli/slurm.test.ts) runs a job array on a real Slurm: Debian's slurm-wlm and munge, started on
# this machine by scripts/slurm-local.sh. Install them when missing (as root, or with sudo). Not fatal: without them
# the test is skipped and its name says why.
set -uo pipefail
if command -v sbatch >/dev/null && command -v slurmctld >/dev/null && command -v munged >/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "ensure-slurm: no root — the Slurm test will be skipped (apt-get install -y slurm-wlm munge to run it)" >&2
  exit 0
fi
echo "ensure-slurm: installing Debian's slurm-wlm and munge" >&2
$SUDO apt-get update -qq || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq slurm-wlm munge >/dev/null ||
  echo "ensure-slurm: the install failed — the Slurm test will be skipped" >&2
exit 0
