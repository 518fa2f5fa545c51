#pragma once

#include <QLoggingCategory>

namespace thetool::http {

// thetool.http: access log and server life cycle. The logging step routes it to the
// structured logger; until then it goes through Qt's default handler.
Q_DECLARE_LOGGING_CATEGORY(lcHttp)

} // namespace thetool::http
