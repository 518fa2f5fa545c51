#pragma once
// Shared by the repository tests (tst_repo.cpp, tst_repo_apikeys.cpp): the database sandbox
// for the dialect under test, hostile strings, and table readers.
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

#include "backend/db/database.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"
#include "backend/repo/apikeyrepository.h"
#include "backend/repo/auditrepository.h"
#include "backend/repo/collectionrepository.h"
#include "backend/repo/joblogrepository.h"
#include "backend/repo/jobrepository.h"
#include "backend/repo/pricebarrepository.h"
#include "backend/repo/resultrepository.h"
#include "backend/repo/sqlsupport.h"
#include "backend/repo/watchlistrepository.h"
#include "backend/security/apikeymanager.h"
#include "backend/security/databasekeyauthenticator.h"
#include "backend/server/httppolicies.h"
#include "tests/support/testenv.h"

namespace repotest {

using namespace thetool;
using db::DbError;

constexpr bool kSqlite = THETOOL_REPO_TEST_SQLITE != 0;

// Text that must be stored and read back as data, never as SQL.
inline QList<std::pair<const char *, QString>> hostileTexts()
{
    QString binary;
    for (char16_t c = 1; c < 0x100; ++c)
        binary.append(QChar(c)); // every NUL-free Latin-1 code point, controls included
    binary += QStringLiteral("\u2028\uFEFF\U0001F680");
    QString tenKb;
    const QString chunk =
        QStringLiteral("Robert'); DROP TABLE api_keys;-- \"q\" \\ ünï 日本 $1 ? :name %s\n");
    while (tenKb.toUtf8().size() < 10 * 1024)
        tenKb += chunk;
    return {
        {"injection", QStringLiteral("Robert'); DROP TABLE api_keys;--")},
        {"tautology", QStringLiteral("' OR '1'='1' --")},
        {"quotes", QStringLiteral("\"double\" 'single' `back` ''doubled''")},
        {"backslashes", QStringLiteral("C:\\path\\n\\t\\0 \\x00 \\\\'")},
        {"placeholders", QStringLiteral("? $1 :name %s %1 {}")},
        {"dollar quotes", QStringLiteral("$$ body $$ $tag$ x $tag$")},
        {"binary-looking", binary},
        {"unicode", QStringLiteral("Ünïcødé 日本語 😀 עברית")},
        {"empty", QString(QLatin1String(""))},
        {"10 KB", tenKb},
    };
}

class Sandbox
{
public:
    explicit Sandbox(const QString &name)
    {
        db::DatabaseOptions options;
        if (kSqlite) {
            options.dataPath = m_dir.filePath(name);
        } else {
            m_pg = std::make_unique<test::PgTestDatabase>(QStringLiteral("repo_") + name);
            if (!m_pg->isValid()) {
                m_error = m_pg->error();
                return;
            }
            options.url = m_pg->url().toString();
        }
        DbError error;
        m_db = db::Database::create(options, &error);
        if (!m_db) {
            m_error = error.message;
            return;
        }
        error = db::MigrationRunner(*m_db, db::Migration::bundled(m_db->dialect())).migrate();
        if (error) {
            m_error = error.message;
            m_db.reset();
        }
    }
    db::Database *db() const { return m_db.get(); }
    QString error() const { return m_error; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::PgTestDatabase> m_pg;
    std::unique_ptr<db::Database> m_db;
    QString m_error;
};

const QRegularExpression isoUtc(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));

// Every text value of every row of `table`.
inline QStringList textValues(db::Database &database, const QString &table)
{
    QStringList values;
    const DbError error =
        repo::runBound(database, QStringLiteral("SELECT * FROM ") + table, {}, [&](const QSqlQuery &row) {
            const QSqlRecord record = row.record();
            for (int i = 0; i < record.count(); ++i)
                values.append(row.value(i).toString());
        });
    if (error)
        values.append(QStringLiteral("<error: %1>").arg(error.message));
    return values;
}

} // namespace repotest
