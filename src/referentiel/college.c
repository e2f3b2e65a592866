/* The colleges of respondents; see college.h. */
#include "referentiel/college.h"

const char *const college_codes[COLLEGE_COUNT + 1] = {
	[COLLEGE_DIRECTION] = "direction",
	[COLLEGE_SALARIE_PERMANENT] = "salarie_permanent",
	[COLLEGE_SALARIE_INSERTION] = "salarie_insertion",
	[COLLEGE_BENEVOLE] = "benevole",
	[COLLEGE_ADMINISTRATEUR] = "administrateur",
	[COLLEGE_CONSENSUS] = "consensus",
};

const char *const college_labels[COLLEGE_COUNT] = {
	[COLLEGE_DIRECTION] = "Direction",
	[COLLEGE_SALARIE_PERMANENT] = "Salarié·e·s permanent·e·s",
	[COLLEGE_SALARIE_INSERTION] = "Salarié·e·s en insertion",
	[COLLEGE_BENEVOLE] = "Bénévoles",
	[COLLEGE_ADMINISTRATEUR] = "Administrateur·rice·s",
};
