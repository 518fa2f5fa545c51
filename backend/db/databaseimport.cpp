#include "backend/db/databaseimport.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <memory>

#include "backend/db/database.h"
#include "backend/db/databaseexport.h"
#include "backend/db/portablevalue.h"
#include "backend/db/tablecatalog.h"
#include "backend/db/tablechecksum.h"

namespace thetool::db {

namespace {

using Outcome = DatabaseImport::Outcome;

constexpr qint64 maxLineBytes = 64 * 1024 * 1024;

struct Failure {
    Outcome outcome;
    QString message;
};

struct FileTable {
    const TableInfo *target = nullptr;
    QStringList columns;
    std::shared_ptr<QSqlQuery> insert;
    std::shared_ptr<TableChecksum> fileSum;
    qint64 rows = 0;
};

bool readObject(QIODevice &in, QJsonObject *out, bool *atEnd)
{
    const QByteArray line = in.readLine(maxLineBytes);
    *atEnd = line.isEmpty();
    if (*atEnd)
        return false;
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    *out = doc.object();
    return true;
}

class Importer
{
public:
    Importer(Database &database, QSqlDatabase &connection, DatabaseImport::Result &result)
        : m_db(database)
        , m_connection(connection)
        , m_result(result)
    { }

    std::optional<Failure> run(QIODevice &in);

private:
    std::optional<Failure> readHeader(QIODevice &in);
    std::optional<Failure> checkTarget(const QJsonArray &tables);
    std::optional<Failure> insertRow(const QJsonObject &line, qint64 lineNumber);
    std::optional<Failure> finish(const QJsonObject &trailer);
    std::optional<Failure> dbFailure(const DbError &e, const QString &what)
    {
        return Failure {Outcome::Failed, what + QStringLiteral(": ") + e.message};
    }

