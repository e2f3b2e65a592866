# Outputs: archive, quarantine, reports and .eml files are 0640 and the
# directories lecap creates 0750, whatever the umask (000 and 077); and no
# personal data of respondents anywhere, in the database or in the outputs of
# a generated network. What "personal data" is checked for, precisely:
#   - every respondent is a pseudonym of the generator's shapes (R01, rep-001-ab,
#     anon01, 1a2b01) or a consensus row's (consensus, groupe, synthese);
#   - no "@" (an e-mail address) in any text column of schema lecap, except the
#     recipients' addresses (lecap.destinataire, lecap.envoi), nor in the archive,
#     the quarantine's .erreurs.txt or the PDFs' text (pdftotext); the .eml
#     files carry only the recipient's address;
#   - no common French first name (list below) as a word in any of these.
. tests/lib.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"; RP="$TMPD/rapports"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU" \
	LECAP_CHEMINS_RAPPORTS="$RP" LECAP_DIFFUSION_EXPEDITEUR=lecap@coorace.example LECAP_DIFFUSION_STARTTLS=non
mkdir -p "$IN"
run_lecap -q init
run_lecap recipients add 84 delegation84@coorace.example "Délégation Auvergne-Rhône-Alpes"
run_lecap recipients add FR federation@coorace.example "Fédération"

# modes DIR: files not 0640, directories not 0750, under the output trees.
modes() {
	find "$AR" "$QU" "$RP" "$TMPD/eml" \( -type f ! -perm 0640 \) -printf 'fichier %m %P\n' \
		-o \( -type d ! -perm 0750 \) -printf 'répertoire %m %P\n' 2>/dev/null | sort | head -5
}

