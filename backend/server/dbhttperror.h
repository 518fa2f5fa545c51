#pragma once

#include "backend/db/dberror.h"
#include "backend/http/apierror.h"

namespace thetool::server {

// The one place a database error becomes an HTTP answer: unavailable or timed out →
// 503 with Retry-After (the client may try again), constraints → 409, anything else →
// 500 without the driver's text (it can carry SQL or names).
// `conflictMessage`, when given, replaces the generic text of a unique violation (the
// route knows which record already exists; the driver's text is never shown).
http::ApiError toApiError(const db::DbError &error, const QString &conflictMessage = {});

// Throws toApiError(error) when `error` is set; handlers call it after database work.
void throwIfFailed(const db::DbError &error, const QString &conflictMessage = {});

} // namespace thetool::server
