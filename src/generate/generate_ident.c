/* SIRETs, raisons sociales and pseudonyms of the synthetic network. */
#include "generate/generate_ident.h"

#include "referentiel/siret.h"

#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

bool gen_ident_siret_valid(const char *siret)
{
	if (strlen(siret) != 14)
		return false;
	for (int i = 0; i < 14; i++)
		if (siret[i] < '0' || siret[i] > '9')
			return false;
	return siret_key_valid(siret);
}

/* SIREN bodies (8 digits, the 9th is the key) from 10000000 to 99999999:
 * no SIREN starting with 0. */
#define SIREN_FIRST 10000000ULL
#define SIREN_BODIES 90000000ULL
#define LAPOSTE_BODY 35600000ULL

void gen_ident_siret_space_init(struct gen_siret_space *sp, uint64_t seed)
{
	uint64_t st = seed ^ 0x51E7ULL;

	/* a coprime with 9*10^7 makes i -> a*i+b a bijection modulo 9*10^7. */
	do
		sp->a = gen_rng_splitmix64(&st) % SIREN_BODIES;
	while (sp->a % 2 == 0 || sp->a % 3 == 0 || sp->a % 5 == 0 || sp->a < 1000000);
	sp->b = gen_rng_splitmix64(&st) % SIREN_BODIES;
}

static uint64_t siren_body(const struct gen_siret_space *sp, uint64_t index)
{
	/* a < 10^8 and index < 10^8: the product fits in 64 bits. */
	uint64_t body = SIREN_FIRST + (sp->a * index + sp->b) % SIREN_BODIES;
	/* La Poste's SIREN follows another rule: give that body's holder the
	 * image of an index never used instead. */
	if (body == LAPOSTE_BODY)
		body = SIREN_FIRST + (sp->a * (SIREN_BODIES - 1) + sp->b) % SIREN_BODIES;
	return body;
}

void gen_ident_siret_make(const struct gen_siret_space *sp, uint64_t index, unsigned nic,
		    bool laposte, char out[15])
{
	if (laposte) {
		int sum = 3 + 5 + 6, d;
		snprintf(out, 15, "356000000%04u", (unsigned)(index % 10000));
		for (int i = 9; i < 13; i++)
			sum += out[i] - '0';
		d = (5 - sum % 5) % 5;
		out[13] = (char)('0' + d);
		out[14] = '\0';
		return;
	}
	snprintf(out, 15, "%08llu", (unsigned long long)siren_body(sp, index));
	out[8] = (char)('0' + siret_luhn_digit(out, 8));
	snprintf(out + 9, 6, "%04u", nic % 10000);
	out[13] = (char)('0' + siret_luhn_digit(out, 13));
	out[14] = '\0';
}

void gen_ident_siret_other_establishment(const char *siret, unsigned nic, char out[15])
{
	memcpy(out, siret, 9);
	snprintf(out + 9, 6, "%04u", nic % 10000);
	if (strncmp(out, "356000000", 9) == 0) {
		int sum = 0;
		for (int i = 0; i < 13; i++)
			sum += out[i] - '0';
		out[13] = (char)('0' + (5 - sum % 5) % 5);
	} else {
		out[13] = (char)('0' + siret_luhn_digit(out, 13));
	}
	out[14] = '\0';
}

/* ---- raisons sociales ---- */

static const char *const cores[] = {
	"Le Tremplin", "La Passerelle", "L'Envol", "Le Relais", "Trait d'Union",
	"L'Éclaircie", "Le Colibri", "La Boussole", "L'Archipel", "Le Ricochet",
	"Le Sillon", "Horizon Emploi", "Solid'Action", "Agir Ensemble", "Rebonds",
	"L'Atelier Partagé", "La Ressourcerie", "Les Jardins Solidaires",
	"Terre d'Avenir", "Chemins d'Emploi", "Cœur d'Ouvrage", "L’Escale",
	"Élan Solidaire", "La Fabrique à Projets", "Les Mains Vertes", "Réseau Entraide",
	"Le Pas de Côté", "La Navette", "Bâtir Ensemble", "L'Œuvre des Quartiers",
	"Emploi & Territoires", "La Clé des Champs", "L'Outil en Main", "Les Compagnons du Bocage",
	"Le Moulin", "Pôle Ressources", "Vélo-Cité", "La Recyclerie", "Accès Emploi", "Main-Forte",
};

static const char *const type_prefixes[][3] = {
	{"AI", "Association intermédiaire", "Association intermédiaire"},
	{"ACI", "Chantier d'insertion", "Atelier chantier d'insertion"},
	{"EI", "Entreprise d'insertion", "SCIC"},
	{"ETTI", "Intérim d'insertion", "ETTI"},
	{"GEIQ", "GEIQ BTP", "GEIQ Propreté"},
	{"EA", "Entreprise adaptée", "Entreprise adaptée"},
	{"SAP", "Services à la personne", "Services à domicile"},
	{"AUTRE", "Association", "Régie de quartier"},
};

