#!/bin/sh
# Writes /etc/lecap/lecap.conf for the package: config/lecap.conf.example
# (every key, commented, with its default) with the package's paths set.
set -eu
cat <<'HEAD'
; /etc/lecap/lecap.conf — configuration de lecap (paquet Debian).
; Renseignez [base] conninfo (ou laissez-le vide pour le socket local de
; PostgreSQL et le rôle lecap), puis : lecap init, systemctl enable --now
; lecap.timer. Voir lecap(1) et /usr/share/doc/lecap/exploitation.md.
; Ce fichier est un fichier de configuration du paquet : vos modifications
; sont gardées lors des mises à jour.

HEAD
sed -e 's#^;\(entree\|archive\|quarantaine\|rapports\) = var/#\1 = /var/lib/lecap/#' \
    -e 's#^;\(fichier\|offres\|regions\|types\|vision\) = config/#\1 = /usr/share/lecap/config/#' "$1"
