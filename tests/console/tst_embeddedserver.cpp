// The embedded-server supervisor against the real `thetool serve --embedded` (acceptance 2 of
// issue 18): it starts and answers, a killed server is restarted and answers again, a stop is
// clean, and each start failure is provoked for real and named specifically.
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

#include "client/local/embeddedserver.h"

using thetool::client::EmbeddedFailure;
using thetool::client::EmbeddedServer;

namespace {

constexpr int startTimeoutMs = 60000;

// GET on the embedded server; the HTTP status, or 0 when nothing answered.
int httpStatus(const QUrl &base, const QString &path, const QString &key = {})
{
    QNetworkAccessManager manager;
    QNetworkRequest request(base.resolved(QUrl(path)));
    if (!key.isEmpty())
        request.setRawHeader("X-API-Key", key.toUtf8());
    request.setTransferTimeout(10000);
    QNetworkReply *reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

EmbeddedServer::Options options(const QString &dataPath)
{
    EmbeddedServer::Options o;
    o.dataPath = dataPath;
    o.backoffMs = {200, 400}; // short, so the test does not idle
    o.startTimeoutMs = startTimeoutMs;
    return o;
}

// /proc/<pid>/stat: field 19 is the nice value.
int niceOf(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -100;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 16 ? fields.at(16).toInt() : -100;
}

} // namespace

class TestEmbeddedServer : public QObject
{
    Q_OBJECT

private:
    QString m_diagnostics; // of the last failureOf()

    // Starts a supervisor that is expected to fail, and returns its failure.
    EmbeddedFailure failureOf(EmbeddedServer::Options o)
    {
        EmbeddedServer server(std::move(o));
        server.start();
        [&] {
            QTRY_COMPARE_WITH_TIMEOUT(server.state(), EmbeddedServer::State::Failed, startTimeoutMs);
        }();
        m_diagnostics = server.diagnostics();
        return server.failure();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(EmbeddedServer::locateProgram()).isExecutable(),
            qPrintable(EmbeddedServer::locateProgram()));
    }

