// Proves the PostgreSQL that scripts/test starts is real and reachable through QPSQL,
// and that each test gets a database of its own.
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include "tests/support/testenv.h"

class TestPgConnect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectsAndWrites()
    {
        thetool::test::PgTestDatabase database(QStringLiteral("pg_connect"));
        QVERIFY2(database.isValid(), qPrintable(database.error()));
        {
            QSqlDatabase db = QSqlDatabase::database(database.openConnection(QStringLiteral("c1")));
            QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("SELECT current_database(), current_setting('server_version_num')::int")));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toString(), database.databaseName());
            QVERIFY2(query.value(1).toInt() >= 120000, "PostgreSQL 12 or newer expected");
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE t (id int PRIMARY KEY, name text)")));
            QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (?, ?)")));
            query.addBindValue(1);
            query.addBindValue(QStringLiteral("M&M.NS"));
            QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
            QVERIFY(query.exec(QStringLiteral("SELECT name FROM t WHERE id = 1")));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("M&M.NS"));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("c1"));
    }
};

QTEST_GUILESS_MAIN(TestPgConnect)
#include "tst_pg_connect.moc"
