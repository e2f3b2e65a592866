/*
 * bin/lecap: global options, configuration, then the command, declared once
 * in the table below (flags, options, help) and run by run_command(): one
 * option parser (getopt_long) for every command, then what the flags ask —
 * the grid, signals, connection, run lock, run journal — set up and closed
 * in one place.
 *
 *   lecap [-c FILE] [-d CONNINFO] [-v | -q] COMMAND [options]
 */
#include "commands.h"

#include "aggregate/aggregate.h"
#include "base/exitcode.h"
#include "base/log.h"
#include "base/signals.h"
#include "db/runlock.h"
#include "ingest/effacement.h"
#include "version.h"

#include <getopt.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command_option no_options[] = {{NULL}};

static const struct command_option ingest_options[] = {
	{"reintegrer", OPT_FLAG, NULL, NULL, NULL, NULL},
	{NULL},
};

static const struct command_option aggregate_options[] = {
	{"campagne", OPT_CAMPAGNE, "ANNÉE", "cette campagne, puis les suivantes devenues périmées",
	 "l'option --campagne attend une année", "exemple : lecap aggregate --campagne 2025"},
	{"all", OPT_FLAG, NULL, "toutes les campagnes", NULL, NULL},
	{NULL},
};

static const struct command_option report_options[] = {
	{"campagne", OPT_CAMPAGNE, "ANNÉE", NULL, NULL, "lecap report --help décrit les options"},
	{"region", OPT_VALUE, "CODE", NULL, NULL, "lecap report --help décrit les options"},
	{"national", OPT_FLAG, NULL, NULL, NULL, NULL},
	{"entreprise", OPT_VALUE, "SIRET", NULL, NULL, "lecap report --help décrit les options"},
	{"all", OPT_FLAG, NULL, NULL, NULL, NULL},
	{"out", OPT_VALUE, "RÉP", NULL, NULL, "lecap report --help décrit les options"},
	{NULL},
};

static const struct command_option run_options[] = {
	{"all", OPT_FLAG, NULL, "produire tous les rapports, même inchangés", NULL, NULL},
	{NULL},
};

static const struct command_option send_options[] = {
	{"campagne", OPT_CAMPAGNE, "ANNÉE", "cette campagne", NULL, "exemple : lecap send --campagne 2026"},
	{"region", OPT_VALUE, "CODE", "ce seul code de région (ou FR)",
	 "l'option --region attend un code de région ou FR", "exemple : lecap send --region 84"},
	{"dry-run", OPT_FLAG, NULL,
	 "écrit les messages (.eml) au lieu de les envoyer, dans\n"
	 "RAPPORTS/ANNÉE/envois/ ou --out RÉP ; n'enregistre rien", NULL, NULL},
	{"out", OPT_VALUE, "RÉP", NULL, "l'option --out attend un répertoire", NULL},
	{NULL},
};

static const struct command_option retirer_options[] = {
	{"siret", OPT_VALUE, "SIRET", "l'adhérent (14 chiffres)", NULL,
	 "exemple : lecap retirer --siret 82601815200015 --campagne 2025"},
	{"campagne", OPT_CAMPAGNE, "ANNÉE", "la campagne", NULL,
	 "exemple : lecap retirer --siret 82601815200015 --campagne 2025"},
	{"motif", OPT_VALUE, "TEXTE", "pourquoi (gardé dans lecap.retrait)", "l'option --motif attend un texte",
	 "exemple : --motif \"export chargé sous un mauvais SIRET\""},
	{"dry-run", OPT_FLAG, NULL, "dit ce qui serait retiré, sans rien modifier", NULL, NULL},
	{NULL},
};

static const struct command_option quarantaine_options[] = {
	{"tous", OPT_FLAG, NULL, "tous les fichiers de la quarantaine", NULL, NULL},
	{"motif", OPT_VALUE, "MOTIF", "avec --tous : seulement ceux dont un motif contient MOTIF",
	 "l'option --motif attend un texte", "exemple : lecap quarantaine relancer --tous --motif \"offre inconnue\""},
	{NULL},
};

static const struct command_option export_options[] = {
	{"campagne", OPT_CAMPAGNE, "ANNÉE", "cette campagne (par défaut la dernière publiée)", NULL,
	 "exemple : lecap export --campagne 2025 --out exports"},
	{"region", OPT_VALUE, "CODE", "cette seule région (ou FR)", "l'option --region attend un code de région ou FR",
	 "exemple : lecap export --region 84 --out exports"},
	{"out", OPT_VALUE, "RÉP", "répertoire des fichiers, créé au besoin", "l'option --out attend un répertoire", NULL},
	{"format", OPT_VALUE, "FORMAT", "csv (défaut), csv-rfc4180 ou xlsx", "l'option --format attend csv, csv-rfc4180 ou xlsx",
	 NULL},
	{NULL},
};

