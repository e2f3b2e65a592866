# The Debian package, as an administrator meets it (root only: it installs a
# system package, then purges it):
#   1. make deb's script builds lecap_<VERSION>_amd64.deb, lintian without
#      error; « apt-get install ./lecap_*.deb » creates the user lecap, the
#      data directories (0750 lecap:lecap), the conffile (0640 root:lecap),
#      installs the units without enabling them (systemd-analyze verify);
#      /usr/bin/lecap --version, and lecap check on a generated export as the
#      user lecap with the shipped configuration; purge leaves nothing.
#   2. Upgrade: the package of the previous release (the commit before
#      VERSION last changed), installed and used (an edited conffile, a
#      night's data), then this one: the conffile edit and the data are kept,
#      the next run brings the schema to the last migration; remove keeps the
#      data, purge removes them.
# The test uses the throwaway PostgreSQL of tests/run.sh for the runs.
. tests/lib.sh

skip() {
	echo "# sauté : test du paquet Debian : $1"
	exit 0
}
[ "$(id -u)" -eq 0 ] || skip "il faut être root (apt-get install, utilisateur système) ; lancez make check en root pour le faire"
# Once per make check: the package is built from the sources, not from $LECAP.
plain_build || skip "fait une fois, avec la compilation normale"
# One package test at a time on a machine (two make check as root at once).
exec 9>/var/lock/lecap-test-paquet.lock
flock -w 900 9 || skip "un autre test du paquet tient /var/lock/lecap-test-paquet.lock depuis 15 min"
if dpkg-query -W -f '${Status}' lecap 2>/dev/null | grep -q 'installed'; then
	skip "un paquet lecap est déjà installé sur cette machine : le test ne le remplace pas"
fi
for tool in dpkg-buildpackage dh apt-get; do
	command -v "$tool" >/dev/null || skip "$tool absent (make deps l'installe)"
done
export DEBIAN_FRONTEND=noninteractive
# apt-get waits for the dpkg lock (another apt-get on the machine) rather than fail.
APT="apt-get -o DPkg::Lock::Timeout=300"
V=$(cat VERSION)
DEB="$TMPD/lecap_${V}_amd64.deb"
chmod 0755 "$TMPD" # the user lecap reads the generated exports here

# as_lecap CMD...: as the user lecap, in its home, with the service's bare
# environment (none of the LECAP_* that tests/lib.sh exports for the clone:
# only the package's configuration speaks). The database is named by libpq's
# environment, never in /etc/lecap/lecap.conf: another test run on the
# machine must not be sent to this test's database.
as_lecap() {
	runuser -u lecap -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/lecap LANG=C.UTF-8 \
		PGHOST="$PGHOST" PGPORT="$PGPORT" PGDATABASE="$PGDATABASE" PGUSER="$PGUSER" \
		sh -c 'cd /var/lib/lecap && exec "$@"' sh "$@"
}
# mode_of PATH: "mode owner:group"
mode_of() {
	stat -c '%a %U:%G' "$1" 2>&1
}
# leftovers: what the package leaves on the system once purged.
leftovers() {
	for p in /usr/bin/lecap /etc/lecap /var/lib/lecap /usr/share/lecap /usr/share/doc/lecap \
		/usr/share/man/man1/lecap.1.gz /lib/systemd/system/lecap.service \
		/lib/systemd/system/lecap.timer /etc/systemd/system/timers.target.wants/lecap.timer; do
		[ -e "$p" ] && echo "$p"
	done
	dpkg-statoverride --list /etc/lecap/lecap.conf
	dpkg-query -W -f '${Status}\n' lecap 2>/dev/null | grep -v '^unknown ok not-installed$' |
		grep -v '^$' || true
}
cleanup_package() {
	$APT purge -y -qq lecap >/dev/null 2>&1 || true
}
trap 'cleanup_package; rm -rf "$TMPD"' EXIT

