#pragma once

#include <QString>

namespace thetool::client {

// Why the embedded server is not running, said so a person can act on it. `detail` is the
// server's own line (from its "startup_failed" log record) or what the supervisor saw.
struct EmbeddedFailure {
    enum class Reason {
        None,
        ProgramMissing, // the server binary is not where the console expects it
        AlreadyRunning, // another console holds the data folder's lock
        PortInUse, // only with a fixed port: with port 0 the server picks a free one
        DataFolderNotWritable,
        DatabaseLocked,
        SchemaNewer,
        MigrationFailed,
        DiskFull,
        StartTimeout, // it neither listened nor failed in time
        Crashed, // it kept exiting; restarting did not help
        Other,
    };

    Reason reason = Reason::None;
    QString message; // the headline for the status bar and dialogs
    QString detail;

    bool isNone() const { return reason == Reason::None; }

    // The reason named in the server's "startup_failed" record ("port_in_use", ...).
    static Reason reasonFromServer(const QString &name);
    static QString reasonName(Reason reason);
    // The headline for `reason`; `dataPath` and `port` fill in the specifics.
    static QString describe(Reason reason, const QString &dataPath, quint16 port);
};

} // namespace thetool::client
