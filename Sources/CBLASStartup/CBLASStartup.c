// OpenBLAS starts its worker threads in a load-time constructor, sized from OPENBLAS_NUM_THREADS (or
// GOTO_NUM_THREADS, OMP_NUM_THREADS, else the core count). SpectraKit calls BLAS single-threaded from its own
// workers (see ComputeThreads.swift) and raises OpenBLAS's count only around a few large products, which
// openblas_set_num_threads does by starting threads then. A worker started at load time is pure cost for a short
// command: about 2 ms of a 7 ms `spectra convert` (benchmarks/README.md, "JCAMP-DX").
//
// This constructor has priority 101, so in a statically linked `spectra` it runs before OpenBLAS's own (which
// has none). When the user has set none of the three variables, it initialises OpenBLAS itself with
// OPENBLAS_NUM_THREADS=1 and then puts the process's environment back exactly as it was: the variable is not
// left behind for child processes, and `environ` again points at the array on the initial stack, from which the
// Swift runtime finds argv (stdlib CommandLine.cpp, ArgvGrabber: it walks back from `environ`, so a moved
// environment would lose the command line). OpenBLAS's own constructor then finds it initialised and returns.
// In a dynamically linked binary libopenblas.so is initialised before the executable, so the call below returns
// at once and nothing changes; `spectra` stops the idle threads in main there instead.
#include <stdlib.h>
#include "CBLASStartup.h"

extern char **environ;
extern void gotoblas_init(void) __attribute__((weak)); // OpenBLAS's initialiser (driver/others/memory.c)

__attribute__((constructor(101))) static void spectrakit_start_blas_single_threaded(void) {
    if (!gotoblas_init) return;
    if (getenv("OPENBLAS_NUM_THREADS") || getenv("GOTO_NUM_THREADS") || getenv("OMP_NUM_THREADS")) return;
    char **original = environ;
    if (setenv("OPENBLAS_NUM_THREADS", "1", 1) != 0) return;
    gotoblas_init();
    environ = original; // the copy setenv made (and its one string) stay allocated: a few bytes, once
}
