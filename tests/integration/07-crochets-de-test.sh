# The test hooks (crash and pause points, src/base/signals.h) exist only in
# the test builds: $LECAP (build-test/bin/lecap, or the sanitized build) has
# them, the release binary bin/lecap (make, the Debian package) has none of
# them: no hook function, no $LECAP_TEST_* lookup (LECAP_TEST_NOW, the
# clock of src/base/clock.c, included), no point name.
. tests/lib.sh

has() { grep -qaF -e "$2" "$1"; }

assert_eq "build de test : fonction du point de panne présente" "oui" \
	"$(has "$LECAP" signals_test_crash_point && echo oui || echo non)"
assert_eq "build de test : LECAP_TEST_CRASH lu" "oui" \
	"$(has "$LECAP" LECAP_TEST_CRASH && echo oui || echo non)"
assert_eq "build de test : le point ingest-apres-commit existe" "oui" \
	"$(has "$LECAP" ingest-apres-commit && echo oui || echo non)"
assert_eq "build de test : l'horloge LECAP_TEST_NOW lue (src/base/clock.c)" "oui" \
	"$(has "$LECAP" LECAP_TEST_NOW && echo oui || echo non)"
assert_eq "build de test : la mémoire de la répartition LECAP_TEST_REPARTITION_BUDGET lue (src/aggregate/repartition.c)" \
	"oui" "$(has "$LECAP" LECAP_TEST_REPARTITION_BUDGET && echo oui || echo non)"

REL="$ROOT/bin/lecap"
if [ ! -x "$REL" ]; then
	echo "# sauté : $REL absent (make)"
else
	for s in signals_test_crash_point signals_test_pause_point LECAP_TEST_CRASH \
		LECAP_TEST_PAUSE LECAP_TEST_NOW LECAP_TEST_REPARTITION_BUDGET ingest-apres-commit run-apres-init pdf-en-ecriture rapports-entre-deux \
		verrou-apres-essai agregation-apres-oubli agregation-avant-quarts; do
		assert_eq "binaire de production : « $s » absent" "non" \
			"$(has "$REL" "$s" && echo oui || echo non)"
	done
	# And it still runs: the version it prints is the test build's.
	assert_eq "binaire de production : même version que le build de test" \
		"$("$LECAP" --version 2>&1)" "$("$REL" --version 2>&1)"
fi
done_testing
