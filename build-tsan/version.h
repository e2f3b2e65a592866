#define LECAP_VERSION "0.1.0"
