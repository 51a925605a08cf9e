#!/usr/bin/env bash
# A one-machine Slurm cluster (munge, slurmctld, slurmd) for the shard test: Debian's slurm-wlm, started without
# systemd. Usage: bash scripts/slurm-local.sh start|stop|status. Needs root (CI runs as root). Prints why it cannot
# start and exits non-zero when it cannot; the test then skips with that reason.
set -euo pipefail
action=${1:-start}
host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
conf=/etc/slurm/slurm.conf

stop() {
  pkill -x slurmd 2>/dev/null || true
  pkill -x slurmctld 2>/dev/null || true
  pkill -x munged 2>/dev/null || true
}

case "$action" in
  stop) stop; exit 0 ;;
  status) sinfo -h -o '%T' 2>/dev/null | head -1; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 1 ;;
esac

for bin in munged slurmctld slurmd sbatch; do
  command -v "$bin" >/dev/null || { echo "slurm-local: $bin is not installed (apt-get install -y slurm-wlm munge)" >&2; exit 3; }
done
[ "$(id -u)" = 0 ] || { echo "slurm-local: needs root to start munged, slurmctld and slurmd" >&2; exit 3; }

stop
mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /etc/slurm
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge 2>/dev/null || true
chmod 0700 /etc/munge && chmod 0400 /etc/munge/munge.key
su -s /bin/sh munge -c 'munged' 2>/dev/null || munged --force

cat > "$conf" <<CONF
ClusterName=clipcurator
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# A requeued job may start again after the credential lifetime (default 120 s): short here, for the requeue test.
AuthInfo=cred_expire=10
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=600
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -i
slurmd
for _ in $(seq 1 30); do
  state=$(sinfo -h -o '%T' 2>/dev/null | head -1 || true)
  case "$state" in idle*|mix*|alloc*) echo "slurm-local: node $host is $state"; exit 0 ;; esac
  sleep 1
done
echo "slurm-local: the node did not come up (state: ${state:-none}); logs in /var/log/slurm" >&2
tail -5 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 4
