#!/bin/sh
# make deb: builds lecap_<VERSION>_amd64.deb with the Debian tooling
# (debian/, debhelper) in a copy of the clone — the clone's build/ and bin/
# are left alone — then leaves the .deb in the clone and runs lintian on it
# (an error fails). The test suite does not run inside the package build.
#
#   sh scripts/deb.sh [OUTDIR]     OUTDIR: where the .deb goes (the clone)
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${1:-$ROOT}
VERSION=$(cat VERSION)

fail() {
	echo "lecap deb: erreur : $1" >&2
	[ -z "${2:-}" ] || [ ! -s "$2" ] || { echo "lecap deb: dernières lignes de $2 :" >&2; tail -n 25 "$2" | sed 's/^/    /' >&2; }
	[ -z "${3:-}" ] || echo "lecap deb: astuce : $3" >&2
	exit 1
}

CHANGELOG_VERSION=$(dpkg-parsechangelog -l debian/changelog -S Version)
[ "$CHANGELOG_VERSION" = "$VERSION" ] ||
	fail "debian/changelog annonce $CHANGELOG_VERSION, VERSION dit $VERSION" "" \
		"ajoutez une entrée $VERSION en tête de debian/changelog (dch -v $VERSION)"

W=$(mktemp -d "${TMPDIR:-/tmp}/lecap-deb.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir "$W/lecap-$VERSION"
tar -C "$ROOT" --exclude=./.git --exclude=./build --exclude=./build-asan --exclude=./build-fuzz --exclude=./build-tsan \
	--exclude=./bin --exclude=./var --exclude='./lecap_*' --exclude='./*.deb' -cf - . |
	tar -C "$W/lecap-$VERSION" -xf -

echo "lecap deb: construction de lecap_${VERSION}_amd64.deb (dpkg-buildpackage dans $W)"
( cd "$W/lecap-$VERSION" &&
  DEB_BUILD_OPTIONS="nocheck parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -b -us -uc ) >"$W/build.log" 2>&1 || {
	cp "$W/build.log" "$OUT/lecap-deb-echec.log" 2>/dev/null || true
	fail "dpkg-buildpackage a échoué" "$OUT/lecap-deb-echec.log" \
		"le journal complet est dans $OUT/lecap-deb-echec.log ; make deps installe les paquets de construction"
}
rm -f "$OUT/lecap-deb-echec.log"
deb=$(ls "$W"/lecap_"$VERSION"_*.deb)
cp "$deb" "$OUT/"
echo "lecap deb: $OUT/$(basename "$deb")"

# LECAP_DEB_LINTIAN=non skips lintian (the upgrade test's older package).
if [ "${LECAP_DEB_LINTIAN:-oui}" != non ] && command -v lintian >/dev/null 2>&1; then
	lintian --fail-on error "$OUT/$(basename "$deb")" >"$W/lintian.log" 2>&1 ||
		{ cat "$W/lintian.log" >&2; fail "lintian signale des erreurs" "" "voyez les étiquettes ci-dessus (lintian-explain-tags ÉTIQUETTE)"; }
	# lintian's own notice when run as root is not about the package
	grep -v '^running with root privileges' "$W/lintian.log" >"$W/lintian.tags" || true
	mv "$W/lintian.tags" "$W/lintian.log"
	if [ -s "$W/lintian.log" ]; then sed 's/^/lecap deb: lintian : /' "$W/lintian.log"
	else echo "lecap deb: lintian : rien à signaler"; fi
fi
