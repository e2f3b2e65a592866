# Pace of the sends (issue 21, item 6): [diffusion] duree_max stops the sends
# cleanly, the rest leaves with the next run (resumable, nothing twice);
# [diffusion] debit_max spaces them. With debit_max = 60 (one a second) and
# duree_max = 2s, a run sends exactly 2 messages: the third's slot (2 s after
# the first) is at the limit. The clock starts at the first send.
. tests/lib.sh
. tests/smtp/sink.sh
diffusion_night
smtp_start "$TMPD/recus" || exit 1
export LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" LECAP_DIFFUSION_STARTTLS=non \
	LECAP_DIFFUSION_EXPEDITEUR=lecap@coorace.org LECAP_DIFFUSION_DELAI=10
n=0
for s in $(sql "SELECT siret FROM lecap.evaluation ORDER BY siret"); do
	run_lecap recipients add "$s" "contact@$s.example.org"
	run_lecap recipients add "$s" "direction@$s.example.org"
	n=$((n + 2))
done
assert_eq "6 adresses : 3 adhérents évalués × 2" "6" "$n"

sent() { ls recus/msg-* 2>/dev/null | wc -l; }
LECAP_DIFFUSION_DEBIT_MAX=60 LECAP_DIFFUSION_DUREE_MAX=2s run_lecap send
assert_rc "duree_max atteinte : code 0 (arrêt propre)" 0
if plain_build; then
	assert_eq "duree_max = 2s, debit_max = 60 : 2 messages" "2" "$(sent)"
	assert_eq "duree_max : le bilan dit le reste" "photographies des adhérents : 2 envoyée(s), 0 inchangée(s), 0 en échec, 0 sans photographie
reporté(s) à la prochaine exécution ([diffusion] duree_max atteinte) : 4 message(s)" "$(echo "$OUT" | tail -2)"
	assert_contains "duree_max : l'avertissement" "lecap: avertissement: diffusion : durée maximale atteinte ([diffusion] duree_max = 2 s, 2 message(s) envoyé(s)) : 4 message(s) restent, envoyés à la prochaine exécution" "$ERR"
else
	# A sanitizer slows each send: at most 2, the rest deferred.
	[ "$(sent)" -le 2 ] && ok "duree_max : au plus 2 messages" || not_ok "duree_max : au plus 2 messages ($(sent))"
fi
assert_eq "duree_max : au journal, ce qui est parti" "$(sent)" "$(sql "SELECT count(*) FROM lecap.envoi WHERE reussi")"

# The next runs send the rest, nothing twice.
for _ in 1 2 3 4; do
	[ "$(sent)" -ge 6 ] && break
	LECAP_DIFFUSION_DEBIT_MAX=60 LECAP_DIFFUSION_DUREE_MAX=2s run_lecap send
done
assert_eq "reprise : les 6 adresses servies" "6" "$(sent)"
assert_eq "reprise : une fois chacune" "6" \
	"$(ls recus | sed -n 's/^msg-[0-9]*-\(.*\)\.eml$/\1/p' | sort -u | wc -l)"
LECAP_DIFFUSION_DEBIT_MAX=60 LECAP_DIFFUSION_DUREE_MAX=2s run_lecap send
assert_eq "ensuite : rien de plus" "photographies des adhérents : 0 envoyée(s), 6 inchangée(s), 0 en échec, 0 sans photographie" "$(echo "$OUT" | tail -1)"

# debit_max alone: 3 messages at 120 a minute take at least 1 s (slots at
# 0, 0.5, 1 s): a lower bound, which no slowness can break.
sql "DELETE FROM lecap.envoi WHERE email LIKE 'contact@%'" >/dev/null
t0=$(date +%s%N)
LECAP_DIFFUSION_DEBIT_MAX=120 run_lecap send
t1=$(date +%s%N)
assert_eq "debit_max seul : les 3 messages" "photographies des adhérents : 3 envoyée(s), 3 inchangée(s), 0 en échec, 0 sans photographie" "$(echo "$OUT" | tail -1)"
[ $(((t1 - t0) / 1000000)) -ge 1000 ] && ok "debit_max = 120 : 3 messages en 1 s au moins" ||
	not_ok "debit_max = 120 : 3 messages en $(((t1 - t0) / 1000000)) ms"

# A bad value is refused, naming the key.
LECAP_DIFFUSION_DEBIT_MAX=-1 run_lecap send
assert_rc "debit_max = -1 : refusé" 2
assert_contains "debit_max = -1 : le message" "debit_max" "$ERR"
done_testing
