# Starts and stops the local SMTP sink (tests/smtp/sink.py) for the
# diffusion tests. Source after tests/lib.sh:
#   smtp_start DIR   starts it, sets SMTP_PORT and SMTP_PID; messages land in DIR
#   smtp_stop        stops it (also done on exit)
# Debian's python3-aiosmtpd lives in the system interpreter.
SMTP_PY=/usr/bin/python3
[ -x "$SMTP_PY" ] || SMTP_PY=python3
SMTP_PID=""
SMTP_PORT=""

smtp_start() {
	mkdir -p "$1"
	rm -f "$1/port"
	"$SMTP_PY" "$ROOT/tests/smtp/sink.py" "$1" 2>"$1.log" &
	SMTP_PID=$!
	for _ in $(seq 1 100); do
		[ -s "$1/port" ] && break
		sleep 0.1
	done
	SMTP_PORT=$(cat "$1/port" 2>/dev/null)
	if [ -z "$SMTP_PORT" ]; then
		echo "# le serveur SMTP de test n'a pas démarré :"
		sed 's/^/#   /' "$1.log"
		return 1
	fi
}

smtp_stop() {
	if [ -n "$SMTP_PID" ]; then
		kill "$SMTP_PID" 2>/dev/null
		wait "$SMTP_PID" 2>/dev/null
		SMTP_PID=""
	fi
}

trap 'smtp_stop; [ -n "${KEEP:-}" ] || rm -rf "$TMPD"' EXIT
