#pragma once

// qcustomplot.h uses the Qt keywords (signals, slots, emit, foreach) that the project's
// strict defines (QT_NO_KEYWORDS, QT_NO_FOREACH) turn off: map them for this header only.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach(variable, container) for (variable : container)
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
