#include "backend/analysis/rolling.h"
int layeringAnalysisAllowed() { return 0; }
