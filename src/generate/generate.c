/* `lecap generate`: the loop over members and campaigns (generate.h). */
#include "generate/generate.h"

#include "base/dirs.h"
#include "io/csvwrite.h"
#include "base/exitcode.h"
#include "generate/generate_files.h"
#include "generate/generate_model.h"
#include "generate/generate_rng.h"
#include "base/log.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Seeds the defect streams apart from the members' streams. */
#define DEFECT_SALT 0xD3FA075ULL

/* mkdir -p (mode 0755 under the umask) */
static int make_dir(const char *path)
{
	char failed[PATH_MAX];

	if (dirs_make(path, 0755, 0, failed, sizeof(failed)) == 0)
		return LECAP_OK;
	if (errno == ENOMEM)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	log_error("%s : création du répertoire impossible : %s", failed, strerror(errno));
	log_hint("choisissez avec --out un répertoire où lecap peut écrire");
	return LECAP_IO;
}

struct run {
	const struct gen_options *opt;
	struct gen_stats *stats;
	gen_model *model;
	gen_files *files;
	csv_writer *defauts;
	char path[4096];
	char detail[512];
};

/* The defect of one file: its own stream, keyed by member and slot. */
static enum gen_defect draw_defect(struct run *run, uint64_t index, unsigned slot, bool plan,
				   struct gen_rng *dr)
{
	gen_rng_init(dr, run->opt->graine ^ DEFECT_SALT, index * 1024 + slot);
	if (run->opt->defauts <= 0 || !gen_rng_chance(dr, run->opt->defauts))
		return GEN_DEF_NONE;
	return gen_files_defect_draw(dr, plan);
}

static void note_defect(struct run *run, const char *name, enum gen_defect def)
{
	if (def == GEN_DEF_NONE)
		return;
	csvw_field(run->defauts, name);
	csvw_field(run->defauts, gen_files_defect_name(def));
	csvw_field(run->defauts, run->detail);
	csvw_end_row(run->defauts);
	run->stats->defauts++;
}

static int write_pair(struct run *run, const struct gen_enterprise *e,
		      const struct gen_evaluation *ev, const struct gen_style *st, unsigned slot,
		      bool plan_too, const char *suffix)
{
	size_t dirlen = strlen(run->opt->out);
	struct gen_rng dr;
	enum gen_defect def;
	int ret;

	snprintf(run->path, sizeof(run->path), "%s/reponses-%s-%d%s.csv", run->opt->out, e->siret,
		 ev->campagne, suffix);
	def = draw_defect(run, e->index, slot, false, &dr);
	ret = gen_files_write_reponses(run->files, run->path, e, ev, st, def, &dr, run->detail,
				 sizeof(run->detail), &run->stats->cellules);
	if (ret != LECAP_OK)
		return ret;
	run->stats->fichiers++;
	note_defect(run, run->path + dirlen + 1, def);
	if (!plan_too)
		return LECAP_OK;

	snprintf(run->path, sizeof(run->path), "%s/plan-%s-%d%s.csv", run->opt->out, e->siret,
		 ev->campagne, suffix);
	def = draw_defect(run, e->index, slot + 1, true, &dr);
	ret = gen_files_write_plan(run->files, run->path, e, ev, st, def, &dr, run->detail,
			     sizeof(run->detail));
	if (ret != LECAP_OK)
		return ret;
	run->stats->fichiers++;
	note_defect(run, run->path + dirlen + 1, def);
	return LECAP_OK;
}

int gen_run(const ref_set *ref, const struct gen_options *opt, struct gen_stats *stats)
{
	static const struct csvw_style list_style = {CSVW_UTF8, ';', false, false};
	struct run run = {.opt = opt, .stats = stats};
	csv_writer *adherents = NULL;
	int ret, ret2;

	memset(stats, 0, sizeof(*stats));
	if (strlen(opt->out) > 3000)
		return log_fail(LECAP_USAGE, "chemin de sortie trop long : %s", opt->out);
	ret = make_dir(opt->out);
	if (ret != LECAP_OK)
		return ret;
	ret = gen_model_new(ref, opt->graine, &run.model);
	if (ret != LECAP_OK)
		return ret;
	gen_model_set_plan_effect(run.model, opt->effet_plan);
	if (opt->reference[0])
		gen_model_set_reference(run.model, opt->reference[0], opt->reference[1], opt->reference[2]);
	ret = gen_files_new(run.model, &run.files);
	if (ret != LECAP_OK)
		goto cleanup;

	snprintf(run.path, sizeof(run.path), "%s/adherents.csv", opt->out);
	ret = gen_files_adherents_open(run.path, &adherents);
	if (ret != LECAP_OK)
		goto cleanup;
	snprintf(run.path, sizeof(run.path), "%s/.defauts.txt", opt->out);
	ret = csvw_open(run.path, &list_style, &run.defauts);
	if (ret != LECAP_OK)
		goto cleanup;
	csvw_field(run.defauts, "fichier");
	csvw_field(run.defauts, "defaut");
	csvw_field(run.defauts, "detail");
	csvw_end_row(run.defauts);

	for (uint64_t i = 0; i < opt->entreprises && ret == LECAP_OK; i++) {
		struct gen_enterprise *e = gen_model_enterprise_draw(run.model, i);

		gen_files_adherents_row(adherents, e);
		stats->entreprises++;
		for (int y = opt->campagne_debut; y <= opt->campagne_fin && ret == LECAP_OK; y++) {
			struct gen_evaluation *ev = gen_model_campaign(run.model, e, y);
			unsigned slot = (unsigned)(y - opt->campagne_debut) * 4;
			struct gen_style st;

			if (!ev)
				continue;
			stats->evaluations++;
			gen_files_style_draw(&e->rng, &st);
			ret = write_pair(&run, e, ev, &st, slot, ev->has_plan, "");
			if (ret != LECAP_OK || !ev->reexport)
				continue;
			gen_model_reexport(run.model, e, ev);
			stats->reexports++;
			ret = write_pair(&run, e, ev, &st, slot + 2,
					 ev->has_plan && gen_rng_chance(&e->rng, 0.5), "-v2");
		}
	}
cleanup:
	ret2 = csvw_close(adherents);
	if (ret == LECAP_OK)
		ret = ret2;
	ret2 = csvw_close(run.defauts);
	if (ret == LECAP_OK)
		ret = ret2;
	gen_files_free(run.files);
	gen_model_free(run.model);
	return ret;
}