struct region_places {
	const char *code;
	const char *places[5];
};

static const struct region_places places[] = {
	{"01", {"de Basse-Terre", "de Grande-Terre", "de Marie-Galante", NULL}},
	{"02", {"de Fort-de-France", "du Nord Caraïbe", "du Sud Martinique", NULL}},
	{"03", {"de Kourou", "du Maroni", "de l'Oyapock", NULL}},
	{"04", {"de Saint-Pierre", "des Hauts", "de Saint-Denis", NULL}},
	{"06", {"de Mamoudzou", "de Petite-Terre", NULL}},
	{"11", {"de Seine-Saint-Denis", "du Val-d'Oise", "de l'Essonne", "de Montreuil", NULL}},
	{"24", {"de Touraine", "de Sologne", "du Berry", "du Val de Loire", NULL}},
	{"27", {"du Haut-Doubs", "du Morvan", "de la Bresse", "du Pays dijonnais", NULL}},
	{"28", {"du Pays d'Auge", "du Cotentin", "du Pays de Caux", "du Bocage", NULL}},
	{"32", {"de l'Avesnois", "de Thiérache", "du Bassin minier", "du Boulonnais", NULL}},
	{"44", {"des Vosges", "des Ardennes", "d'Alsace du Nord", "du Pays messin", NULL}},
	{"52", {"de la Mayenne", "de Vendée", "du Pays nantais", "du Saumurois", NULL}},
	{"53", {"du Pays de Brest", "du Trégor", "du Pays de Redon", "des Côtes-d'Armor", NULL}},
	{"75", {"du Périgord", "du Limousin", "du Béarn", "du Pays basque", NULL}},
	{"76", {"des Cévennes", "du Lauragais", "du Pays catalan", "de l'Aveyron", NULL}},
	{"84", {"de la Drôme", "du Forez", "des Pays de Savoie", "de Haute-Loire", "du Beaujolais"}},
	{"93", {"du Pays d'Aix", "du Haut-Var", "de la Vallée de l'Ubaye", "de Marseille Nord", NULL}},
	{"94", {"de Balagne", "du Pays ajaccien", "de Castagniccia", NULL}},
};

static const char *pick_place(struct gen_rng *r, const char *region_code)
{
	for (size_t i = 0; i < COUNT(places); i++) {
		if (strcmp(places[i].code, region_code) != 0)
			continue;
		size_t n = 0;
		while (n < 5 && places[i].places[n])
			n++;
		return places[i].places[gen_rng_below(r, (uint32_t)n)];
	}
	return "des Territoires";
}

static const char *pick_prefix(struct gen_rng *r, const char *type_code)
{
	size_t t = COUNT(type_prefixes) - 1;

	for (size_t i = 0; i < COUNT(type_prefixes); i++)
		if (strcmp(type_prefixes[i][0], type_code) == 0)
			t = i;
	return type_prefixes[t][gen_rng_below(r, 3)];
}

void gen_ident_raison_sociale(struct gen_rng *r, const char *region_code, const char *type_code,
			char *out, size_t size)
{
	static const double forms[] = {30, 25, 15, 8, 6, 4, 4, 2, 6};
	const char *core = cores[gen_rng_below(r, COUNT(cores))];
	const char *place = pick_place(r, region_code);
	const char *prefix = pick_prefix(r, type_code);

	switch (gen_rng_weighted(r, forms, COUNT(forms))) {
	case 0:
		snprintf(out, size, "%s %s %s", prefix, core, place);
		break;
	case 1:
		snprintf(out, size, "%s %s", core, place);
		break;
	case 2:
		snprintf(out, size, "%s", core);
		break;
	case 3:
		snprintf(out, size, "%s « %s »", prefix, core);
		break;
	case 4:
		snprintf(out, size, "%s – %s", core, prefix);
		break;
	case 5: /* separators inside the field */
		snprintf(out, size, "%s, insertion et services %s", core, place);
		break;
	case 6:
		snprintf(out, size, "%s ; %s", core, prefix);
		break;
	case 7: /* pasted from a two-line letterhead */
		snprintf(out, size, "%s\n%s %s", prefix, core, place);
		break;
	default:
		snprintf(out, size, "%s \"%s\"", prefix, core);
		break;
	}
}

void gen_ident_pseudonym(unsigned style, unsigned salt, unsigned rank, char *out, size_t size)
{
	/* Opaque but unique: the rank is always part of it. */
	unsigned h = (salt * 2654435761u) ^ (rank * 40503u);

	switch (style % 4) {
	case 0:
		snprintf(out, size, "R%02u", rank + 1);
		break;
	case 1:
		snprintf(out, size, "rep-%03u-%c%c", rank + 1, 'a' + h % 26, 'a' + (h >> 8) % 26);
		break;
	case 2:
		snprintf(out, size, "anon%02u", rank + 1);
		break;
	default:
		snprintf(out, size, "%04x%02u", (h >> 4) & 0xffff, rank + 1);
		break;
	}
}
