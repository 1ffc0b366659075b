#!/bin/bash
# scripts/lab/rootless-docker.sh: run a rootless Docker daemon for an unprivileged host user,
# on a Debian 12 host where root is available (CI), without touching the rootful
# engine at /var/run/docker.sock.
#
# Usage (as root):
#   rootless-docker.sh start USER UID   # prints: export DOCKER_HOST=unix://...
#   rootless-docker.sh stop  USER UID   # kills the daemon, removes its dirs
#   rootless-docker.sh env   USER UID   # prints the DOCKER_HOST line only
#
# Then, as that user:  DOCKER_HOST=unix://<XDG_RUNTIME_DIR>/docker.sock docker ...
#
# Environment knobs:
#   RLD_BASE            where per-user dirs go (default /tmp/rootless-docker-lab)
#   RLD_STORAGE_DRIVER  force a storage driver (default: dockerd picks; overlay2
#                       works here: kernel >= 5.11 allows overlayfs in a user
#                       namespace, "userxattr: true"; vfs is the slow fallback)
#   RLD_TIMEOUT         seconds to wait for `docker info` (default 60)
#   RLD_HOME            the user's home, when its passwd entry has none
#
# The user must already exist with /etc/subuid and /etc/subgid lines
# (`useradd -m -u UID NAME` writes them on Debian 12).
#
# Why not /usr/share/docker.io/contrib/dockerd-rootless.sh?
#   That script wraps dockerd in `rootlesskit --net=slirp4netns` (or vpnkit).
#   Here slirp4netns cannot open /dev/net/tun ("Permission denied", the device
#   is root-only) and vpnkit is not packaged.  With DOCKERD_ROOTLESS_ROOTLESSKIT_NET=host
#   it starts only with DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=none and
#   dockerd --bridge=none (in the host network namespace the userns root has no
#   CAP_NET_ADMIN: "Failed to set link up for docker0: operation not permitted"),
#   and then BuildKit RUN fails ("network bridge not found") and compose cannot
#   create its project network ("operation not permitted").
#   So we call rootlesskit ourselves with --net=host and give dockerd a fresh,
#   empty network namespace (`unshare --net`) owned by the user namespace: there
#   dockerd is allowed to create docker0, veths and iptables rules, so the
#   default bridge network, compose networks and BuildKit all work.  Containers
#   have no route to the outside (nothing connects that netns to the host), which
#   is fine for tests that talk to containers only via docker run/exec and files.
#   `docker run -p` does not work in this setup ("Error starting userland proxy").

set -euo pipefail

die() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }
log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# ---------------------------------------------------------------- arguments ---
[ "$#" -eq 3 ] || die "usage: $0 start|stop|env USER UID"
cmd=$1 user=$2 uid=$3
case "$uid" in ''|*[!0-9]*) die "UID must be a number: $uid" ;; esac
[ "$uid" -ne 0 ] || die "UID 0 makes no sense for rootless mode"
[ "$(id -u)" -eq 0 ] || die "run as root (needs apt-get, setpriv and cleanup of subuid-owned files)"

base=${RLD_BASE:-/tmp/rootless-docker-lab}
rundir=$base/run-$uid          # XDG_RUNTIME_DIR of the daemon (holds docker.sock)
state=$base/u$uid              # everything else of this daemon
sock=$rundir/docker.sock
docker_host=unix://$sock
# unix socket paths are limited to 107 bytes
[ "${#sock}" -lt 100 ] || die "socket path too long: $sock"

# ------------------------------------------------------------------ helpers ---
# RLD_HOME: a home for accounts made without one (the e2e suite's host users).
user_home() { if [ -n "${RLD_HOME:-}" ]; then echo "$RLD_HOME"; else getent passwd "$user" | cut -d: -f6; fi; }
user_gid() { getent passwd "$user" | cut -d: -f4; }

# Run a command as the target user with a minimal, explicit environment.
as_user() {
	setpriv --reuid "$uid" --regid "$(user_gid)" --init-groups \
		env -i HOME="$(user_home)" USER="$user" LOGNAME="$user" \
		PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		XDG_RUNTIME_DIR="$rundir" DOCKER_HOST="$docker_host" "$@"
}

daemon_answers() { as_user docker info >/dev/null 2>&1; }

