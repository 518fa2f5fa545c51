#pragma once

#include <QJsonArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <array>

#include "backend/db/dberror.h"
#include "backend/db/portablevalue.h"

class QSqlDatabase;

namespace thetool::db {

class Database;

// An order-independent checksum of a table's rows: each row's canonical values
// (PortableValue::canonical, columns sorted by name) are hashed with SHA-256 and the
// digests summed modulo 2^64 in two lanes, so the row order of a scan never matters but a
// changed, missing or extra row does. Written as "<rows>:<32 hex digits>".
class TableChecksum
{
public:
    explicit TableChecksum(const QStringList &columns);

    // `row`: portable values in the order of the constructor's columns.
    void add(const QJsonArray &row);
    qint64 rows() const { return m_rows; }
    QString exact() const { return text(m_exact); }
    QString portable() const { return text(m_portable); }

    struct Result {
        qint64 rows = 0;
        QString exact;
        QString portable;
    };
    // Every table of TableCatalog over all of its columns (or, when `columnsByTable` names a
    // table, over those columns only: an import checks the columns it brought).
    static DbError computeAll(Database &database, QMap<QString, Result> *out,
        const QMap<QString, QStringList> &columnsByTable = {});
    // The same on a connection the caller holds (inside its transaction).
    static DbError computeWith(Database &database, QSqlDatabase &connection, QMap<QString, Result> *out,
        const QMap<QString, QStringList> &columnsByTable = {});

private:
    using Lanes = std::array<quint64, 2>;
    static void addDigest(Lanes &lanes, const QJsonArray &canonicalRow);
    QString text(const Lanes &lanes) const;

    QList<int> m_order; // positions of the columns in name order
    Lanes m_exact {0, 0};
    Lanes m_portable {0, 0};
    qint64 m_rows = 0;
};

} // namespace thetool::db