static const struct command_option acces_options[] = {
	{"region", OPT_LIST, "CODE", NULL, "--region attend un code INSEE de région (ex. 84)",
	 "usage : lecap acces ajouter-delegue LOGIN --region CODE [--region CODE...] | "
	 "ajouter-analyste LOGIN | retirer LOGIN [--region CODE...] | lister"},
	{NULL},
};

static const struct command_option purger_options[] = {
	{"siret", OPT_VALUE, "SIRET", "l'adhérent (14 chiffres)", "--siret attend un SIRET de 14 chiffres : « »",
	 "exemple : lecap purger --siret 82601815200015 --dry-run"},
	{"dry-run", OPT_FLAG, NULL, "dit ce qui serait effacé, sans rien effacer", NULL, NULL},
	{NULL},
};

#define SAUVEGARDER_USAGE "usage : lecap sauvegarder --out RÉP (une sauvegarde complète dans RÉP/lecap-<date>/)"
static const struct command_option sauvegarder_options[] = {
	{"out", OPT_VALUE, "RÉP", NULL, "lecap sauvegarder attend --out RÉP", SAUVEGARDER_USAGE},
	{NULL},
};

#define GENERATE_HINT "lecap generate --help donne l'usage"
static const struct command_option generate_options[] = {
	{"entreprises", OPT_VALUE, "N", "nombre d'adhérents (1 à 10000000)", NULL, GENERATE_HINT},
	{"campagnes", OPT_VALUE, "A-B", "années de campagne (défaut 2024-2026), ou une seule année", NULL,
	 GENERATE_HINT},
	{"graine", OPT_VALUE, "S", "graine du générateur (défaut 1)", NULL, GENERATE_HINT},
	{"defauts", OPT_VALUE, "P",
	 "part des fichiers porteurs d'un défaut (0 à 1, défaut 0),\n"
	 "listés dans RÉP/.defauts.txt", NULL, GENERATE_HINT},
	{"reference", OPT_VALUE, "J",
	 "jour de référence (défaut 2026-11-30) : aucune date\n"
	 "d'évaluation ni aucun horodatage d'export n'est plus tard ;\n"
	 "les campagnes vont au plus jusqu'à son année", NULL, GENERATE_HINT},
	{"effet-plan", OPT_VALUE, "F",
	 "force de l'effet des plans de progrès (0 à 5, défaut 1) :\n"
	 "les adhérents progressent plus sur les objectifs de leur plan,\n"
	 "F fois le supplément du modèle ; 0 : aucun effet", NULL, GENERATE_HINT},
	{"out", OPT_VALUE, "RÉP", "répertoire de sortie, créé au besoin", NULL, GENERATE_HINT},
	{NULL},
};