# ---- 1. build, install, use, purge ----
sh scripts/deb.sh "$TMPD" >"$TMPD/deb.out" 2>&1
RC=$?
assert_rc "make deb : code 0" 0
assert_contains "make deb : le paquet dans le répertoire demandé" "lecap deb: $DEB" "$(cat "$TMPD/deb.out")"
assert_not_contains "make deb : lintian sans erreur" "E: lecap" "$(cat "$TMPD/deb.out")"
echo "# lintian : $(grep 'lintian :' "$TMPD/deb.out" | sed 's/^lecap deb: lintian : //' | tr '\n' ' ')"
assert_eq "le paquet : lecap_${V}_amd64.deb, version $V" "lecap $V amd64" \
	"$(dpkg-deb -f "$DEB" Package Version Architecture | sed 's/^[A-Za-z]*: //' | tr '\n' ' ' | sed 's/ $//')"
assert_contains "le paquet : dépendances d'exécution" "libcsv3" "$(dpkg-deb -f "$DEB" Depends)"
for dep in libhpdf libpq5 libcurl postgresql-client adduser; do
	assert_contains "le paquet : dépend de $dep" "$dep" "$(dpkg-deb -f "$DEB" Depends)"
done
assert_eq "le paquet : conffile déclaré" "/etc/lecap/lecap.conf" "$(dpkg-deb -I "$DEB" conffiles)"

(cd "$TMPD" && $APT install -y -qq "./lecap_${V}_amd64.deb") >"$TMPD/apt.out" 2>&1
assert_eq "apt-get install ./lecap_*.deb : code 0" "0" "$?"
assert_eq "utilisateur système lecap : domicile, pas de shell" "/var/lib/lecap /usr/sbin/nologin" \
	"$(getent passwd lecap | awk -F: '{ print $6, $7 }')"
assert_eq "groupe lecap" "lecap" "$(id -gn lecap)"
assert_eq "utilisateur lecap : compte système (uid < 1000)" "oui" \
	"$([ "$(id -u lecap)" -lt 1000 ] && echo oui || echo non)"
for d in /var/lib/lecap /var/lib/lecap/entree /var/lib/lecap/archive /var/lib/lecap/quarantaine \
	/var/lib/lecap/rapports; do
	assert_eq "$d : 0750 lecap:lecap" "750 lecap:lecap" "$(mode_of "$d")"
done
assert_eq "/etc/lecap/lecap.conf : 0640 root:lecap" "640 root:lecap" "$(mode_of /etc/lecap/lecap.conf)"
assert_eq "/etc/lecap/lecap.conf : chemins du paquet" \
	"entree = /var/lib/lecap/entree
archive = /var/lib/lecap/archive
quarantaine = /var/lib/lecap/quarantaine
rapports = /var/lib/lecap/rapports
fichier = /usr/share/lecap/config/referentiel-cap.csv
offres = /usr/share/lecap/config/offres.csv
regions = /usr/share/lecap/config/regions.csv
types = /usr/share/lecap/config/types-structure.csv
vision = /usr/share/lecap/config/vision.txt" "$(grep -v -e '^;' -e '^\[' -e '^$' /etc/lecap/lecap.conf)"
assert_eq "fichiers SQL et grille installés" "$(ls sql/[0-9][0-9][0-9]_*.sql | wc -l) 4" \
	"$(ls /usr/share/lecap/sql/*.sql | wc -l) $(ls /usr/share/lecap/config/*.csv | wc -l)"
assert_eq "texte de la vision installé" "$(cat config/vision.txt)" "$(cat /usr/share/lecap/config/vision.txt)"
assert_eq "page de manuel lecap(1)" "/usr/share/man/man1/lecap.1.gz" "$(man -w lecap 2>&1)"
assert_eq "unités installées" "lecap.service lecap.timer" \
	"$(cd /lib/systemd/system && ls lecap.service lecap.timer | tr '\n' ' ' | sed 's/ $//')"
assert_eq "unités : ni activées ni démarrées" "" \
	"$(find /etc/systemd/system -name 'lecap.*' 2>/dev/null)"
assert_contains "lecap.service : /usr/bin/lecap et la configuration du paquet" \
	"ExecStart=/usr/bin/lecap -c /etc/lecap/lecap.conf run" "$(cat /lib/systemd/system/lecap.service)"
