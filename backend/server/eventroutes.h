#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

class EventHub;
struct ServerContext;

// GET /api/events: Server-Sent Events of job_events (id: the database id, event: the type,
// data: the event's JSON); resumes after Last-Event-ID or ?after=, filters with ?job_id=.
// GET /api/events/poll?after=&limit=&job_id=: its polling twin. Read scope; the stream alone
// accepts ?api_key= (EventSource cannot send headers).
void addEventRoutes(http::Router &router, const ServerContext &context, EventHub &hub);

} // namespace thetool::server
