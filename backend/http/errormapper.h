#pragma once

#include "backend/http/apierror.h"
#include "backend/http/httpresponse.h"

#include <QString>

namespace thetool::http {

// The one place where errors become HTTP: ApiError → its status and the JSON envelope
// {"error": {"code", "message", "timestamp", "details"?}}; any other exception → 500
// carrying the request id (the details are logged, never sent).
class ErrorMapper
{
public:
    static HttpResponse toResponse(const ApiError &error);
    // Call from inside a catch block.
    static HttpResponse fromCurrentException(const QString &requestId);
    // Renders response.apiError (set by HttpResponse::error) into the envelope.
    static void render(HttpResponse &response);
};

} // namespace thetool::http
