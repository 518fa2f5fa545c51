#include "client/local/embeddedfailure.h"

#include <QDir>

namespace thetool::client {

namespace {

struct ReasonName {
    EmbeddedFailure::Reason reason;
    const char *name;
};

using R = EmbeddedFailure::Reason;

// The server's names (backend/server/startupfailure.cpp) and the supervisor's own.
constexpr ReasonName reasonNames[] = {
    {R::None, "none"},
    {R::ProgramMissing, "program_missing"},
    {R::AlreadyRunning, "already_running"},
    {R::PortInUse, "port_in_use"},
    {R::DataFolderNotWritable, "data_folder_not_writable"},
    {R::DatabaseLocked, "database_locked"},
    {R::SchemaNewer, "schema_newer"},
    {R::MigrationFailed, "migration_failed"},
    {R::DiskFull, "disk_full"},
    {R::StartTimeout, "start_timeout"},
    {R::Crashed, "crashed"},
    {R::Other, "other"},
};

} // namespace

EmbeddedFailure::Reason EmbeddedFailure::reasonFromServer(const QString &name)
{
    for (const ReasonName &entry : reasonNames) {
        if (name == QLatin1String(entry.name))
            return entry.reason;
    }
    return Reason::Other;
}

QString EmbeddedFailure::reasonName(Reason reason)
{
    for (const ReasonName &entry : reasonNames) {
        if (entry.reason == reason)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("other");
}

QString EmbeddedFailure::describe(Reason reason, const QString &dataPath, quint16 port)
{
    const QString folder = QDir::toNativeSeparators(dataPath);
    switch (reason) {
    case Reason::None:
        return {};
    case Reason::ProgramMissing:
        return QStringLiteral("The local server program could not be started (is TheTool fully installed?)");
    case Reason::AlreadyRunning:
        return QStringLiteral("Another TheTool console is already using the data folder %1").arg(folder);
    case Reason::PortInUse:
        return QStringLiteral("Port %1 is already in use by another program: free it or choose another port")
            .arg(port);
    case Reason::DataFolderNotWritable:
        return QStringLiteral("The data folder %1 is not writable").arg(folder);
    case Reason::DatabaseLocked:
        return QStringLiteral("The local database in %1 is locked by another program").arg(folder);
    case Reason::SchemaNewer:
        return QStringLiteral(
            "The local database was created by a newer TheTool: upgrade TheTool to open it");
    case Reason::MigrationFailed:
        return QStringLiteral("The local database could not be prepared (migration failed)");
    case Reason::DiskFull:
        return QStringLiteral("The disk holding %1 is full").arg(folder);
    case Reason::StartTimeout:
        return QStringLiteral("The local server did not start in time");
    case Reason::Crashed:
        return QStringLiteral("The local server keeps stopping unexpectedly");
    case Reason::Other:
        break;
    }
    return QStringLiteral("The local server could not start");
}

} // namespace thetool::client
