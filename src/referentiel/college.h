/*
 * The colleges of respondents (export contract, docs/format-exports.md):
 * their codes, in the one order every module uses (the generator, the
 * export reader, the reports' pivots), and their labels. The consensus row
 * comes after the five colleges: it is not a college of the reports.
 */
#ifndef LECAP_REFERENTIEL_COLLEGE_H
#define LECAP_REFERENTIEL_COLLEGE_H

enum college {
	COLLEGE_DIRECTION,
	COLLEGE_SALARIE_PERMANENT,
	COLLEGE_SALARIE_INSERTION,
	COLLEGE_BENEVOLE,
	COLLEGE_ADMINISTRATEUR,
	COLLEGE_CONSENSUS, /* the consensus row, after the five colleges */
};
/* The five colleges, consensus apart. */
#define COLLEGE_COUNT 5

/* "direction", "salarie_permanent", ..., "administrateur", then "consensus". */
extern const char *const college_codes[COLLEGE_COUNT + 1];
/* « Direction », « Salarié·e·s permanent·e·s »... (the reports' column heads). */
extern const char *const college_labels[COLLEGE_COUNT];

#endif