    void startsAnswersAndStopsCleanly()
    {
        QTemporaryDir dir;
        EmbeddedServer server(options(dir.path()));
        QList<EmbeddedServer::State> states;
        connect(&server, &EmbeddedServer::stateChanged, this,
            [&states](EmbeddedServer::State s) { states << s; });
        server.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.state(), EmbeddedServer::State::Running, startTimeoutMs);
        QCOMPARE(states.first(), EmbeddedServer::State::Starting);
        QVERIFY(server.port() > 0);
        QCOMPARE(server.url().host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(httpStatus(server.url(), QStringLiteral("/health")), 200);
        // The per-launch key opens the API; without it the server refuses.
        QCOMPARE(httpStatus(server.url(), QStringLiteral("/api/jobs"), server.apiKey()), 200);
        QCOMPARE(httpStatus(server.url(), QStringLiteral("/api/jobs")), 401);
        // SQLite in the data folder; lower CPU priority; the key is not on the command line.
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("thetool.db"))));
        QCOMPARE(niceOf(server.processId()), 10);
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(server.processId()));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        QVERIFY(!cmdline.readAll().contains(server.apiKey().toUtf8()));
        const QString key = server.apiKey();

        server.stop();
        QCOMPARE(server.state(), EmbeddedServer::State::Stopped);
        QFile log(server.logFilePath());
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        QVERIFY2(text.contains("stopped cleanly"), text.right(2000).constData());
        QVERIFY(!text.contains(key.toUtf8()));
    }

    void killedServerIsRestarted()
    {
        QTemporaryDir dir;
        EmbeddedServer server(options(dir.path()));
        QList<EmbeddedServer::State> states;
        connect(&server, &EmbeddedServer::stateChanged, this,
            [&states](EmbeddedServer::State s) { states << s; });
        server.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.state(), EmbeddedServer::State::Running, startTimeoutMs);
        const qint64 first = server.processId();
        QVERIFY(first > 0);
        states.clear();
        QCOMPARE(::kill(static_cast<pid_t>(first), SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(states.contains(EmbeddedServer::State::Restarting), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(server.state(), EmbeddedServer::State::Running, startTimeoutMs);
        QVERIFY(server.processId() != first);
        QCOMPARE(server.restartCount(), 1);
        QCOMPARE(httpStatus(server.url(), QStringLiteral("/health")), 200);
        QCOMPARE(httpStatus(server.url(), QStringLiteral("/api/jobs"), server.apiKey()), 200);
        QVERIFY(server.diagnostics().contains(QStringLiteral("ended by a signal")));
    }

    void secondConsoleOnTheSameFolderIsRefused()
    {
        QTemporaryDir dir;
        EmbeddedServer first(options(dir.path()));
        first.start();
        QTRY_COMPARE_WITH_TIMEOUT(first.state(), EmbeddedServer::State::Running, startTimeoutMs);
        EmbeddedServer second(options(dir.path()));
        second.start();
        QCOMPARE(second.state(), EmbeddedServer::State::Failed);
        QCOMPARE(second.failure().reason, EmbeddedFailure::Reason::AlreadyRunning);
        QVERIFY(second.failure().message.contains(QStringLiteral("Another TheTool console")));
        first.stop();
        second.start(); // the lock went with the first
        QTRY_COMPARE_WITH_TIMEOUT(second.state(), EmbeddedServer::State::Running, startTimeoutMs);
    }

    void missingProgram()
    {
        QTemporaryDir dir;
        EmbeddedServer::Options o = options(dir.path());
        o.program = dir.filePath(QStringLiteral("no-such-thetool"));
        const EmbeddedFailure failure = failureOf(o);
        QCOMPARE(failure.reason, EmbeddedFailure::Reason::ProgramMissing);
        QVERIFY(failure.detail.contains(QStringLiteral("no-such-thetool")));
    }

    void portInUse()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        EmbeddedServer::Options o = options(dir.path());
        o.port = occupant.serverPort();
        const EmbeddedFailure failure = failureOf(o);
        QCOMPARE(failure.reason, EmbeddedFailure::Reason::PortInUse);
        QVERIFY(failure.message.contains(QString::number(occupant.serverPort())));
        QVERIFY(failure.message.contains(QStringLiteral("already in use")));
        // "Copy diagnostics" names the failure and carries the server's own line.
        QVERIFY(m_diagnostics.contains(QStringLiteral("(port_in_use)")));
        QVERIFY(m_diagnostics.contains(failure.detail));
        QVERIFY(m_diagnostics.contains(QStringLiteral("Log file: ")));
    }

    void dataFolderNotWritable()
    {
        // A path under a regular file: no folder can be made there, root or not.
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QString dataPath = dir.filePath(QStringLiteral("a-file/data"));
        const EmbeddedFailure failure = failureOf(options(dataPath));
        QCOMPARE(failure.reason, EmbeddedFailure::Reason::DataFolderNotWritable);
        QVERIFY(failure.message.contains(QStringLiteral("is not writable")));
        QVERIFY(failure.message.contains(QDir::toNativeSeparators(dataPath)));
    }

    void databaseLocked()
    {
        QTemporaryDir dir;
        {
            // Another program holds an exclusive lock on the database (rollback journal): the
            // server cannot even switch it to WAL.
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("holder"));
            db.setDatabaseName(dir.filePath(QStringLiteral("thetool.db")));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("PRAGMA locking_mode=EXCLUSIVE")));
            QVERIFY(query.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            QVERIFY2(query.exec(QStringLiteral("CREATE TABLE held (x INTEGER)")),
                qPrintable(query.lastError().text()));
            const EmbeddedFailure failure = failureOf(options(dir.path()));
            QCOMPARE(failure.reason, EmbeddedFailure::Reason::DatabaseLocked);
            QVERIFY(failure.message.contains(QStringLiteral("is locked by another program")));
            QVERIFY(failure.detail.contains(QStringLiteral("locked")));
            query.exec(QStringLiteral("ROLLBACK"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("holder"));
    }

    void schemaNewerThanThisBinary()
    {
        QTemporaryDir dir;
        {
            // A later TheTool recorded migration 999 and declared that older binaries must not
            // run on it (min_compatible).
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
            db.setDatabaseName(dir.filePath(QStringLiteral("thetool.db")));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral(
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "checksum TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT '2030-01-01T00:00:00Z', "
                "min_compatible INTEGER NOT NULL DEFAULT 1)")));
            QVERIFY(query.exec(
                QStringLiteral("INSERT INTO schema_migrations (version, name, checksum, min_compatible) "
                               "VALUES (999, 'from the future', 'x', 999)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("future"));
        const EmbeddedFailure failure = failureOf(options(dir.path()));
        QCOMPARE(failure.reason, EmbeddedFailure::Reason::SchemaNewer);
        QVERIFY(failure.message.contains(QStringLiteral("newer TheTool")));
        QVERIFY(failure.detail.contains(QStringLiteral("999")));
    }

    void migrationFailed()
    {
        QTemporaryDir dir;
        QFile corrupt(dir.filePath(QStringLiteral("thetool.db")));
        QVERIFY(corrupt.open(QIODevice::WriteOnly));
        corrupt.write(QByteArray(16 * 1024, 'x')); // not an SQLite file
        corrupt.close();
        const EmbeddedFailure failure = failureOf(options(dir.path()));
        QCOMPARE(failure.reason, EmbeddedFailure::Reason::MigrationFailed);
        QVERIFY(failure.message.contains(QStringLiteral("migration failed")));
    }

    void diskFull()
    {
        // RLIMIT_FSIZE on the child: its writes fail with EFBIG as on a full disk.
        QTemporaryDir dir;
        EmbeddedServer::Options o = options(dir.path());
        o.fileSizeLimitBytes = 64 * 1024;
        const EmbeddedFailure failure = failureOf(o);
        QCOMPARE(failure.reason, EmbeddedFailure::Reason::DiskFull);
        QVERIFY(failure.message.contains(QStringLiteral("is full")));
    }
};

QTEST_GUILESS_MAIN(TestEmbeddedServer)
#include "tst_embeddedserver.moc"