static const struct command commands[] = {
	{"init", cmd_init, CMD_REFERENTIEL | CMD_DB, "crée ou met à jour le schéma et charge la grille du Cap",
	 "usage : lecap init\n\n"
	 "Crée le schéma lecap, applique les migrations de sql/ qui manquent, puis\n"
	 "charge la grille du Cap, les offres, les régions et les types de structure\n"
	 "désignés par [referentiel]. Relancer init sans changement n'applique rien.\n",
	 no_options, 0, NULL,
	 NULL, NULL},
	{"check", cmd_check, CMD_REFERENTIEL | CMD_OPERANDS, "vérifie des exports sans base de données",
	 "usage : lecap check FICHIER...\n\n"
	 "Vérifie chaque export (Réponses, Plan de progrès, Adhérents) contre la grille\n"
	 "et les fichiers de [referentiel], sans base de données. Chaque problème est\n"
	 "écrit sur la sortie standard : FICHIER:LIGNE:COLONNE: message (au plus 100\n"
	 "par fichier, puis leur nombre). Code 0 si tous sont valides, 1 sinon.\n",
	 no_options, 0, NULL,
	 cmd_check_args, NULL},
	{"ingest", cmd_ingest,
	 CMD_REFERENTIEL | CMD_SIGNALS | CMD_DB | CMD_LOCK | CMD_JOURNAL | CMD_OPERANDS, "charge les exports de la boîte de réception",
	 "usage : lecap ingest [--reintegrer] [RÉPERTOIRE]\n\n"
	 "Charge chaque export du répertoire ([chemins] entree par défaut), jamais\n"
	 "à moitié : un fichier n'entre dans une transaction qu'entièrement validé ;\n"
	 "les petits fichiers sont appliqués par groupes (une transaction par groupe :\n"
	 "une panne de la base annule le groupe, dont les fichiers restent dans la\n"
	 "boîte de réception), les gros fichiers et le registre chacun dans sa\n"
	 "transaction. Puis il le déplace : archive/<campagne>/ (intégré, doublon,\n"
	 "obsolète) ou quarantaine/ avec FICHIER.erreurs.txt (rejeté).\n"
	 "Un fichier retiré par lecap retirer et déposé de nouveau est rejeté, sauf\n"
	 "avec --reintegrer, qui l'intègre comme un fichier nouveau.\n"
	 "Code 1 si un fichier est rejeté, 3 si la base échoue, 5 si un répertoire\n"
	 "ne peut être lu ou écrit.\n",
	 ingest_options, 0, NULL,
	 cmd_ingest_check, cmd_ingest_prepare},
	{"aggregate", cmd_aggregate, CMD_DB | CMD_LOCK | CMD_JOURNAL, "calcule les scores et les agrégats du réseau",
	 "usage : lecap aggregate [--campagne ANNÉE | --all]\n\n"
	 "Recalcule dans PostgreSQL les scores des entreprises et les agrégats du\n"
	 "réseau des campagnes qui ont changé depuis le dernier calcul, une\n"
	 "transaction par campagne ([agregats] completude_min et seuil_secret).\n",
	 aggregate_options, 20, "Voir docs/analystes.md pour les vues que lisent les analystes.\n",
	 cmd_aggregate_check, NULL},
	{"report", cmd_report, CMD_DB | CMD_SIGNALS, "produit les rapports PDF",
	 "usage : lecap report [--campagne ANNÉE] [--region CODE | --national | --entreprise SIRET | --all] [--out RÉP]\n\n"
	 "Produit les rapports PDF d'une campagne agrégée (par défaut la dernière\n"
	 "campagne évaluée) dans [chemins] rapports, ou RÉP avec --out :\n"
	 "  RÉP/ANNÉE/national.pdf                        le rapport national\n"
	 "  RÉP/ANNÉE/regions/CODE-nom.pdf                un rapport par région évaluée\n"
	 "  RÉP/ANNÉE/entreprises/RÉGION/SIRET.pdf        la photographie de chaque adhérent\n"
	 "Sans --region, --national ni --entreprise : tous (--all) ; [rapports]\n"
	 "entreprises = non retire les photographies de --all. Chaque fichier est\n"
	 "écrit sous un nom temporaire puis renommé (0640).\n",
	 report_options, 0, NULL,
	 cmd_report_check, NULL},
	{"run", cmd_run, CMD_REFERENTIEL | CMD_SIGNALS | CMD_DB | CMD_LOCK | CMD_JOURNAL, "le traitement de nuit : init, ingest, aggregate, report",
	 "usage : lecap run [--all]\n\n"
	 "Le traitement de nuit, sous un verrou (une seule exécution à la fois, une\n"
	 "seconde sort avec le code 4) et consigné dans lecap.execution : applique\n"
	 "les migrations et charge la grille (init), intègre la boîte de réception\n"
	 "(ingest), recalcule les campagnes qui ont changé (aggregate), produit les\n"
	 "rapports dont le contenu a changé (report).\n",
	 run_options, 10, "SIGTERM ou SIGINT : le fichier en cours est terminé ou annulé, code 5.\n",
	 cmd_run_check, cmd_run_prepare},
	{"recipients", cmd_recipients, CMD_DB | CMD_OPERANDS, "gère les destinataires des rapports par courriel",
	 "usage : lecap recipients add RÉGION|SIRET ADRESSE [NOM]\n"
	 "       lecap recipients remove RÉGION|SIRET ADRESSE\n"
	 "       lecap recipients list\n"
	 "       lecap recipients load FICHIER.csv\n\n"
	 "RÉGION est le code INSEE d'une région (ex. 84), qui reçoit son rapport régional,\n"
	 "ou FR, qui reçoit le rapport national. add ajoute un destinataire (ou réactive\n"
	 "et renomme un destinataire existant) ; remove le désactive : il ne reçoit plus\n"
	 "rien, l'historique de ses envois est gardé ; list les affiche tous ; load lit\n"
	 "un fichier UTF-8 de lignes region;email;nom[;actif] (actif : oui ou non, oui\n"
	 "par défaut ; une ligne d'en-tête facultative) : tout ou rien, chaque erreur\n"
	 "est donnée avec sa ligne.\n\n"
	 "Avec un SIRET (14 chiffres) à la place de la région, l'adresse est celle d'un\n"
	 "adhérent, où il reçoit sa photographie : add l'ajoute à la main (elle s'ajoute\n"
	 "à celle que donne la colonne courriel_contact du registre, et l'emporte sur\n"
	 "elle) ; remove le désinscrit, et un nouveau registre ne le réinscrit pas ;\n"
	 "list les montre par région, avec leur origine ; load accepte des lignes\n"
	 "siret;email;nom[;actif].\n",
	 no_options, 0, NULL,
	 cmd_recipients_check, NULL},
	{"send", cmd_send, CMD_DB | CMD_LOCK | CMD_JOURNAL, "envoie par courriel les rapports qui ont changé",
	 "usage : lecap send [--campagne ANNÉE] [--region CODE] [--dry-run [--out RÉP]]\n\n"
	 "Envoie à chaque destinataire actif le rapport de sa région (le rapport national\n"
	 "pour FR) de la campagne (par défaut la dernière qui a des rapports), quand ce\n"
	 "rapport a changé depuis le dernier envoi réussi. Les échecs sont journalisés\n"
	 "dans lecap.envoi et réessayés à l'exécution suivante (code de sortie 1).\n",
	 send_options, 20, "Serveur et expéditeur : section [diffusion] de lecap.conf.\n",
	 cmd_send_check, NULL},
	{"status", cmd_status, CMD_DB, "état de la base, des rapports et de la quarantaine",
	 "usage : lecap status\n\n"
	 "Affiche les dernières exécutions (journal lecap.execution), ce que la base\n"
	 "contient par campagne et région, et les fichiers en quarantaine avec leur\n"
	 "premier motif de rejet (le détail est dans FICHIER.erreurs.txt).\n",
	 no_options, 0, NULL,
	 NULL, NULL},
	{"export", cmd_export, CMD_DB, "écrit les vues de publication en fichiers (CSV, xlsx)",
	 "usage : lecap export [--campagne ANNÉE] [--region CODE] --out RÉP [--format csv|csv-rfc4180|xlsx]\n\n"
	 "Écrit les vues de publication (secret statistique appliqué par la base) :\n"
	 "  csv          RÉP/ANNÉE/<vue>.csv pour un tableur en français : UTF-8 avec BOM,\n"
	 "               « ; », virgule décimale\n"
	 "  csv-rfc4180  les mêmes fichiers pour les programmes : UTF-8, « , », point décimal\n"
	 "  xlsx         RÉP/ANNÉE/<région>.xlsx : un classeur par région (et FR), une feuille\n"
	 "               par vue, une feuille « Lisez-moi » tirée des commentaires des vues\n"
	 "Un texte qui commence par = + - @ est précédé d'une apostrophe (jamais une\n"
	 "formule) ; les nombres restent des nombres. Voir docs/analystes.md.\n",
	 export_options, 20, NULL,
	 cmd_export_check, NULL},
	{"acces", cmd_acces, CMD_DB | CMD_OPERANDS,
	 "donne et retire l'accès des délégué·e·s et analystes à la base",
	 "usage : lecap acces ajouter-delegue LOGIN --region CODE [--region CODE...]\n"
	 "       lecap acces ajouter-analyste LOGIN\n"
	 "       lecap acces retirer LOGIN [--region CODE...]\n"
	 "       lecap acces lister\n\n"
	 "LOGIN est le rôle de connexion PostgreSQL de la personne (ex. jdupont). ajouter-*\n"
	 "le crée s'il manque (le mot de passe ou la règle pg_hba.conf restent à donner),\n"
	 "lui fixe statement_timeout ([base] lecteurs_duree_requete) et\n"
	 "idle_in_transaction_session_timeout ([base] lecteurs_inactivite), puis le fait\n"
	 "délégué·e (lecap_delegue, ses régions en entier, le reste selon les règles de\n"
	 "publication) ou analyste (lecap_analyste : tout, sauf les données personnelles).\n"
	 "retirer sans --region retire tout accès et supprime le rôle s'il a été créé par\n"
	 "lecap acces ; avec --region, retire ces régions seulement. lister affiche les\n"
	 "lecteurs, leur rôle, leurs régions et leurs limites. Voir docs/analystes.md.\n",
	 acces_options, 0, NULL,
	 cmd_acces_check, NULL},
	{"retirer", cmd_retirer, CMD_DB | CMD_LOCK | CMD_JOURNAL, "retire une évaluation et son plan de la base",
	 "usage : lecap retirer --siret SIRET --campagne ANNÉE [--motif TEXTE] [--dry-run]\n\n"
	 "Retire de la base, en une transaction, l'évaluation et le plan de progrès de\n"
	 "l'adhérent SIRET pour la campagne ANNÉE, avec leurs répondants, réponses et\n"
	 "actions. Le journal lecap.retrait garde qui, quand et pourquoi ; la campagne\n"
	 "est recalculée à la prochaine exécution (lecap run), qui redessine et renvoie\n"
	 "ce qui a changé ; la photographie de l'adhérent pour cette campagne est\n"
	 "supprimée. Les fichiers d'où venaient les données restent dans l'archive,\n"
	 "marqués retirés : déposé de nouveau, un tel fichier est refusé (quarantaine),\n"
	 "sauf avec lecap ingest --reintegrer. Relancer la commande ne retire rien de plus.\n",
	 retirer_options, 20, NULL,
	 cmd_retirer_check, NULL},
	{"quarantaine", cmd_quarantaine, CMD_DB | CMD_LOCK | CMD_JOURNAL | CMD_OPERANDS,
	 "liste la quarantaine par motif, y reprend des fichiers",
	 "usage : lecap quarantaine lister\n"
	 "       lecap quarantaine relancer FICHIER...\n"
	 "       lecap quarantaine relancer --tous [--motif MOTIF]\n\n"
	 "lister affiche les fichiers de [chemins] quarantaine regroupés par motif de\n"
	 "rejet (le premier de chaque fichier), avec leur nombre de problèmes.\n"
	 "relancer remet des fichiers dans la boîte de réception ([chemins] entree), sous\n"
	 "leur nom d'origine, pour que la prochaine exécution les vérifie contre la grille\n"
	 "et les référentiels actuels (après une correction de la grille, des offres ou\n"
	 "des régions, par exemple). Leur FICHIER.erreurs.txt est gardé comme historique\n"
	 "dans quarantaine/historique/. Rien n'est jamais écrasé : un nom déjà pris dans\n"
	 "la boîte de réception laisse le fichier en quarantaine (code 5).\n",
	 quarantaine_options, 17, NULL,
	 cmd_quarantaine_check, NULL},
	{"sauvegarder", cmd_sauvegarder, CMD_DB | CMD_LOCK | CMD_JOURNAL,
	 "sauvegarde la base et les répertoires, ensemble",
	 "usage : lecap sauvegarder --out RÉP\n\n"
	 "Écrit dans RÉP/lecap-AAAAMMJJTHHMMSSZ/ une sauvegarde cohérente, prise sous le\n"
	 "verrou d'exécution (aucun lecap n'écrit pendant ce temps) : base.dump (pg_dump\n"
	 "-Fc de la base), entree.tar, archive.tar, quarantaine.tar, rapports.tar\n"
	 "([chemins]) et MANIFESTE. La base et l'archive vont ensemble : la règle « déjà\n"
	 "reçu » a besoin des deux. Écrite sous un nom .partiel puis renommée : une\n"
	 "sauvegarde interrompue n'est jamais prise pour complète. Restauration :\n"
	 "docs/exploitation.md, « Sauvegarder et restaurer ».\n",
	 sauvegarder_options, 0, NULL,
	 cmd_sauvegarder_check, NULL},
	{"purger", cmd_purger, CMD_DB | CMD_LOCK | CMD_JOURNAL,
	 "efface toutes les données d'un adhérent",
	 "usage : lecap purger [--dry-run]\n"
	 "       lecap purger --siret SIRET [--dry-run]\n\n"
	 "Sans --siret : applique les durées de [conservation] (en jours) : efface les\n"
	 "fichiers archivés (jamais ceux de la campagne en cours, ni le dernier registre\n"
	 "des adhérents), les fichiers de quarantaine et leurs motifs, les exécutions du\n"
	 "journal plus anciens que leur durée, et chaque adhérent sorti du registre dont\n"
	 "le dernier fichier est plus ancien que anciens_adherents (comme --siret), sauf\n"
	 "s'il a des données dans la campagne en cours. lecap run le fait aussi à la fin\n"
	 "de la nuit si [conservation] nuit = oui.\n\n"
	 "Avec --siret : efface l'adhérent SIRET : en une transaction, toutes les lignes qui le désignent\n"
	 "(évaluations, répondants, réponses, plans, registre, entreprise, résultats,\n"
	 "fichiers reçus, retraits ; son SIRET est masqué dans le journal des exécutions),\n"
	 "avec la liste de ses fichiers à effacer (boîte de réception, archive,\n"
	 "quarantaine avec leurs motifs, photographies) ; après la validation, ces\n"
	 "fichiers un par un. Dit ce qui a été effacé ; ses campagnes sont recalculées\n"
	 "à la prochaine exécution. Relancer la commande n'efface rien de plus. Une\n"
	 "interruption après la validation laisse des fichiers en attente (lecap status\n"
	 "le dit) : la commande suivante qui prend le verrou d'exécution les efface.\n",
	 purger_options, 17, NULL,
	 cmd_purger_check, NULL},
	{"generate", cmd_generate, CMD_REFERENTIEL, "écrit un réseau synthétique d'exports",
	 "usage : lecap generate --entreprises N [--campagnes 2024-2026] [--graine S] [--defauts P]\n"
	 "                       [--reference AAAA-MM-JJ] [--effet-plan F] --out RÉP\n\n"
	 "Écrit dans RÉP, sans base de données, les exports qu'enverrait un réseau de N\n"
	 "adhérents : pour chaque entreprise et chaque campagne où elle s'évalue, un\n"
	 "fichier Réponses et le plus souvent un Plan de progrès, quelques réexports\n"
	 "corrigés (-v2), et adherents.csv. Même graine, mêmes octets.\n\n",
	 generate_options, 20, NULL,
	 cmd_generate_check, NULL},
};
static const size_t command_count = sizeof(commands) / sizeof(commands[0]);
const struct command *current_command;

