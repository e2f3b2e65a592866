/*
 * bin/lecap: global options, configuration, dispatch to one command.
 *
 *   lecap [-c FILE] [-d CONNINFO] [-v | -q] COMMAND [options]
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command commands[] = {
	{"init", cmd_init, "crée ou met à jour le schéma et charge la grille du Cap",
	 "usage : lecap init\n\n"
	 "Crée le schéma lecap, applique les migrations de sql/ qui manquent, puis\n"
	 "charge la grille du Cap, les offres, les régions et les types de structure\n"
	 "désignés par [referentiel]. Relancer init sans changement n'applique rien.\n"},
	{"check", cmd_check, "vérifie des exports sans base de données",
	 "usage : lecap check FICHIER...\n\n"
	 "Vérifie chaque export (Réponses, Plan de progrès, Adhérents) contre la grille\n"
	 "et les fichiers de [referentiel], sans base de données. Chaque problème est\n"
	 "écrit sur la sortie standard : FICHIER:LIGNE:COLONNE: message (au plus 100\n"
	 "par fichier, puis leur nombre). Code 0 si tous sont valides, 1 sinon.\n"},
	{"ingest", cmd_ingest, "charge les exports de la boîte de réception",
	 "usage : lecap ingest [--reintegrer] [RÉPERTOIRE]\n\n"
	 "Charge chaque export du répertoire ([chemins] entree par défaut), une\n"
	 "transaction par fichier, puis le déplace : archive/<campagne>/ (intégré,\n"
	 "doublon, obsolète) ou quarantaine/ avec FICHIER.erreurs.txt (rejeté).\n"
	 "Un fichier retiré par lecap retirer et déposé de nouveau est rejeté, sauf\n"
	 "avec --reintegrer, qui l'intègre comme un fichier nouveau.\n"
	 "Code 1 si un fichier est rejeté, 3 si la base échoue, 5 si un répertoire\n"
	 "ne peut être lu ou écrit.\n"},
	{"aggregate", cmd_aggregate, "calcule les scores et les agrégats du réseau",
	 "usage : lecap aggregate [--campagne ANNÉE | --all]\n\n"
	 "Recalcule dans PostgreSQL les scores des entreprises et les agrégats du\n"
	 "réseau des campagnes qui ont changé depuis le dernier calcul, une\n"
	 "transaction par campagne ([agregats] completude_min et seuil_secret).\n"
	 "  --campagne ANNÉE  cette campagne, puis les suivantes devenues périmées\n"
	 "  --all             toutes les campagnes\n"
	 "Voir docs/analystes.md pour les vues que lisent les analystes.\n"},
	{"report", cmd_report, "produit les rapports PDF",
	 "usage : lecap report [--campagne ANNÉE] [--region CODE | --national | --entreprise SIRET | --all] [--out RÉP]\n\n"
	 "Produit les rapports PDF d'une campagne agrégée (par défaut la dernière\n"
	 "campagne évaluée) dans [chemins] rapports, ou RÉP avec --out :\n"
	 "  RÉP/ANNÉE/national.pdf                        le rapport national\n"
	 "  RÉP/ANNÉE/regions/CODE-nom.pdf                un rapport par région évaluée\n"
	 "  RÉP/ANNÉE/entreprises/RÉGION/SIRET.pdf        la photographie de chaque adhérent\n"
	 "Sans --region, --national ni --entreprise : tous (--all) ; [rapports]\n"
	 "entreprises = non retire les photographies de --all. Chaque fichier est\n"
	 "écrit sous un nom temporaire puis renommé (0640).\n"},
	{"run", cmd_run, "le traitement de nuit : init, ingest, aggregate, report",
	 "usage : lecap run [--all]\n\n"
	 "Le traitement de nuit, sous un verrou (une seule exécution à la fois, une\n"
	 "seconde sort avec le code 4) et consigné dans lecap.execution : applique\n"
	 "les migrations et charge la grille (init), intègre la boîte de réception\n"
	 "(ingest), recalcule les campagnes qui ont changé (aggregate), produit les\n"
	 "rapports dont le contenu a changé (report).\n"
	 "  --all   produire tous les rapports, même inchangés\n"
	 "SIGTERM ou SIGINT : le fichier en cours est terminé ou annulé, code 5.\n"},
	{"recipients", cmd_recipients, "gère les destinataires des rapports par courriel",
	 "usage : lecap recipients add RÉGION ADRESSE [NOM]\n"
	 "       lecap recipients remove RÉGION ADRESSE\n"
	 "       lecap recipients list\n"
	 "       lecap recipients load FICHIER.csv\n\n"
	 "RÉGION est le code INSEE d'une région (ex. 84), qui reçoit son rapport régional,\n"
	 "ou FR, qui reçoit le rapport national. add ajoute un destinataire (ou réactive\n"
	 "et renomme un destinataire existant) ; remove le désactive : il ne reçoit plus\n"
	 "rien, l'historique de ses envois est gardé ; list les affiche tous ; load lit\n"
	 "un fichier UTF-8 de lignes region;email;nom[;actif] (actif : oui ou non, oui\n"
	 "par défaut ; une ligne d'en-tête facultative) : tout ou rien, chaque erreur\n"
	 "est donnée avec sa ligne.\n"},
	{"send", cmd_send, "envoie par courriel les rapports qui ont changé",
	 "usage : lecap send [--campagne ANNÉE] [--region CODE] [--dry-run [--out RÉP]]\n\n"
	 "Envoie à chaque destinataire actif le rapport de sa région (le rapport national\n"
	 "pour FR) de la campagne (par défaut la dernière qui a des rapports), quand ce\n"
	 "rapport a changé depuis le dernier envoi réussi. Les échecs sont journalisés\n"
	 "dans lecap.envoi et réessayés à l'exécution suivante (code de sortie 1).\n"
	 "  --campagne ANNÉE  cette campagne\n"
	 "  --region CODE     ce seul code de région (ou FR)\n"
	 "  --dry-run         écrit les messages (.eml) au lieu de les envoyer, dans\n"
	 "                    RAPPORTS/ANNÉE/envois/ ou --out RÉP ; n'enregistre rien\n"
	 "Serveur et expéditeur : section [diffusion] de lecap.conf.\n"},
	{"acces", cmd_acces, "donne et retire l'accès des délégué·e·s et analystes à la base",
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
	 "lecteurs, leur rôle, leurs régions et leurs limites. Voir docs/analystes.md.\n"},
	{"status", cmd_status, "état de la base, des rapports et de la quarantaine",
	 "usage : lecap status\n\n"
	 "Affiche les dernières exécutions (journal lecap.execution), ce que la base\n"
	 "contient par campagne et région, et les fichiers en quarantaine avec leur\n"
	 "premier motif de rejet (le détail est dans FICHIER.erreurs.txt).\n"},
	{"retirer", cmd_retirer, "retire une évaluation et son plan de la base",
	 "usage : lecap retirer --siret SIRET --campagne ANNÉE [--motif TEXTE] [--dry-run]\n\n"
	 "Retire de la base, en une transaction, l'évaluation et le plan de progrès de\n"
	 "l'adhérent SIRET pour la campagne ANNÉE, avec leurs répondants, réponses et\n"
	 "actions. Le journal lecap.retrait garde qui, quand et pourquoi ; la campagne\n"
	 "est recalculée à la prochaine exécution (lecap run), qui redessine et renvoie\n"
	 "ce qui a changé ; la photographie de l'adhérent pour cette campagne est\n"
	 "supprimée. Les fichiers d'où venaient les données restent dans l'archive,\n"
	 "marqués retirés : déposé de nouveau, un tel fichier est refusé (quarantaine),\n"
	 "sauf avec lecap ingest --reintegrer. Relancer la commande ne retire rien de plus.\n"
	 "  --siret SIRET     l'adhérent (14 chiffres)\n"
	 "  --campagne ANNÉE  la campagne\n"
	 "  --motif TEXTE     pourquoi (gardé dans lecap.retrait)\n"
	 "  --dry-run         dit ce qui serait retiré, sans rien modifier\n"},
	{"quarantaine", cmd_quarantaine, "liste la quarantaine par motif, y reprend des fichiers",
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
	 "la boîte de réception laisse le fichier en quarantaine (code 5).\n"
	 "  --tous         tous les fichiers de la quarantaine\n"
	 "  --motif MOTIF  avec --tous : seulement ceux dont un motif contient MOTIF\n"},
	{"sauvegarder", cmd_sauvegarder, "sauvegarde la base et les répertoires, ensemble",
	 "usage : lecap sauvegarder --out RÉP\n\n"
	 "Écrit dans RÉP/lecap-AAAAMMJJTHHMMSSZ/ une sauvegarde cohérente, prise sous le\n"
	 "verrou d'exécution (aucun lecap n'écrit pendant ce temps) : base.dump (pg_dump\n"
	 "-Fc de la base), entree.tar, archive.tar, quarantaine.tar, rapports.tar\n"
	 "([chemins]) et MANIFESTE. La base et l'archive vont ensemble : la règle « déjà\n"
	 "reçu » a besoin des deux. Écrite sous un nom .partiel puis renommée : une\n"
	 "sauvegarde interrompue n'est jamais prise pour complète. Restauration :\n"
	 "docs/exploitation.md, « Sauvegarder et restaurer ».\n"},
	{"purger", cmd_purger, "efface toutes les données d'un adhérent",
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
	 "puis ses fichiers de la boîte de réception, de l'archive et de la quarantaine\n"
	 "(avec leurs motifs), puis ses photographies. Dit ce qui a été effacé ; ses\n"
	 "campagnes sont recalculées à la prochaine exécution. Relancer la commande\n"
	 "n'efface rien de plus.\n"
	 "  --siret SIRET  l'adhérent (14 chiffres)\n"
	 "  --dry-run      dit ce qui serait effacé, sans rien effacer\n"},
	{"generate", cmd_generate, "écrit un réseau synthétique d'exports",
	 "usage : lecap generate --entreprises N [--campagnes 2024-2026] [--graine S] [--defauts P] --out RÉP\n\n"
	 "Écrit dans RÉP, sans base de données, les exports qu'enverrait un réseau de N\n"
	 "adhérents : pour chaque entreprise et chaque campagne où elle s'évalue, un\n"
	 "fichier Réponses et le plus souvent un Plan de progrès, quelques réexports\n"
	 "corrigés (-v2), et adherents.csv. Même graine, mêmes octets.\n\n"
	 "  --entreprises N   nombre d'adhérents (1 à 10000000)\n"
	 "  --campagnes A-B   années de campagne (défaut 2024-2026), ou une seule année\n"
	 "  --graine S        graine du générateur (défaut 1)\n"
	 "  --defauts P       part des fichiers porteurs d'un défaut (0 à 1, défaut 0),\n"
	 "                    listés dans RÉP/.defauts.txt\n"
	 "  --out RÉP         répertoire de sortie, créé au besoin\n"},
};
static const size_t command_count = sizeof(commands) / sizeof(commands[0]);

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

int cmd_not_yet(struct lecap_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	log_error("la commande %s n'est pas encore disponible dans cette version", argv[0]);
	return LECAP_USAGE;
}

int ctx_connect(struct lecap_ctx *ctx, pg_conn **out)
{
	const char *conninfo = ctx->dbname ? ctx->dbname : ctx->cfg.base_conninfo;
	return pg_connect(conninfo, out);
}

/* Value of an option given as "--opt VALUE" or "--opt=VALUE". */
static const char *option_value(int argc, char **argv, int *i, const char *shortopt,
				const char *longopt, bool *matched)
{
	const char *a = argv[*i];
	size_t n = strlen(longopt);

	*matched = false;
	if (strcmp(a, shortopt) == 0 || strcmp(a, longopt) == 0) {
		*matched = true;
		if (*i + 1 >= argc)
			return NULL;
		return argv[++*i];
	}
	if (strncmp(a, longopt, n) == 0 && a[n] == '=') {
		*matched = true;
		return a + n + 1;
	}
	if (strncmp(a, shortopt, 2) == 0 && a[2] != '\0' && shortopt[1] != '-') {
		*matched = true;
		return a + 2;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct lecap_ctx ctx;
	const char *config_path = NULL;
	const struct command *cmd;
	int i, ret;

	memset(&ctx, 0, sizeof(ctx));
	cfg_init(&ctx.cfg);

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *v;
		bool m;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			print_help(stdout);
			cfg_release(&ctx.cfg);
			return LECAP_OK;
		}
		/* Not in --help: the build writes the manual page with it. */
		if (strcmp(a, "--page-man") == 0) {
			const struct man_sources src = {commands, command_count, global_options_help,
							exit_codes_help};
			man_page_write(stdout, &src);
			cfg_release(&ctx.cfg);
			return LECAP_OK;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("lecap %s\n", LECAP_VERSION);
			cfg_release(&ctx.cfg);
			return LECAP_OK;
		}
		if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			log_set_level(LOG_LVL_DEBUG);
			continue;
		}
		if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			log_set_level(LOG_LVL_ERROR);
			continue;
		}
		v = option_value(argc, argv, &i, "-c", "--config", &m);
		if (m) {
			if (!v)
				goto missing_value;
			config_path = v;
			continue;
		}
		v = option_value(argc, argv, &i, "-d", "--dbname", &m);
		if (m) {
			if (!v)
				goto missing_value;
			ctx.dbname = v;
			continue;
		}
		log_error("option globale inconnue : « %s »", a);
		log_hint("lecap --help liste les options et les commandes");
		cfg_release(&ctx.cfg);
		return LECAP_USAGE;
missing_value:
		log_error("l'option %s attend une valeur", a);
		log_hint("lecap --help liste les options et les commandes");
		cfg_release(&ctx.cfg);
		return LECAP_USAGE;
	}
	if (i >= argc) {
		log_error("aucune commande donnée");
		log_hint("lecap --help liste les commandes");
		cfg_release(&ctx.cfg);
		return LECAP_USAGE;
	}
	cmd = find_command(argv[i]);
	if (!cmd) {
		log_error("commande inconnue : « %s »", argv[i]);
		log_hint("lecap --help liste les commandes");
		cfg_release(&ctx.cfg);
		return LECAP_USAGE;
	}
	if (i + 1 < argc && (strcmp(argv[i + 1], "--help") == 0 || strcmp(argv[i + 1], "-h") == 0)) {
		printf("%s\n%s\n", cmd->usage, cmd->summary);
		cfg_release(&ctx.cfg);
		return LECAP_OK;
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
		ret = cmd->fn(&ctx, argc - i, argv + i);
	cfg_release(&ctx.cfg);
	log_set_syslog(false);
	return ret;
}
