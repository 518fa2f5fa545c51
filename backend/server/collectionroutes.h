#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// /api/watchlist-collections (spec §2.5, §10.2): the virtual Default (id null) first, create
// (case-insensitive unique names, at most 50 characters, 201 with the id), delete (its stocks
// move to Default), a collection's stocks, add-stocks and move-stocks (a ticker stays unique
// per collection).
void addCollectionRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