static const char global_options_help[] =
	"  -c, --config FICHIER   fichier de configuration (sinon $LECAP_CONFIG,\n"
	"                         ./config/lecap.conf, /etc/lecap/lecap.conf)\n"
	"  -d, --dbname CONNINFO  base PostgreSQL (chaîne libpq ou URI ; sinon\n"
	"                         [base] conninfo, puis PGHOST, PGDATABASE...)\n"
	"  -v, --verbose          messages de débogage en plus\n"
	"  -q, --quiet            seulement les erreurs\n"
	"  -h, --help             cette aide ; lecap COMMANDE --help pour une commande\n"
	"  -V, --version          version de lecap\n";

static const char exit_codes_help[] =
	"  0  succès\n"
	"  1  terminé, mais des fichiers ont été rejetés\n"
	"  2  erreur d'utilisation ou de configuration\n"
	"  3  base de données injoignable ou erreur de la base\n"
	"  4  une autre exécution de lecap détient le verrou\n"
	"  5  erreur de fichier ou d'entrée-sortie, ou exécution interrompue\n";

static void print_help(FILE *out)
{
	fprintf(out,
		"lecap — consolidation nocturne des auto-évaluations Le Cap (COORACE)\n\n"
		"usage : lecap [options globales] COMMANDE [options]\n\n"
		"Commandes :\n");
	for (size_t i = 0; i < command_count; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nOptions globales :\n%s\nCodes de sortie :\n%s", global_options_help,
		exit_codes_help);
}

