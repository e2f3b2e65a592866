# lecap run ends with the diffusion: the delegates receive their region's
# report; a server that is down fails the diffusion and nothing else (exit 1,
# data and reports kept), and the next night sends what was missed.
. tests/lib.sh
. tests/smtp/sink.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$TMPD/rapports" \
	LECAP_DIFFUSION_EXPEDITEUR="lecap@coorace.example" LECAP_DIFFUSION_STARTTLS=non LECAP_DIFFUSION_DELAI=5
mkdir -p "$IN"
"$LECAP" generate --entreprises 30 --campagnes 2026 --graine 3 --out "$IN" 2>/dev/null
rm -f "$IN/.defauts.txt"
run_lecap -q init
run_lecap recipients add 84 delegue84@coorace.example "Délégué Auvergne-Rhône-Alpes"
run_lecap recipients add FR national@coorace.example "Fédération"

# The SMTP server is down: the night still loads, aggregates and renders.
LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:9" run_lecap run
assert_rc "serveur SMTP arrêté : code 1" 1
assert_eq "serveur SMTP arrêté : les données sont chargées" "0" "$(ls "$IN" | wc -l)"
[ -f "$TMPD/rapports/2026/national.pdf" ] && ok "serveur SMTP arrêté : les rapports sont écrits" \
	|| not_ok "serveur SMTP arrêté : pas de rapport national"
assert_eq "serveur SMTP arrêté : rien d'enregistré comme envoyé" "0" \
	"$(sql "SELECT count(*) FROM lecap.envoi WHERE reussi")"
assert_eq "serveur SMTP arrêté : le journal garde le code 1" "1" \
	"$(sql "SELECT code_sortie FROM lecap.execution WHERE commande = 'run' ORDER BY id DESC LIMIT 1")"

# The next night, with the server up: what was missed is sent.
smtp_start "$TMPD/recu"
LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" run_lecap run
assert_rc "nuit suivante, serveur revenu : code 0" 0
assert_eq "nuit suivante : les deux rapports sont partis" "2" "$(sql "SELECT count(*) FROM lecap.envoi WHERE reussi")"
LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" run_lecap run
assert_rc "troisième nuit, rien de neuf : code 0" 0
assert_eq "troisième nuit : rien n'est renvoyé" "2" "$(sql "SELECT count(*) FROM lecap.envoi WHERE reussi")"
smtp_stop
done_testing
