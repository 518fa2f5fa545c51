#include "backend/http/httplog.h"

namespace thetool::http {

Q_LOGGING_CATEGORY(lcHttp, "thetool.http")

} // namespace thetool::http
