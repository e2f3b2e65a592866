# Starts and stops the local SMTP sink (tests/smtp/sink.py) for the
# diffusion tests. Source after tests/lib.sh:
#   smtp_start DIR   starts it, sets SMTP_PORT and SMTP_PID; messages land in DIR
#   smtp_stop        stops it (also done on exit)
# SMTP_MODE=starttls (set by the *-starttls.sh variants of the send tests)
# makes the sink require STARTTLS with a throwaway certificate for
# 127.0.0.1, made here by openssl in $TMPD, and points lecap at it as its
# only CA ([diffusion] ca_fichier): the server is verified as in production.
# SMTP_STARTTLS is the [diffusion] starttls value to use: oui or non.
# Debian's python3-aiosmtpd lives in the system interpreter.
SMTP_PY=/usr/bin/python3
[ -x "$SMTP_PY" ] || SMTP_PY=python3
SMTP_PID=""
SMTP_PORT=""

SMTP_MODE=${SMTP_MODE:-clair}
SMTP_STARTTLS=non

smtp_start() {
	mkdir -p "$1"
	rm -f "$1/port"
	if [ "$SMTP_MODE" = starttls ]; then
		if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
			-addext "subjectAltName=IP:127.0.0.1" -keyout "$TMPD/sink-key.pem" \
			-out "$TMPD/sink-cert.pem" 2>"$1.openssl.log"; then
			echo "# certificat de test impossible :"
			sed 's/^/#   /' "$1.openssl.log"
			return 1
		fi
		export SINK_TLS="$TMPD/sink-cert.pem:$TMPD/sink-key.pem"
		export LECAP_DIFFUSION_CA_FICHIER="$TMPD/sink-cert.pem"
		SMTP_STARTTLS=oui
	fi
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
