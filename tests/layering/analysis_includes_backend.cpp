// Must not compile: the analysis layer knows nothing of the rest of the backend.
#include "backend/core/buildinfo.h"
int layeringAnalysisBackend() { return 0; }