"$LECAP" generate --entreprises 12 --campagnes 2026 --graine 86 --defauts 0.3 --out "$IN" 2>/dev/null
rm -f "$IN/.defauts.txt"
chmod 0666 "$IN"/*
(umask 000 && "$LECAP" run >"$TMPD/run.out" 2>"$TMPD/run.err")
assert_eq "umask 000 : lecap run" "0 ou 1" "$(case $? in 0|1) echo "0 ou 1" ;; *) echo "$?" ;; esac)"
(umask 000 && "$LECAP" send --dry-run --out "$TMPD/eml" >/dev/null 2>"$TMPD/send.err") || cat "$TMPD/send.err"
assert_eq "umask 000 : des fichiers dans archive, quarantaine, rapports et eml" "oui" \
	"$([ -n "$(find "$AR" -type f)" ] && [ -n "$(find "$QU" -type f)" ] && [ -n "$(find "$RP" -name '*.pdf')" ] && [ -n "$(find "$TMPD/eml" -name '*.eml')" ] && echo oui)"
assert_eq "umask 000 : fichiers 0640, répertoires 0750" "" "$(modes)"

"$LECAP" generate --entreprises 12 --campagnes 2025 --graine 87 --defauts 0.3 --out "$IN" 2>/dev/null
rm -f "$IN/.defauts.txt" "$IN/adherents.csv"
rm -rf "$TMPD/eml"
(umask 077 && "$LECAP" run --all >"$TMPD/run.out" 2>"$TMPD/run.err")
(umask 077 && "$LECAP" send --dry-run --out "$TMPD/eml" >/dev/null 2>&1)
assert_eq "umask 077 : la campagne 2025 est archivée" "oui" "$([ -d "$AR/2025" ] && echo oui)"
assert_eq "umask 077 : fichiers 0640, répertoires 0750" "" "$(modes)"

# No personal data.
PRENOMS='jean|marie|pierre|michel|philippe|nathalie|isabelle|sylvie|catherine|francoise|françoise|christophe|nicolas|sophie|julien|camille|thomas|laurent|sandrine|valerie|valérie|stephane|stéphane|patrick|christine|frederic|frédéric|celine|céline|olivier|anne|david|sebastien|sébastien|aurelie|aurélie|emilie|émilie|julie|martine|alain|bernard|jacques|monique|dominique|mohamed|fatima|karim|leila|leïla'
assert_eq "répondants : rien que des pseudonymes du générateur ou de consensus" "" \
	"$(sql "SELECT string_agg(DISTINCT pseudonyme, ' ') FROM lecap.repondant
	  WHERE pseudonyme !~ '^(R[0-9]{2,}|rep-[0-9]{3,}-[a-z]{2}|anon[0-9]{2,}|[0-9a-f]{4}[0-9]{2,}|consensus|CONSENSUS|groupe|synthese)$'")"
assert_eq "des répondants ont été chargés" "oui" "$([ "$(sql "SELECT count(*) FROM lecap.repondant")" -gt 20 ] && echo oui)"
# Every text value of schema lecap, as "table.column: value" lines.
sql "DO \$\$ DECLARE r record; BEGIN
  CREATE TEMP TABLE t86_texte (source text, valeur text);
  FOR r IN SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = 'lecap'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'text[]'::regtype, 'jsonb'::regtype)
      AND c.relname NOT IN ('destinataire', 'envoi', 'schema_migration') LOOP
    EXECUTE format('INSERT INTO t86_texte SELECT %L, %I::text FROM lecap.%I WHERE %I IS NOT NULL',
                   r.relname || '.' || r.attname, r.attname, r.relname, r.attname);
  END LOOP;
  CREATE TABLE public.t86_texte AS SELECT * FROM t86_texte; END \$\$" >/dev/null
assert_eq "base : des valeurs texte examinées" "oui" "$([ "$(sql "SELECT count(*) FROM public.t86_texte")" -gt 1000 ] && echo oui)"
assert_eq "base : aucun « @ » hors des destinataires" "" \
	"$(sql "SELECT string_agg(DISTINCT source, ' ') FROM public.t86_texte WHERE valeur LIKE '%@%'")"
assert_eq "base : aucun prénom courant" "" \
	"$(sql "SELECT string_agg(DISTINCT source || ':' || left(valeur, 40), ' | ') FROM public.t86_texte
	  WHERE valeur ~* '(^|[^[:alpha:]-])($PRENOMS)([^[:alpha:]-]|$)'")"
sql "DROP TABLE public.t86_texte" >/dev/null
# Output files as text.
mkdir -p "$TMPD/texte"
find "$RP" -name '*.pdf' | while read -r f; do pdftotext -q "$f" "$TMPD/texte/$(echo "$f" | tr / _).txt"; done
assert_eq "rapports : du texte extrait des PDF" "oui" "$([ "$(cat "$TMPD"/texte/*.txt | wc -c)" -gt 10000 ] && echo oui)"
scan() {
	find "$AR" "$QU" "$TMPD/texte" -type f -print0 | xargs -0 grep -l -i -E "$1" 2>/dev/null | sed "s|$TMPD/||" | head -3
}
assert_eq "archive, quarantaine, PDF : aucun « @ »" "" "$(scan '@')"
assert_eq "archive, quarantaine, PDF : aucun prénom courant" "" "$(scan "(^|[^[:alpha:]-])($PRENOMS)([^[:alpha:]-]|\$)")"
# The checks do see a name when there is one.
echo "x;Jean Martin;jean.martin@example.org" >"$QU/t86-plante.csv"
assert_eq "contrôle : un nom et une adresse plantés sont trouvés" "quarantaine/t86-plante.csv|quarantaine/t86-plante.csv" \
	"$(scan '@')|$(scan "(^|[^[:alpha:]-])($PRENOMS)([^[:alpha:]-]|\$)")"
rm -f "$QU/t86-plante.csv"
assert_eq "contrôle : l'expression de la base trouve un prénom" "t|f" \
	"$(sql "SELECT 'R01;Marie Curie' ~* '(^|[^[:alpha:]-])($PRENOMS)([^[:alpha:]-]|$)', 'Saint-Pierre' ~* '(^|[^[:alpha:]-])($PRENOMS)([^[:alpha:]-]|$)'")"
assert_eq "courriels simulés : seule l'adresse du destinataire" "" \
	"$(for f in "$TMPD"/eml/*.eml; do grep -o -E '[[:alnum:]._-]+@[[:alnum:].-]+' "$f" | grep -v -x -E '(delegation84|federation)@coorace\.example|lecap@[[:alnum:].-]+|[^@]+@coorace\.example'; done | sort -u | head -3)"
done_testing