# pid_is PID COMM: true if PID is alive, runs COMM and belongs to $uid
# (so a recycled pid of someone else's process is never signalled).
pid_is() {
	[ -n "$1" ] && [ -d "/proc/$1" ] || return 1
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] || return 1
	[ "$(stat -c %u "/proc/$1" 2>/dev/null)" = "$uid" ]
}

ensure_packages() {
	# rootlesskit: creates the user/mount namespaces (Debian 1.1.0)
	# uidmap:      setuid newuidmap/newgidmap, maps the /etc/subuid range
	# iproute2:    `ip link set lo up` in the daemon's network namespace
	# docker.io:   dockerd/containerd/runc (already there for the rootful engine)
	# Not needed here: slirp4netns (no /dev/net/tun access), fuse-overlayfs
	# (/dev/fuse is root-only; native overlay2 in the userns works instead).
	local p missing=
	for p in rootlesskit uidmap iproute2 docker.io; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing="$missing $p"
	done
	[ -n "$missing" ] || return 0
	log "installing:$missing"
	# Lock timeout: other jobs on the machine may be running apt at the same time.
	# shellcheck disable=SC2086 # word splitting of $missing is intended
	if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
		install -y --no-install-recommends $missing >&2; then
		apt-get -o DPkg::Lock::Timeout=300 update >&2
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
			install -y --no-install-recommends $missing >&2
	fi
}

check_user() {
	local real
	real=$(id -u "$user" 2>/dev/null) || die "no such user: $user"
	[ "$real" = "$uid" ] || die "user $user has uid $real, not $uid"
	# newuidmap/newgidmap accept lines keyed by name or by uid
	grep -Eq "^($user|$uid):" /etc/subuid || die "no /etc/subuid line for $user"
	grep -Eq "^($user|$uid):" /etc/subgid || die "no /etc/subgid line for $user"
	[ -d "$(user_home)" ] || die "home of $user does not exist"
}

# ------------------------------------------------------------------- start ---
start() {
	check_user
	ensure_packages

	if daemon_answers; then
		log "already running"
		echo "export DOCKER_HOST=$docker_host"
		return 0
	fi
	# A live daemon that does not answer yet: do not start a second one.
	if pid_is "$(cat "$state/rootlesskit.pid" 2>/dev/null || true)" rootlesskit; then
		log "rootlesskit already running, waiting for it"
	else
		# Stale leftovers from a crashed run: dockerd refuses to start if its
		# pidfile names a live process, and a stale socket file blocks listen().
		rm -f "$state/dockerd.pid" "$state/rootlesskit.pid" "$sock"

		# The base dir must be traversable by the user; the per-user dirs are
		# owned by the user, 0700 (XDG_RUNTIME_DIR semantics).
		mkdir -p "$base"
		chmod a+x "$base"
		install -d -m 0700 -o "$uid" -g "$(user_gid)" "$rundir" "$state"

		local storage=()
		[ -z "${RLD_STORAGE_DRIVER:-}" ] || storage=(--storage-driver "$RLD_STORAGE_DRIVER")

		# setsid: own session, so the daemon survives this shell and ignores its
		# terminal signals.  Started in the background without job control,
		# setsid does not fork: $! is the rootlesskit pid (setpriv and env exec).
		#
		# rootlesskit flags:
		#   --net=host          no slirp4netns/vpnkit (no /dev/net/tun); the real
		#                       isolation comes from `unshare --net` below
		#   --port-driver=none  builtin/slirp4netns port drivers "require non-host network"
		#   --copy-up=/etc      writable /etc in the namespace (as upstream does)
		#   --copy-up=/run      writable /run: dockerd needs /run/docker (plugins
		#                       path is hardcoded) and /run/xtables.lock
		#   --propagation=rslave  as upstream; here it only warns ("The host root
		#                       filesystem is mounted as "" ... not supported")
		#   --state-dir         otherwise rootlesskit creates /tmp/rootlesskitNNN;
		#                       dockerd finds it via $ROOTLESSKIT_STATE_DIR and
		#                       switches to rootless mode ("name=rootless")
		#
		# child script (runs as uid 0 inside the user namespace):
		#   rm -f /run/docker ...  copy-up made them symlinks to the host's /run,
		#                          i.e. to the ROOTFUL engine's state: drop them
		#   unshare --net          a fresh netns owned by our userns, where dockerd
		#                          may create docker0/veths/iptables rules
		#   ip link set lo up      loopback for containers with --network host
		#
		# dockerd flags:
		#   --data-root/--exec-root/--pidfile  never share anything with the
		#                          rootful engine (/var/lib/docker, /var/run/docker)
		#   --host                 socket in the user's XDG_RUNTIME_DIR
		#   (iptables stays on: it only touches the private netns)
		setsid setpriv --reuid "$uid" --regid "$(user_gid)" --init-groups \
			env -i HOME="$(user_home)" USER="$user" LOGNAME="$user" \
			PATH=/usr/sbin:/usr/bin:/sbin:/bin XDG_RUNTIME_DIR="$rundir" \
			rootlesskit \
			--net=host --port-driver=none \
			--copy-up=/etc --copy-up=/run --propagation=rslave \
			--state-dir="$state/rootlesskit" \
			sh -c 'rm -f /run/docker /run/containerd /run/xtables.lock &&
				exec unshare --net -- sh -c "ip link set lo up && exec dockerd \"\$@\"" dockerd "$@"' sh \
			--data-root "$state/data" \
			--exec-root "$state/exec" \
			--pidfile "$state/dockerd.pid" \
			--host "$docker_host" \
			"${storage[@]}" \
			</dev/null >>"$state/dockerd.log" 2>&1 &
		echo "$!" >"$state/rootlesskit.pid"
		log "rootlesskit pid $!, log $state/dockerd.log"
	fi

	local t0 deadline rk
	t0=$(date +%s)
	deadline=$((t0 + ${RLD_TIMEOUT:-60}))
	rk=$(cat "$state/rootlesskit.pid")
	until daemon_answers; do
		if ! pid_is "$rk" rootlesskit; then
			tail -n 20 "$state/dockerd.log" >&2 || true
			die "rootless dockerd exited, see $state/dockerd.log"
		fi
		[ "$(date +%s)" -lt "$deadline" ] || die "timeout waiting for docker info, see $state/dockerd.log"
		sleep 0.25
	done
	log "docker info answers after $(($(date +%s) - t0))s"
	echo "export DOCKER_HOST=$docker_host"
}

