/* libFuzzer harness for the configuration reader (src/base/config.c). */
#include <stddef.h>
#include <stdint.h>

#include "base/config.h"
#include "base/exitcode.h"
#include "base/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lecap_config cfg;

	log_set_level(LOG_LVL_ERROR);
	log_set_timestamps(0);
	cfg_init(&cfg);
	LECAP_STATUS_IGNORED(cfg_read_buffer(&cfg, "fuzz", (const char *)data, size)); /* any outcome */
	cfg_release(&cfg);
	log_capture_reset();
	return 0;
}
