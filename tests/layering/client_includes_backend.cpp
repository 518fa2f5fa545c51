// Must not compile: the client talks to servers over HTTP only.
#include "backend/core/buildinfo.h"
int layeringClientBackend() { return 0; }
