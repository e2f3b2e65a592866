# The manual page lecap(1) says what the program says: it is written by
# « lecap --page-man » from the tables behind --help and the config reader
# (cmd/man.c); rendered by man(1), it holds every line of lecap --help, of
# each command's --help, every key of config/lecap.conf.example with its
# default and its help, every exit code. No database needed.
. tests/lib.sh

"$LECAP" --page-man >"$TMPD/lecap.1"
assert_eq "--page-man : code 0" "0" "$?"
assert_eq "--page-man : première ligne de la page" "'\\\" -*- coding: utf-8 -*-" "$(head -1 "$TMPD/lecap.1")"
assert_contains "--page-man : en-tête .TH avec la version" ".TH LECAP 1 " "$(sed -n 3p "$TMPD/lecap.1")"
assert_not_contains "--page-man : pas dans --help (option interne)" "page-man" "$("$LECAP" --help)"

# Rendered as a reader sees it, whitespace squeezed, on one line.
flat() {
	tr '\n' ' ' | sed -e 's/’/'"'"'/g' -e 's/[[:space:]][[:space:]]*/ /g'
}
warnings=$(LC_ALL=C.UTF-8 MANWIDTH=200 man --warnings -E UTF-8 -l "$TMPD/lecap.1" 2>&1 >/dev/null)
assert_eq "man --warnings : aucun avertissement de groff" "" "$warnings"
LC_ALL=C.UTF-8 MANWIDTH=200 man -E UTF-8 -l "$TMPD/lecap.1" 2>/dev/null | col -b | flat >"$TMPD/page"
page=$(cat "$TMPD/page")

# contains_lines NAME TEXT: every non-blank line of TEXT is in the page.
contains_lines() {
	missing=""
	while IFS= read -r line; do
		l=$(printf '%s' "$line" | flat | sed 's/^ //; s/ $//')
		[ -n "$l" ] || continue
		case "$page" in
		*"$l"*) ;;
		*) missing="$missing | $l" ;;
		esac
	done <<EOT
$2
EOT
	assert_eq "$1" "" "$missing"
}

# lecap --help: the command list, the options and the exit codes (its
# headings are the page's section titles).
contains_lines "lecap --help : chaque commande, option et code de sortie" "$("$LECAP" --help | grep '^  ')"
commands=$("$LECAP" --help | sed -n '/^Commandes :/,/^$/s/^  \([a-z]*\) .*/\1/p')
n_table=$(grep -c '^	{"[a-z]*", cmd_' cmd/lecap.c)
assert_eq "lecap --help : les $n_table commandes de la table de cmd/lecap.c" "$n_table" "$(echo "$commands" | wc -l)"
assert_eq "une sous-section par commande de lecap --help, dans le même ordre" "$commands" \
	"$(sed -n '/^\.SH COMMANDES/,/^\.SH CONFIGURATION/s/^\.SS //p' "$TMPD/lecap.1")"
for c in $commands; do
	contains_lines "lecap $c --help : chaque ligne dans la page" "$("$LECAP" "$c" --help)"
	assert_contains "commande $c : sa sous-section" ".SS $c" "$(cat "$TMPD/lecap.1")"
done
for code in 0 1 2 3 4 5; do
	assert_contains "code de sortie $code dans la page" \
		"$("$LECAP" --help | sed -n "s/^  $code  \(.*\)/$code \1/p")" "$page"
done

# Every key of the example (the config reader's table, in order: see
# test_config), with its default, its help (one of the comment lines above
# the key) and its environment variable.
awk '
	/^\[/ { sec = substr($0, 2, length($0) - 2); helps = ""; next }
	/^; / && sec != "" { helps = helps "\037" substr($0, 3); next }
	/^;[a-z_]+ = ?/ {
		k = $0; sub(/^;/, "", k); key = k; sub(/ =.*/, "", key)
		def = k; sub(/^[a-z_]+ = ?/, "", def)
		print sec "\037" key "\037" def helps; helps = ""
	}' config/lecap.conf.example >"$TMPD/keys"
n_keys=$(grep -c '^	KEY(' src/base/config.c)
assert_eq "exemple de configuration : les $n_keys clés de src/base/config.c lues" "$n_keys" "$(wc -l <"$TMPD/keys")"
assert_eq "autant de clés dans l'exemple que dans la page" \
	"$(grep -c '^\\fB[a-z_]*\\fR = ' "$TMPD/lecap.1")" "$(wc -l <"$TMPD/keys")"
missing=""
us=$(printf '\037') # a separator that is not white space: a default may be empty
while IFS="$us" read -r sec key def helps; do
	env=$(echo "LECAP_${sec}_${key}" | tr 'a-z' 'A-Z')
	found=""
	while IFS= read -r help; do
		want=$(printf '%s = %s %s (%s)' "$key" "$def" "$help" "$env" | flat)
		case "$page" in *"$want"*) found=1 ;; esac
	done <<EOT
$(printf '%s\n' "$helps" | tr "$us" '\n')
EOT
	[ -n "$found" ] || missing="$missing | [$sec] $key = $def"
done <"$TMPD/keys"
assert_eq "configuration : chaque clé, sa valeur par défaut, son aide et sa variable" "" "$missing"

done_testing