    Database &m_db;
    QSqlDatabase &m_connection;
    DatabaseImport::Result &m_result;
    QList<TableInfo> m_targetTables;
    QMap<QString, FileTable> m_fileTables;
};

std::optional<Failure> Importer::readHeader(QIODevice &in)
{
    QJsonObject header;
    bool atEnd = false;
    if (!readObject(in, &header, &atEnd)
        || header.value(QStringLiteral("format")) != DatabaseExport::formatName())
        return Failure {
            Outcome::BadFile, QStringLiteral("not a TheTool export (its first line is no export header)")};
    if (header.value(QStringLiteral("format_version")).toInt() != DatabaseExport::formatVersion)
        return Failure {Outcome::BadFile,
            QStringLiteral("export format version %1 is not supported (this build reads %2)")
                .arg(header.value(QStringLiteral("format_version")).toInt())
                .arg(DatabaseExport::formatVersion)};
    m_result.sourceEngine = header.value(QStringLiteral("engine")).toString();
    m_result.schemaVersion = header.value(QStringLiteral("schema_version")).toInt();
    return checkTarget(header.value(QStringLiteral("tables")).toArray());
}

std::optional<Failure> Importer::checkTarget(const QJsonArray &tables)
{
    int targetVersion = 0;
    if (DbError e = DatabaseExport::schemaVersion(m_db, m_connection, &targetVersion))
        return dbFailure(e, QStringLiteral("reading the schema version"));
    if (targetVersion == 0)
        return Failure {Outcome::BadFile,
            QStringLiteral("the target database is not migrated: run `thetool migrate` first")};
    if (targetVersion < m_result.schemaVersion)
        return Failure {Outcome::BadFile,
            QStringLiteral(
                "the export has schema version %1 but the target only %2: migrate the target with a newer "
                "TheTool first")
                .arg(m_result.schemaVersion)
                .arg(targetVersion)};
    if (DbError e = TableCatalog::read(m_db, m_connection, &m_targetTables))
        return dbFailure(e, QStringLiteral("reading the target's tables"));
    for (const QJsonValue &value : tables) {
        const QString name = value.toObject().value(QStringLiteral("name")).toString();
        const auto target = std::find_if(m_targetTables.cbegin(), m_targetTables.cend(),
            [&name](const TableInfo &t) { return t.name == name; });
        if (target == m_targetTables.cend())
            return Failure {
                Outcome::BadFile, QStringLiteral("the target database has no table '%1'").arg(name)};
        FileTable &table = m_fileTables[name];
        table.target = &*target;
        QStringList placeholders;
        for (const QJsonValue &column : value.toObject().value(QStringLiteral("columns")).toArray()) {
            if (!target->column(column.toString()))
                return Failure {Outcome::BadFile,
                    QStringLiteral("the target's table '%1' has no column '%2'")
                        .arg(name, column.toString())};
            table.columns.append(column.toString());
            placeholders.append(QStringLiteral("?"));
        }
        if (table.columns.isEmpty())
            return Failure {
                Outcome::BadFile, QStringLiteral("the export lists table '%1' without columns").arg(name)};
        QStringList quotedColumns;
        for (const QString &column : std::as_const(table.columns))
            quotedColumns.append(TableCatalog::quoted(column));
        table.fileSum = std::make_shared<TableChecksum>(table.columns);
        table.insert = std::make_shared<QSqlQuery>(m_connection);
        if (DbError e = m_db.prepare(*table.insert,
                QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                    .arg(TableCatalog::quoted(name), quotedColumns.join(QStringLiteral(", ")),
                        placeholders.join(QStringLiteral(", ")))))
            return dbFailure(e, QStringLiteral("preparing the insert into %1").arg(name));
    }
    // Empty means: nothing but what the migrations seed, which the export replaces.
    for (const TableInfo &table : std::as_const(m_targetTables)) {
        QSqlQuery count(m_connection);
        if (DbError e = m_db.exec(
                count, QStringLiteral("SELECT COUNT(*) FROM %1").arg(TableCatalog::quoted(table.name))))
            return dbFailure(e, QStringLiteral("counting %1").arg(table.name));
        const qint64 rows = count.next() ? count.value(0).toLongLong() : 0;
        if (rows == 0)
            continue;
        if (!DatabaseImport::isSeeded(table.name))
            return Failure {Outcome::NotEmpty,
                QStringLiteral(
                    "the target database is not empty (table '%1' holds %2 rows): import only into a "
                    "freshly migrated database")
                    .arg(table.name)
                    .arg(rows)};
    }
    // Children before parents when clearing the seeded rows.
    for (auto it = m_targetTables.crbegin(); it != m_targetTables.crend(); ++it) {
        if (!DatabaseImport::isSeeded(it->name) || !m_fileTables.contains(it->name))
            continue;
        QSqlQuery clear(m_connection);
        if (DbError e =
                m_db.exec(clear, QStringLiteral("DELETE FROM %1").arg(TableCatalog::quoted(it->name))))
            return dbFailure(e, QStringLiteral("clearing %1").arg(it->name));
    }
    return std::nullopt;
}

std::optional<Failure> Importer::insertRow(const QJsonObject &line, qint64 lineNumber)
{
    const QString name = line.value(QStringLiteral("t")).toString();
    const auto it = m_fileTables.find(name);
    const QJsonArray row = line.value(QStringLiteral("r")).toArray();
    if (it == m_fileTables.end() || row.size() != it->columns.size())
        return Failure {Outcome::BadFile,
            QStringLiteral("line %1: a row of an unknown table or of the wrong width").arg(lineNumber)};
    FileTable &table = *it;
    for (qsizetype i = 0; i < row.size(); ++i) {
        QVariant bind;
        if (!PortableValue::toBind(
                row.at(i), *table.target->column(table.columns.at(i)), m_db.dialect(), &bind))
            return Failure {Outcome::BadFile,
                QStringLiteral("line %1: column '%2' cannot hold that value")
                    .arg(lineNumber)
                    .arg(table.columns.at(i))};
        table.insert->bindValue(static_cast<int>(i), bind);
    }
    if (DbError e = m_db.exec(*table.insert, Database::Deadline::None))
        return dbFailure(e, QStringLiteral("line %1: inserting into %2").arg(lineNumber).arg(name));
    table.fileSum->add(row);
    ++table.rows;
    return std::nullopt;
}

std::optional<Failure> Importer::finish(const QJsonObject &trailer)
{
    const QJsonObject expected = trailer.value(QStringLiteral("tables")).toObject();
    const bool sameEngine = m_result.sourceEngine
        == (m_db.dialect() == Dialect::Postgres ? QLatin1String("postgres") : QLatin1String("sqlite"));
    m_result.portableComparison = !sameEngine;
    QMap<QString, QStringList> columns;
    for (auto it = m_fileTables.cbegin(); it != m_fileTables.cend(); ++it) {
        const QJsonObject want = expected.value(it.key()).toObject();
        if (want.value(QStringLiteral("rows")).toInteger(-1) != it->rows
            || want.value(QStringLiteral("checksum")).toString() != it->fileSum->exact())
            return Failure {Outcome::BadFile,
                QStringLiteral(
                    "table '%1': the file's rows do not match its trailer (corrupt or edited export)")
                    .arg(it.key())};
        columns.insert(it.key(), it->columns);
        m_result.rows.insert(it.key(), it->rows);
    }
    if (m_db.dialect() == Dialect::Postgres) {
        for (const FileTable &table : std::as_const(m_fileTables)) {
            for (const ColumnInfo &column : table.target->columns) {
                if (!column.serial)
                    continue;
                QSqlQuery setval(m_connection);
                const QString sql =
                    QStringLiteral("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX(%1), 1), "
                                   "MAX(%1) IS NOT NULL) FROM %2")
                        .arg(TableCatalog::quoted(column.name), TableCatalog::quoted(table.target->name));
                if (DbError e = m_db.prepare(setval, sql))
                    return dbFailure(e, QStringLiteral("moving the sequence of %1").arg(table.target->name));
                setval.addBindValue(TableCatalog::quoted(table.target->name));
                setval.addBindValue(column.name);
                if (DbError e = m_db.exec(setval))
                    return dbFailure(e, QStringLiteral("moving the sequence of %1").arg(table.target->name));
            }
        }
    }
    QMap<QString, TableChecksum::Result> stored;
    if (DbError e = TableChecksum::computeWith(m_db, m_connection, &stored, columns))
        return dbFailure(e, QStringLiteral("checking the imported rows"));
    for (auto it = m_fileTables.cbegin(); it != m_fileTables.cend(); ++it) {
        const QJsonObject want = expected.value(it.key()).toObject();
        const TableChecksum::Result got = stored.value(it.key());
        const QString wanted =
            want.value(sameEngine ? QStringLiteral("checksum") : QStringLiteral("portable_checksum"))
                .toString();
        if ((sameEngine ? got.exact : got.portable) != wanted)
            return Failure {Outcome::Failed,
                QStringLiteral(
                    "table '%1': the stored rows do not match the export (checksum %2, expected %3)")
                    .arg(it.key(), sameEngine ? got.exact : got.portable, wanted)};
    }
    return std::nullopt;
}

std::optional<Failure> Importer::run(QIODevice &in)
{
    if (auto failure = readHeader(in))
        return failure;
    qint64 lineNumber = 1;
    for (;;) {
        ++lineNumber;
        QJsonObject line;
        bool atEnd = false;
        if (!readObject(in, &line, &atEnd)) {
            return Failure {Outcome::BadFile,
                atEnd ? QStringLiteral("the export ends without its trailer (truncated)")
                      : QStringLiteral("line %1 is not a JSON object").arg(lineNumber)};
        }
        if (line.value(QStringLiteral("end")).toBool())
            return finish(line);
        if (auto failure = insertRow(line, lineNumber))
            return failure;
    }
}

} // namespace

bool DatabaseImport::isSeeded(const QString &table)
{
    return table == QLatin1String("strategies");
}

DatabaseImport::Result DatabaseImport::run(Database &database, QIODevice &in)
{
    Result result;
    const DbError error = database.run([&](QSqlDatabase &connection) -> DbError {
        if (!connection.transaction()) {
            result.message = connection.lastError().text();
            return DbError::fromSqlError(connection.lastError(), database.dialect());
        }
        std::optional<Failure> failure;
        if (database.dialect() == Dialect::Postgres) {
            // Loading and checking a large table outlasts one statement's STATEMENT_TIMEOUT.
            QSqlQuery unlimited(connection);
            if (DbError e = database.exec(unlimited, QStringLiteral("SET LOCAL statement_timeout = 0")))
                failure = Failure {Outcome::Failed, e.message};
        }
        if (!failure) {
            Importer importer(database, connection, result);
            failure = importer.run(in);
        }
        if (failure) {
            connection.rollback();
            result.outcome = failure->outcome;
            result.message = failure->message;
            return {};
        }
        if (!connection.commit()) {
            const DbError e = DbError::fromSqlError(connection.lastError(), database.dialect());
            connection.rollback();
            return e;
        }
        result.outcome = Outcome::Imported;
        return {};
    });
    if (error) {
        result.outcome = Outcome::Failed;
        result.message = error.message;
    }
    return result;
}

} // namespace thetool::db
