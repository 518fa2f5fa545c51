#include "client/healthinfo.h"
int layeringClientAllowed() { return 0; }