# -------------------------------------------------------------------- stop ---
stop() {
	local d rk p i
	d=$(cat "$state/dockerd.pid" 2>/dev/null || true)
	rk=$(cat "$state/rootlesskit.pid" 2>/dev/null || true)

	# Remove containers first: on SIGTERM dockerd gives each running container
	# 10 s to stop, and `stop` throws everything away anyway.  (Root may use
	# the user's socket; nothing is asked of the user account.)
	if [ -S "$sock" ]; then
		p=$(DOCKER_HOST=$docker_host timeout 20 docker ps -aq 2>/dev/null || true)
		# shellcheck disable=SC2086 # one word per container id
		[ -z "$p" ] || DOCKER_HOST=$docker_host timeout 60 docker rm -f $p >/dev/null 2>&1 || true
	fi

	# SIGTERM dockerd first: it stops containers and containerd cleanly, then
	# the rootlesskit child and parent exit on their own.
	if pid_is "$d" dockerd; then kill -TERM "$d"; fi
	for i in $(seq 1 80); do
		pid_is "$d" dockerd || pid_is "$rk" rootlesskit || break
		sleep 0.25
	done
	# Escalate on whatever is left of exactly these two processes.
	if pid_is "$d" dockerd; then kill -KILL "$d"; fi
	if pid_is "$rk" rootlesskit; then kill -TERM "$rk"; sleep 1; fi
	if pid_is "$rk" rootlesskit; then kill -KILL "$rk"; fi

	# Orphans (e.g. containerd-shim after a SIGKILL) of this user whose command
	# line points into our state dir; other processes of the user are left alone.
	for p in $(ps -u "$uid" -o pid= 2>/dev/null || true); do
		if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF "$state/"; then
			kill -KILL "$p" 2>/dev/null || true
		fi
	done

	# Mounts made by the daemon live in rootlesskit's mount namespace and are
	# gone with it; files owned by subordinate uids need root to delete.
	rm -rf -- "$state" "$rundir"
	log "stopped; removed $state and $rundir"
}

case "$cmd" in
start) start ;;
stop) stop ;;
env) echo "export DOCKER_HOST=$docker_host" ;;
*) die "unknown command: $cmd (start|stop|env)" ;;
esac