/* Characters (not bytes) of a UTF-8 string, for the columns of the help. */
static int utf8_width(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

char *command_help(const struct command *cmd)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return NULL;
	fputs(cmd->usage, out);
	for (const struct command_option *o = cmd->options; o->name; o++) {
		char term[64];
		int pad;

		if (!o->help)
			continue;
		snprintf(term, sizeof(term), "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		pad = cmd->help_column - 2 - utf8_width(term);
		fprintf(out, "  %s%*s", term, pad > 1 ? pad : 1, "");
		/* A help of several lines: the next ones under the first. */
		for (const char *p = o->help; *p; p++) {
			fputc(*p, out);
			if (*p == '\n')
				fprintf(out, "%*s", cmd->help_column, "");
		}
		fputc('\n', out);
	}
	if (cmd->usage_end)
		fputs(cmd->usage_end, out);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < command_count; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int cmd_bad_option(const char *command, const char *option)
{
	log_error("option inconnue pour %s : « %s »", command, option);
	log_hint("lecap %s --help liste ses options", command);
	return LECAP_USAGE;
}

int ctx_connect(struct lecap_ctx *ctx, pg_conn **out)
{
	const char *conninfo = ctx->dbname ? ctx->dbname : ctx->cfg.base_conninfo;
	int ret = pg_connect(conninfo, out);

	if (ret != LECAP_OK)
		return ret;
	/* No lock is waited for longer than [base] attente_verrous: a reader's
	 * open transaction never hangs lecap (exit 3, the holder named). */
	ret = pg_set_lock_wait(*out, ctx->cfg.base_attente_verrous);
	if (ret != LECAP_OK) {
		pg_close(*out);
		*out = NULL;
	}
	return ret;
}

const char *command_arg(const struct command_args *args, const struct command *cmd, const char *name)
{
	for (int i = 0; cmd->options[i].name; i++)
		if (strcmp(cmd->options[i].name, name) == 0)
			return args->value[i];
	return NULL;
}

/* The argument getopt_long just refused: "-x" for a short option, else the
 * whole word (--frob, --all=1). */
static const char *refused_word(char **argv, char *buf, size_t size)
{
	if (optopt > 0 && optopt < 256) {
		snprintf(buf, size, "-%c", optopt);
		return buf;
	}
	return argv[optind - 1];
}

/* The one option parser: every command's options, from its table. */
static int parse_options(const struct command *cmd, int argc, char **argv, struct command_args *a)
{
	struct option longopts[COMMAND_MAX_OPTIONS + 1];
	char word[8];
	int n = 0, c;

	memset(a, 0, sizeof(*a));
	memset(longopts, 0, sizeof(longopts));
	for (; cmd->options[n].name && n < COMMAND_MAX_OPTIONS; n++) {
		longopts[n].name = cmd->options[n].name;
		longopts[n].has_arg = cmd->options[n].kind == OPT_FLAG ? no_argument : required_argument;
		longopts[n].val = 256 + n;
	}
	optind = 0; /* glibc: start again from argv[1] */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		const struct command_option *o;

		if (c == '?')
			return cmd_bad_option(cmd->name, refused_word(argv, word, sizeof(word)));
		o = &cmd->options[(c == ':' ? optopt : c) - 256];
		if (c == ':') {
			if (o->missing)
				log_error("%s", o->missing);
			else if (o->kind == OPT_CAMPAGNE)
				log_error("l'option --campagne attend une année");
			else
				log_error("l'option --%s attend une valeur", o->name);
			if (o->hint)
				log_hint("%s", o->hint);
			else
				log_hint("lecap %s --help liste ses options", cmd->name);
			return LECAP_USAGE;
		}
		a->value[c - 256] = o->kind == OPT_FLAG ? "" : optarg;
		if (o->kind == OPT_LIST && a->nlist < (int)(sizeof(a->list) / sizeof(a->list[0])))
			a->list[a->nlist++] = optarg;
		if (o->kind == OPT_CAMPAGNE && aggregate_parse_campagne(optarg, &a->campagne) != 0) {
			log_error("--%s attend une année entre 2000 et 2100 : « %s »", o->name, optarg);
			if (o->hint)
				log_hint("%s", o->hint);
			else
				log_hint("lecap %s --help liste ses options", cmd->name);
			return LECAP_USAGE;
		}
	}
	a->pos = argv + optind;
	a->npos = argc - optind;
	if (a->npos > 0 && !(cmd->flags & CMD_OPERANDS))
		return cmd_bad_option(cmd->name, a->pos[0]);
	return LECAP_OK;
}

/* 1 (rejected) is a finished run; anything else is a failure. */
static bool failed(int ret)
{
	return ret != LECAP_OK && ret != LECAP_REJECTED;
}

/* Parses, checks, sets up what the flags ask, runs, closes. */
static int run_command(struct lecap_ctx *ctx, const struct command *cmd, int argc, char **argv)
{
	struct command_args args;
	struct command_session s;
	bool locked = false;
	unsigned flags;
	int ret;

	memset(&s, 0, sizeof(s));
	current_command = cmd;
	ret = parse_options(cmd, argc, argv, &args);
	if (ret == LECAP_OK && cmd->check)
		ret = cmd->check(ctx, &args, &s);
	if (ret == LECAP_OK && (cmd->flags & CMD_REFERENTIEL))
		ret = ref_load(&ctx->cfg, &s.ref);
	if (ret == LECAP_OK && (cmd->flags & CMD_SIGNALS))
		signals_install();
	flags = cmd->flags & ~s.skip;
	if (ret == LECAP_OK && (flags & CMD_DB))
		ret = ctx_connect(ctx, &s.conn);
	/* One writing lecap at a time. */
	if (ret == LECAP_OK && (flags & CMD_LOCK)) {
		ret = runlock_acquire(s.conn, cmd->name);
		locked = ret == LECAP_OK;
	}
	/* A member's erasure interrupted after its commit: its files first
	 * (src/ingest/effacement.h); one that cannot go is said, and waits. */
	if (locked) {
		int erased;
		if (effacement_reprendre(s.conn, true, command_arg(&args, cmd, "dry-run") != NULL, &erased) !=
			    LECAP_OK &&
		    !pg_ok(s.conn))
			ret = LECAP_DB;
	}
	if (ret == LECAP_OK && cmd->prepare)
		ret = cmd->prepare(ctx, &args, &s);
	if (ret == LECAP_OK && (flags & CMD_JOURNAL))
		ret = journal_open(s.conn, cmd->name, &s.exec_id);
	if (ret == LECAP_OK)
		ret = cmd->fn(ctx, &args, &s);
	/* The journal line says how it ended, whatever the end. */
	if (s.exec_id && pg_ok(s.conn) && journal_close(s.conn, s.exec_id, &s.counts, ret) != LECAP_OK &&
	    !failed(ret))
		ret = LECAP_DB;
	if (locked)
		runlock_release(s.conn);
	pg_close(s.conn);
	ref_free(s.ref);
	return ret;
}

/* An error of the command line: the message, then where to look. */
static int usage_fail(const char *hint, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_fail(const char *hint, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("%s", msg);
	log_hint("%s", hint);
	return LECAP_USAGE;
}

/* The global options; *next receives the index of the command. */
static int parse_global(struct lecap_ctx *ctx, int argc, char **argv, const char **config_path, int *next,
			bool *done)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},     {"version", no_argument, NULL, 'V'},
		{"verbose", no_argument, NULL, 'v'},  {"quiet", no_argument, NULL, 'q'},
		{"config", required_argument, NULL, 'c'}, {"dbname", required_argument, NULL, 'd'},
		/* Not in --help: the build writes the manual page with it. */
		{"page-man", no_argument, NULL, 'M'}, {NULL, 0, NULL, 0},
	};
	char word[8];
	int c;

	*done = false;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hVvqc:d:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			print_help(stdout);
			*done = true;
			return LECAP_OK;
		case 'M': {
			const struct man_sources src = {commands, command_count, global_options_help,
							exit_codes_help};
			man_page_write(stdout, &src);
			*done = true;
			return LECAP_OK;
		}
		case 'V':
			printf("lecap %s\n", LECAP_VERSION);
			*done = true;
			return LECAP_OK;
		case 'v':
			log_set_level(LOG_LVL_DEBUG);
			break;
		case 'q':
			log_set_level(LOG_LVL_ERROR);
			break;
		case 'c':
			*config_path = optarg;
			break;
		case 'd':
			ctx->dbname = optarg;
			break;
		case ':':
			return usage_fail("lecap --help liste les options et les commandes",
					  "l'option %s attend une valeur", argv[optind - 1]);
		default:
			return usage_fail("lecap --help liste les options et les commandes",
					  "option globale inconnue : « %s »", refused_word(argv, word, sizeof(word)));
		}
	}
	*next = optind;
	return LECAP_OK;
}

