// Must not compile: thetool_analysis is standard C++ only.
#include <QString>
int layeringAnalysisQt() { return 0; }
