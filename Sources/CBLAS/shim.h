// OpenBLAS's CBLAS interface (Debian: libopenblas-dev; pkg-config: openblas).
#include <cblas.h>

// OpenBLAS (threaded builds): stops the worker threads; the next threaded call starts them again.
int blas_thread_shutdown_(void);
