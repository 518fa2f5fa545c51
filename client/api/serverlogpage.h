#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QUrlQuery>

#include <optional>

namespace thetool::client {

// One record of the server's in-memory log (GET /api/logs).
struct LogLine {
    qint64 id = 0;
    QString cursor; // "<instance>/<boot>:<seq>"
    QDateTime timestamp;
    QString level; // debug, info, warning, error
    QString logger;
    QString message;
    QString requestId;
    QString correlationId;
    QString jobId;
    QJsonObject fields; // the whole record, for any further fields
};

// What to ask GET /api/logs for. Empty fields are not sent.
struct LogQuery {
    QString after; // a cursor of this instance and run
    QString level; // the lowest level shown
    QString correlationId;
    int limit = 0; // 0: the server's default (200)

    QUrlQuery toQuery() const;
};

struct ServerLogPage {
    QString instance;
    QList<LogLine> records; // oldest first
    QString nextAfter;
    bool hasMore = false;
    qint64 dropped = 0;

    static std::optional<ServerLogPage> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client

Q_DECLARE_METATYPE(thetool::client::LogLine)
