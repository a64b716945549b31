// zstd's C API (Debian: libzstd-dev; pkg-config: libzstd).
#include <zstd.h>
#include <zstd_errors.h>
