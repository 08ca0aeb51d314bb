#!/usr/bin/env bash
# Starts a single-node Slurm cluster on this machine (Debian slurm-wlm + munge) for the live Slurm integration test
# (tests/MemLab.Tests/Cli/SlurmIntegrationTests.cs). Root only. Idempotent: a cluster already up is left as it is.
# No systemd, no cgroups (containers here have neither): the daemons are started by hand, processes are tracked by
# /proc (proctrack/linuxproc), tasks are not confined (task/none), no accounting. Exits non-zero within about four
# minutes when anything fails, printing the daemons' logs.
set -euo pipefail

say() { echo "slurm-start: $*"; }
fail() {
  say "FAILED: $*" >&2
  for log in /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log /var/log/munge/munged.log; do
    [ -f "$log" ] && { echo "--- last lines of $log" >&2; tail -n 15 "$log" >&2; }
  done
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "must run as root (it installs packages and starts daemons)"
node=$(hostname -s)

node_idle() { timeout 10 sinfo -h -N -n "$node" -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; }

if command -v sinfo >/dev/null 2>&1 && node_idle; then
  say "Slurm is already up: node $node is $(sinfo -h -N -n "$node" -o '%t'); nothing to do"
  exit 0
fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || fail "slurm-wlm is not installed and there is no apt-get to install it"
  say "installing slurm-wlm and munge with apt-get (at most 200 s)"
  timeout 200 bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null' \
    || fail "apt-get install slurm-wlm munge failed or took over 200 s"
fi

# Munge: the shared key and the daemon, run as the munge user.
if [ ! -s /etc/munge/munge.key ]; then
  say "creating /etc/munge/munge.key"
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key
chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
chmod 755 /run/munge
if timeout 10 munge -n </dev/null >/dev/null 2>&1; then
  say "munged is already running"
else
  say "starting munged"
  runuser -u munge -- /usr/sbin/munged || fail "munged did not start"
  timeout 20 bash -c 'until munge -n </dev/null >/dev/null 2>&1; do sleep 0.5; done' || fail "munged does not answer (munge -n)"
fi

# Slurm: one node (this machine, with the CPUs and memory slurmd detects), one partition.
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
hardware=$(slurmd -C | head -n 1)
case "$hardware" in NodeName=*) ;; *) fail "slurmd -C did not describe this node: $hardware" ;; esac
config=$(cat <<EOF
# Written by memlab's .ci/slurm-start.sh: a single-node cluster on $node without systemd or cgroups.
ClusterName=memlab-ci
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
SchedulerType=sched/backfill
$hardware State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
)
if [ -f /etc/slurm/slurm.conf ] && [ "$(cat /etc/slurm/slurm.conf)" = "$config" ]; then
  say "/etc/slurm/slurm.conf is already the single-node config"
else
  say "writing /etc/slurm/slurm.conf ($hardware)"
  printf '%s\n' "$config" > /etc/slurm/slurm.conf
fi

if timeout 10 scontrol ping 2>/dev/null | grep -q 'is UP'; then
  say "slurmctld is already running"
else
  say "starting slurmctld"
  slurmctld || fail "slurmctld did not start"
  timeout 30 bash -c 'until scontrol ping 2>/dev/null | grep -q "is UP"; do sleep 0.5; done' || fail "slurmctld does not answer (scontrol ping)"
fi
if [ -f /run/slurmd.pid ] && kill -0 "$(cat /run/slurmd.pid)" 2>/dev/null; then
  say "slurmd is already running"
else
  say "starting slurmd"
  slurmd || fail "slurmd did not start"
fi

say "waiting (at most 60 s) for node $node to be idle"
state=""
for _ in $(seq 120); do
  state=$(timeout 10 sinfo -h -N -n "$node" -o '%t' 2>/dev/null || true)
  case "$state" in
    idle*|mix*|alloc*) break ;;
    down*|drain*|drng*) timeout 10 scontrol update NodeName="$node" State=RESUME >/dev/null 2>&1 || true ;;
  esac
  sleep 0.5
done
node_idle || fail "node $node is '${state:-not listed}' after 60 s, not idle"
say "Slurm is up: $(sinfo -h -N -n "$node" -o '%N %t %c CPUs %m MB, partition %P')"
