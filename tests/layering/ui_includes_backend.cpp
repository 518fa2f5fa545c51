// Must not compile: the console never includes backend internals.
#include "backend/core/buildinfo.h"
int layeringUiBackend() { return 0; }