if command -v systemd-analyze >/dev/null; then
	assert_eq "systemd-analyze verify : unités valides" "" \
		"$(systemd-analyze verify /lib/systemd/system/lecap.service /lib/systemd/system/lecap.timer 2>&1)"
else
	echo "# systemd-analyze absent : vérification des unités sautée"
fi
assert_eq "/usr/bin/lecap --version" "lecap $V" "$(/usr/bin/lecap --version 2>&1)"
assert_eq "/usr/bin/lecap : binaire de production, sans points de panne de test" "0" \
	"$(grep -caF -e LECAP_TEST_CRASH -e signals_test_crash_point /usr/bin/lecap)"

# lecap check as lecap, with the shipped configuration (referentiel under
# /usr/share/lecap): a valid export, then a defective one.
/usr/bin/lecap generate --entreprises 3 --campagnes 2025 --graine 90 --out "$TMPD/lot" 2>/dev/null
chmod -R a+rX "$TMPD/lot"
valid=$(ls "$TMPD"/lot/reponses-*.csv | head -1)
as_lecap /usr/bin/lecap check "$valid" >"$TMPD/check.out" 2>"$TMPD/check.err"
RC=$?
ERR=$(cat "$TMPD/check.err")
assert_rc "lecap check en tant que lecap : export valide, code 0" 0
assert_eq "lecap check : aucun problème" "" "$(cat "$TMPD/check.out")"
sed '2s/;4;/;5;/' "$valid" >"$TMPD/defaut.csv"
as_lecap /usr/bin/lecap check "$TMPD/defaut.csv" >"$TMPD/check.out" 2>/dev/null
RC=$?
assert_rc "lecap check en tant que lecap : export défectueux, code 1" 1
assert_contains "lecap check : la note invalide" "note invalide « 5 »" "$(cat "$TMPD/check.out")"

$APT purge -y -qq lecap >"$TMPD/apt.out" 2>&1
assert_eq "apt-get purge lecap : code 0" "0" "$?"
assert_eq "purge : rien ne reste (fichiers, répertoires, statoverride, paquet)" "" "$(leftovers)"
assert_eq "purge : l'utilisateur système lecap est gardé (voir docs/exploitation.md)" "lecap" \
	"$(getent passwd lecap | cut -d: -f1)"

# ---- 2. upgrade from the previous release ----
if ! git rev-parse --git-dir >/dev/null 2>&1; then
	echo "# sauté : mise à jour : pas de dépôt git (la version précédente vient de l'historique)"
	done_testing
	exit $?
fi
bump=$(git log -1 --format=%H -- VERSION)
prev=$(git rev-parse "$bump^")
PV=$(git show "$prev:VERSION")
echo "# version précédente : $PV (commit ${prev%${prev#????????????}}), nouvelle : $V"
mkdir "$TMPD/old"
git archive "$prev" | tar -x -C "$TMPD/old"
if [ ! -d "$TMPD/old/debian" ]; then
	# A release from before the package: its sources with today's debian/,
	# under its own version, without the manual page its binary cannot write.
	cp -r debian "$TMPD/old/debian"
	cp scripts/deb.sh "$TMPD/old/scripts/deb.sh"
	# the files today's debian/ installs that the old sources lack (config/vision.txt)
	for f in config/vision.txt; do
		[ -e "$TMPD/old/$f" ] || cp "$f" "$TMPD/old/$f"
	done
	{
		echo "lecap ($PV) bookworm; urgency=medium"
		echo
		echo "  * Version $PV, empaquetée par le test de mise à jour (tests/integration/90-paquet.sh)."
		echo
		echo " -- COORACE — équipe informatique <informatique@coorace.org>  $(date -R)"
	} >"$TMPD/old/debian/changelog"
	old_opts=nodoc
fi
mkdir "$TMPD/old-deb"
LECAP_DEB_LINTIAN=non DEB_BUILD_OPTIONS="${old_opts:-}" sh "$TMPD/old/scripts/deb.sh" "$TMPD/old-deb" \
	>"$TMPD/deb-old.out" 2>&1
