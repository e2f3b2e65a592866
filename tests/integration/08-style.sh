# The sources' style (issue 16): no function over 80 lines outside data
# tables, one cleanup label (`cleanup`), a module's functions prefixed by its
# file's name (tests/tools/check-style.py). Known offences are listed in
# tests/tools/style-exceptions.txt with their owner; the list only shrinks.
# The checker is also shown to catch a planted offence of each kind and a
# stale exception line (named; alone, it does not fail the check).
. tests/lib.sh

out=$(python3 "$ROOT/tests/tools/check-style.py" "$ROOT" "$ROOT/tests/tools/style-exceptions.txt" 2>&1)
rc=$?
assert_eq "style : aucune infraction hors exceptions listées" "0|0 infraction(s)" \
	"$rc|$(echo "$out" | tail -1 | sed 's/.*, //')"

# A copy of the tree with planted offences.
mkdir -p "$TMPD/arbre/tests/tools"
cp -r "$ROOT/src" "$ROOT/reports" "$ROOT/cmd" "$TMPD/arbre/"
grep -v '^#' "$ROOT/tests/tools/style-exceptions.txt" >"$TMPD/arbre/exc.txt"
echo "etiquette src/base/text.c text_key  # personne" >>"$TMPD/arbre/exc.txt"
{
	printf 'int text_trop_long(void);\nint text_trop_long(void)\n{\n'
	i=0; while [ $i -lt 79 ]; do printf '\t(void)0;\n'; i=$((i + 1)); done
	printf '\treturn 0;\n}\n'
	printf 'int autre_nom(int x);\nint autre_nom(int x)\n{\n\tif (x)\n\t\tgoto out;\n\treturn 1;\nout:\n\treturn 0;\n}\n'
	printf 'static const int table_longue[] = {\n'
	i=0; while [ $i -lt 90 ]; do printf '\t%d,\n' $i; i=$((i + 1)); done
	printf '};\n'
} >>"$TMPD/arbre/src/base/text.c"
printf 'int autre_nom(int x);\n' >>"$TMPD/arbre/src/base/text.h"
out=$(cd "$TMPD/arbre" && python3 "$ROOT/tests/tools/check-style.py" . exc.txt 2>&1)
rc=$?
assert_eq "style : défauts plantés refusés (code 1)" "1" "$rc"
assert_eq "style : chaque défaut nommé, la table de données ignorée" \
"$(printf '%s\n' \
"src/base/text.c:LIGNE: text_trop_long fait 83 lignes (au plus 80 : découper en fonctions statiques nommées)" \
"src/base/text.c:LIGNE: autre_nom : étiquette « out » (une seule étiquette de sortie : « cleanup »)" \
"src/base/text.c:LIGNE: autre_nom : une fonction de src/base/text.c commence par « text_ » (ou la rendre static)" \
"exc.txt:LIGNE: « etiquette src/base/text.c text_key » n'est plus une infraction : retirer la ligne" \
"style : N fichier(s), N exception(s) dont 1 à retirer, 3 infraction(s)")" \
	"$(echo "$out" | sed -e 's/^\([^:]*\):[0-9]*:/\1:LIGNE:/' -e 's/[0-9]* fichier(s), [0-9]* exception/N fichier(s), N exception/')"

# A stale exception line alone is named but does not fail the check.
out=$(python3 "$ROOT/tests/tools/check-style.py" "$ROOT" "$TMPD/arbre/exc.txt" 2>&1)
rc=$?
assert_eq "style : exception périmée seule nommée, code 0" \
"0|exc.txt:LIGNE: « etiquette src/base/text.c text_key » n'est plus une infraction : retirer la ligne" \
	"$rc|$(echo "$out" | grep 'retirer la ligne' | sed -e 's/^.*exc.txt:[0-9]*:/exc.txt:LIGNE:/')"
done_testing
