#include "app/server/cmd_db.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

#include "app/server/command.h"
#include "backend/core/buildinfo.h"
#include "backend/db/database.h"
#include "backend/db/databaseexport.h"
#include "backend/db/databaseimport.h"
#include "backend/db/databaseoptions.h"
#include "backend/db/tablechecksum.h"

namespace thetool::app {

namespace {

const char *const usage =
    "Usage: thetool db export FILE | import FILE | checksum [--json]\n\n"
    "The database of DATABASE_URL (PostgreSQL) or DATA_PATH/thetool.db (SQLite).\n"
    "  export FILE    write every table to FILE in TheTool's portable export format\n"
    "                 (JSON lines; one format for both engines; docs/API.md)\n"
    "  import FILE    load an export into an empty, migrated database of either engine\n"
    "                 (run `thetool migrate` first); refused when the database holds data;\n"
    "                 all or nothing, verified by per-table checksums before it commits\n"
    "  checksum       print each table's row count and order-independent checksums\n"
    "                 (exact, and portable: comparable across engines); --json for JSON\n";

int databaseFailure(QTextStream &err, const db::DbError &error)
{
    err << "thetool db: " << error.message << '\n';
    return error.kind == db::DbError::Kind::Config ? ExitUsage : ExitFailure;
}

int runExport(db::Database &database, const QString &path)
{
    QTextStream err(stderr);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        err << "thetool db export: cannot write " << path << ": " << file.errorString() << '\n';
        return ExitFailure;
    }
    db::DatabaseExport::Summary summary;
    if (db::DbError e = db::DatabaseExport::write(database, file, core::version(), &summary))
        return databaseFailure(err, e);
    if (!file.commit()) {
        err << "thetool db export: cannot write " << path << ": " << file.errorString() << '\n';
        return ExitFailure;
    }
    qint64 rows = 0;
    for (const auto &table : std::as_const(summary.tables))
        rows += table.rows;
    QTextStream(stdout) << "exported " << database.describe() << " (schema " << summary.schemaVersion
                        << "): " << summary.tables.size() << " tables, " << rows << " rows to " << path
                        << '\n';
    return ExitOk;
}

int runImport(db::Database &database, const QString &path)
{
    QTextStream err(stderr);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << "thetool db import: cannot read " << path << ": " << file.errorString() << '\n';
        return ExitUsage;
    }
    const db::DatabaseImport::Result result = db::DatabaseImport::run(database, file);
    if (result.outcome != db::DatabaseImport::Outcome::Imported) {
        err << "thetool db import: " << result.message << '\n';
        return result.outcome == db::DatabaseImport::Outcome::Failed ? ExitFailure : ExitUsage;
    }
    qint64 rows = 0;
    for (qint64 n : result.rows)
        rows += n;
    QTextStream(stdout) << "imported " << rows << " rows in " << result.rows.size() << " tables from " << path
                        << " (" << result.sourceEngine << ", schema " << result.schemaVersion << ") into "
                        << database.describe() << "; checksums equal ("
                        << (result.portableComparison ? "portable" : "exact") << ")\n";
    return ExitOk;
}

int runChecksum(db::Database &database, bool json)
{
    QMap<QString, db::TableChecksum::Result> sums;
    QTextStream err(stderr);
    if (db::DbError e = db::TableChecksum::computeAll(database, &sums))
        return databaseFailure(err, e);
    QTextStream out(stdout);
    if (json) {
        QJsonObject tables;
        for (auto it = sums.cbegin(); it != sums.cend(); ++it)
            tables.insert(it.key(),
                QJsonObject {{QStringLiteral("rows"), it->rows}, {QStringLiteral("checksum"), it->exact},
                    {QStringLiteral("portable_checksum"), it->portable}});
        out << QJsonDocument(tables).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    for (auto it = sums.cbegin(); it != sums.cend(); ++it)
        out << it.key().leftJustified(24) << ' ' << it->exact << "  portable " << it->portable << '\n';
    return ExitOk;
}

} // namespace

int runDb(const QStringList &args)
{
    QTextStream err(stderr);
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        if (args.isEmpty()) {
            err << usage;
            return ExitUsage;
        }
        QTextStream(stdout) << usage;
        return ExitOk;
    }
    const QString action = args.first();
    const QStringList rest = args.mid(1);
    const bool wantsFile = action == QLatin1String("export") || action == QLatin1String("import");
    if (wantsFile && (rest.size() != 1 || rest.first().startsWith(QLatin1Char('-')))) {
        err << "thetool db " << action << ": expects one FILE argument\n" << usage;
        return ExitUsage;
    }
    if (action == QLatin1String("checksum")
        && !(rest.isEmpty() || rest == QStringList {QStringLiteral("--json")})) {
        err << "thetool db checksum: unexpected argument '" << rest.first() << "'\n";
        return ExitUsage;
    }
    if (!wantsFile && action != QLatin1String("checksum")) {
        err << "thetool db: unknown action '" << action << "'\n" << usage;
        return ExitUsage;
    }
    db::DbError error;
    std::unique_ptr<db::Database> database =
        db::Database::create(db::databaseOptionsFromEnvironment(), &error);
    if (!database)
        return databaseFailure(err, error);
    if (action == QLatin1String("export"))
        return runExport(*database, rest.first());
    if (action == QLatin1String("import"))
        return runImport(*database, rest.first());
    return runChecksum(*database, !rest.isEmpty());
}

} // namespace thetool::app
