/* The SIRET's check key; see siret.h. */
#include "referentiel/siret.h"

#include <string.h>

int siret_luhn_digit(const char *digits, size_t n)
{
	int sum = 0;

	/* The digit next to the future check digit is doubled, then every
	 * other one leftwards. */
	for (size_t k = 0; k < n; k++) {
		int d = digits[n - 1 - k] - '0';
		if (k % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return (10 - sum % 10) % 10;
}

bool siret_key_valid(const char digits[14])
{
	int sum = 0;

	if (strncmp(digits, "356000000", 9) == 0) {
		for (int i = 0; i < 14; i++)
			sum += digits[i] - '0';
		return sum % 5 == 0;
	}
	return siret_luhn_digit(digits, 13) == digits[13] - '0';
}
