#ifndef SPECTRAKIT_CBLAS_STARTUP_H
#define SPECTRAKIT_CBLAS_STARTUP_H

// Nothing to call: this target only holds a load-time constructor (CBLASStartup.c) that starts a statically
// linked OpenBLAS single-threaded unless the user chose a thread count.

#endif
