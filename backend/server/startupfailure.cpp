#include "backend/server/startupfailure.h"

#include <QDir>
#include <QFile>
#include <QTemporaryFile>

#include <cerrno>
#include <cstring>

#include "backend/db/dberror.h"

namespace thetool::server {

QString startupFailureName(StartupFailure failure)
{
    switch (failure) {
    case StartupFailure::PortInUse:
        return QStringLiteral("port_in_use");
    case StartupFailure::DataFolderNotWritable:
        return QStringLiteral("data_folder_not_writable");
    case StartupFailure::DatabaseLocked:
        return QStringLiteral("database_locked");
    case StartupFailure::SchemaNewer:
        return QStringLiteral("schema_newer");
    case StartupFailure::MigrationFailed:
        return QStringLiteral("migration_failed");
    case StartupFailure::DiskFull:
        return QStringLiteral("disk_full");
    case StartupFailure::Other:
        break;
    }
    return QStringLiteral("other");
}

std::optional<StartupFailure> probeDataFolder(const QString &path, qint64 probeBytes, QString *message)
{
    if (!QDir().mkpath(path)) {
        *message = QStringLiteral("DATA_PATH: cannot create %1").arg(path);
        return StartupFailure::DataFolderNotWritable;
    }
    QTemporaryFile probe(QDir(path).filePath(QStringLiteral(".write-probe-XXXXXX")));
    if (!probe.open()) {
        *message = QStringLiteral("DATA_PATH: cannot write in %1: %2").arg(path, probe.errorString());
        return StartupFailure::DataFolderNotWritable;
    }
    // QFile reports errno's text only; the number decides between "full" and "refused".
    const QByteArray block(64 * 1024, '\0');
    for (qint64 written = 0; written < probeBytes; written += block.size()) {
        errno = 0;
        if (probe.write(block) != block.size() || !probe.flush()) {
            const int code = errno;
            const QString reason = code ? QString::fromLocal8Bit(std::strerror(code)) : probe.errorString();
            *message = QStringLiteral("DATA_PATH: cannot write in %1: %2").arg(path, reason);
            const bool full = code == ENOSPC || code == EFBIG || code == EDQUOT
                || reason.contains(QLatin1String("No space left"))
                || reason.contains(QLatin1String("too large"));
            return full ? StartupFailure::DiskFull : StartupFailure::DataFolderNotWritable;
        }
    }
    return std::nullopt;
}

StartupFailure classifyDatabaseFailure(const db::DbError &error, bool schemaNewer)
{
    if (schemaNewer)
        return StartupFailure::SchemaNewer;
    bool numeric = false;
    const int primary = error.sqlState.toInt(&numeric) & 0xff;
    const QString &text = error.message;
    // SQLite: 5 BUSY, 6 LOCKED, 13 FULL; the open path may carry only the message.
    if ((numeric && (primary == 5 || primary == 6)) || text.contains(QLatin1String("database is locked"))
        || text.contains(QLatin1String("database table is locked")))
        return StartupFailure::DatabaseLocked;
    if ((numeric && primary == 13) || text.contains(QLatin1String("disk is full"))
        || text.contains(QLatin1String("No space left on device")))
        return StartupFailure::DiskFull;
    if (numeric && primary == 14) // SQLITE_CANTOPEN: the folder or the file refuses us
        return StartupFailure::DataFolderNotWritable;
    return StartupFailure::MigrationFailed;
}

StartupFailure classifyListenFailure(const QString &message)
{
    return message.contains(QLatin1String("in use"), Qt::CaseInsensitive) ? StartupFailure::PortInUse
                                                                          : StartupFailure::Other;
}

} // namespace thetool::server