/*
 * Every PDF stream that libharu compresses allocates and frees zlib's
 * deflate state (~270 KB, cleared by deflateReset), and each document frees
 * its few megabytes at its end. With glibc's default thresholds the heap
 * gave those pages back at every free (brk, or madvise in a worker's arena)
 * and faulted them in again at the next stream: a fifth of lecap's CPU in
 * the kernel (page faults, TLB shootdowns between the workers). Keep up to
 * 64 MiB of free heap and serve blocks under 8 MiB from it: the peak RSS
 * does not change (docs/performance.md, « Le tas gardé et le contenu des pages compressé par lecap »).
 */
static void tune_malloc(void)
{
	(void)mallopt(M_MMAP_THRESHOLD, 8 << 20);
	(void)mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

int main(int argc, char **argv)
{
	struct lecap_ctx ctx;
	const char *config_path = NULL;
	const struct command *cmd = NULL;
	bool done;
	int i = 1, ret;

	memset(&ctx, 0, sizeof(ctx));
	tune_malloc();
	cfg_init(&ctx.cfg);
	ret = parse_global(&ctx, argc, argv, &config_path, &i, &done);
	if (ret != LECAP_OK || done)
		goto cleanup;
	if (i >= argc) {
		ret = usage_fail("lecap --help liste les commandes", "%s", "aucune commande donnée");
		goto cleanup;
	}
	cmd = find_command(argv[i]);
	if (!cmd) {
		ret = usage_fail("lecap --help liste les commandes", "commande inconnue : « %s »", argv[i]);
		goto cleanup;
	}
	if (i + 1 < argc && (strcmp(argv[i + 1], "--help") == 0 || strcmp(argv[i + 1], "-h") == 0)) {
		char *help = command_help(cmd);

		printf("%s\n%s\n", help ? help : cmd->usage, cmd->summary);
		free(help);
		goto cleanup;
	}

	ret = cfg_load(&ctx.cfg, config_path);
	if (ret == LECAP_OK && ctx.cfg.journal_syslog)
		log_set_syslog(true);
	if (ret == LECAP_OK)
		ret = pg_conninfo_check(ctx.cfg.base_conninfo, "[base] conninfo");
	if (ret == LECAP_OK && pg_conninfo_has_password(ctx.cfg.base_conninfo)) {
		log_error("[base] conninfo contient un mot de passe : refusé");
		log_hint("placez le mot de passe dans ~/.pgpass, PGPASSFILE ou un fichier de service (PGSERVICE)");
		ret = LECAP_USAGE;
	}
	if (ret == LECAP_OK && ctx.dbname)
		ret = pg_conninfo_check(ctx.dbname, "option --dbname");
	if (ret == LECAP_OK)
		ret = run_command(&ctx, cmd, argc - i, argv + i);
cleanup:
	cfg_release(&ctx.cfg);
	log_set_syslog(false);
	return ret;
}