assert_eq "paquet $PV construit" "0 lecap_${PV}_amd64.deb" "$? $(ls "$TMPD/old-deb")"
(cd "$TMPD/old-deb" && $APT install -y -qq "./lecap_${PV}_amd64.deb") >"$TMPD/apt.out" 2>&1
assert_eq "installation de $PV : code 0" "0 lecap $PV" "$? $(/usr/bin/lecap --version 2>&1)"

# The administrator's edits (a key set, a comment; values that change nothing
# for another run that would read this file), then a night's data.
sed -i 's|^;delai = 60|delai = 60|' /etc/lecap/lecap.conf
echo "; modifié par l'administrateur (test de mise à jour)" >>/etc/lecap/lecap.conf
edited=$(md5sum </etc/lecap/lecap.conf)
cp "$TMPD"/lot/* /var/lib/lecap/entree/ && chown lecap:lecap /var/lib/lecap/entree/*
as_lecap /usr/bin/lecap -q run >"$TMPD/run.out" 2>&1
assert_eq "$PV : lecap run en tant que lecap, code 0" "0" "$?"
archived=$(find /var/lib/lecap/archive -type f | sort | md5sum)
reports=$(find /var/lib/lecap/rapports -name '*.pdf' | wc -l)
assert_eq "$PV : des exports archivés, des rapports écrits" "oui" \
	"$([ "$(find /var/lib/lecap/archive -type f | wc -l)" -gt 0 ] && [ "$reports" -gt 0 ] && echo oui || echo non)"
evaluations=$(sql "SELECT count(*) FROM lecap.evaluation")

(cd "$TMPD" && $APT install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
	"./lecap_${V}_amd64.deb") >"$TMPD/apt.out" 2>&1
assert_eq "mise à jour $PV → $V : code 0" "0 lecap $V" "$? $(/usr/bin/lecap --version 2>&1)"
assert_eq "mise à jour : la configuration modifiée est gardée" "$edited" "$(md5sum </etc/lecap/lecap.conf)"
assert_eq "mise à jour : configuration toujours 0640 root:lecap" "640 root:lecap" "$(mode_of /etc/lecap/lecap.conf)"
assert_eq "mise à jour : archive intacte" "$archived" "$(find /var/lib/lecap/archive -type f | sort | md5sum)"
assert_eq "mise à jour : rapports intacts" "$reports" "$(find /var/lib/lecap/rapports -name '*.pdf' | wc -l)"
assert_eq "mise à jour : répertoires toujours 0750 lecap:lecap" "750 lecap:lecap" "$(mode_of /var/lib/lecap/archive)"
as_lecap /usr/bin/lecap run >"$TMPD/run.out" 2>&1
assert_eq "$V : la nuit suivante, code 0" "0" "$?"
last=$(ls /usr/share/lecap/sql/ | sed -n 's/^\([0-9]\{3\}\)_.*/\1/p' | sort | tail -1)
assert_eq "$V : schéma à la dernière migration du paquet ($last)" \
	"$((10#$last))|$(ls /usr/share/lecap/sql/*.sql | wc -l)" \
	"$(sql "SELECT max(version), count(*) FROM lecap.schema_migration")"
assert_eq "$V : les évaluations de la nuit d'avant sont là" "$evaluations" "$(sql "SELECT count(*) FROM lecap.evaluation")"

$APT remove -y -qq lecap >"$TMPD/apt.out" 2>&1
assert_eq "apt-get remove : code 0" "0" "$?"
assert_eq "remove : données et configuration gardées, programme retiré" "oui oui non" \
	"$([ "$(find /var/lib/lecap/archive -type f | sort | md5sum)" = "$archived" ] && echo oui || echo non) $([ -f /etc/lecap/lecap.conf ] && echo oui || echo non) $([ -e /usr/bin/lecap ] && echo oui || echo non)"
$APT purge -y -qq lecap >"$TMPD/apt.out" 2>&1
assert_eq "apt-get purge : code 0" "0" "$?"
assert_eq "purge après mise à jour : rien ne reste" "" "$(leftovers)"

done_testing
