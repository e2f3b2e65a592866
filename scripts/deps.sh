#!/bin/sh
# Installs the Debian packages lecap needs to build, test and run, when one is
# missing (plus any package given as argument). As root it runs apt-get;
# otherwise it prints the exact line to run.
set -eu
# The last line: the Debian package (make deb, and its test in make check as
# root): debhelper, dpkg-dev, fakeroot, lintian, and what the package depends on.
PACKAGES="gcc make libcsv-dev libhpdf-dev libxlsxwriter-dev libcriterion-dev libpq-dev postgresql-15 pkg-config
qpdf poppler-utils libcurl4-openssl-dev python3-aiosmtpd python3-openpyxl clang libclang-rt-14-dev libssl-dev openssl strace libdeflate-dev
debhelper dpkg-dev fakeroot lintian postgresql-client adduser man-db $*"
missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "lecap: info: installation des paquets manquants :$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "lecap: erreur: paquets manquants :$missing" >&2
	echo "astuce: en root, lancez : apt-get install -y$missing" >&2
	exit 1
fi
