// The database layer's pure parts: DATABASE_URL parsing and the libpq options built from it,
// the SQL statement splitter, and the classification of driver errors.
#include <QSqlError>
#include <QTest>

#include "backend/db/databaseoptions.h"
#include "backend/db/dberror.h"
#include "backend/db/postgresurl.h"
#include "backend/db/sqlsplitter.h"

using thetool::db::DatabaseOptions;
using thetool::db::DbError;
using thetool::db::Dialect;
using thetool::db::PostgresUrl;
using thetool::db::SqlSplitter;

Q_DECLARE_METATYPE(DbError::Kind)

class TestDbUnit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesValidUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("sslmode");

        QTest::newRow("full") << "postgresql://user:pass@db.example.com:5433/thetool"
                              << "db.example.com" << 5433 << "user"
                              << "pass"
                              << "thetool"
                              << "";
        QTest::newRow("postgres scheme, default port") << "postgres://u:p@host/db"
                                                       << "host" << 5432 << "u"
                                                       << "p"
                                                       << "db"
                                                       << "";
        QTest::newRow("escaped password") << "postgres://u:p%40ss%3Aw%2Fd%25@host/db"
                                          << "host" << 5432 << "u"
                                          << "p@ss:w/d%"
                                          << "db"
                                          << "";
        QTest::newRow("unescaped @ in password") << "postgres://u:p@ss@host/db"
                                                 << "host" << 5432 << "u"
                                                 << "p@ss"
                                                 << "db"
                                                 << "";
        QTest::newRow("escaped user") << "postgresql://my%20user@host/db"
                                      << "host" << 5432 << "my user"
                                      << ""
                                      << "db"
                                      << "";
        QTest::newRow("no user") << "postgresql://host/db"
                                 << "host" << 5432 << ""
                                 << ""
                                 << "db"
                                 << "";
        QTest::newRow("ipv6") << "postgresql://u@[::1]:6543/db"
                              << "::1" << 6543 << "u"
                              << ""
                              << "db"
                              << "";
        QTest::newRow("query options")
            << "postgresql://u:p@host:5432/db?sslmode=require&application_name=my%20app"
            << "host" << 5432 << "u"
            << "p"
            << "db"
            << "require";
        QTest::newRow("upper-case scheme, escaped db") << "POSTGRES://u@host/my%20db"
                                                       << "host" << 5432 << "u"
                                                       << ""
                                                       << "my db"
                                                       << "";
        QTest::newRow("socket folder") << "postgresql://u@%2Fvar%2Frun%2Fpostgresql/db"
                                       << "/var/run/postgresql" << 5432 << "u"
                                       << ""
                                       << "db"
                                       << "";
        QTest::newRow("railway")
            << "postgresql://postgres:AbCd123xyz@containers-us-west-1.railway.app:6543/railway"
            << "containers-us-west-1.railway.app" << 6543 << "postgres"
            << "AbCd123xyz"
            << "railway"
            << "";
    }

    void parsesValidUrls()
    {
        QFETCH(QString, url);
        const PostgresUrl parsed = PostgresUrl::parse(url);
        QVERIFY2(parsed.isValid(), qPrintable(parsed.error()));
        QTEST(parsed.host(), "host");
        QTEST(parsed.port(), "port");
        QTEST(parsed.userName(), "user");
        QTEST(parsed.password(), "password");
        QTEST(parsed.databaseName(), "database");
        QTEST(parsed.parameter(QStringLiteral("sslmode")), "sslmode");
        QVERIFY(!parsed.redacted().contains(QStringLiteral("AbCd123xyz")));
    }

    void refusesMalformedUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("part"); // the error must name it

        QTest::newRow("empty") << ""
                               << "scheme";
        QTest::newRow("other scheme") << "mysql://u@h/db"
                                      << "scheme 'mysql'";
        QTest::newRow("no ://") << "postgresql:/u@h/db"
                                << "scheme";
        QTest::newRow("no host") << "postgresql://u@/db"
                                 << "host missing";
        QTest::newRow("two hosts") << "postgresql://u@h1,h2/db"
                                   << "host";
        QTest::newRow("open ipv6") << "postgresql://u@[::1/db"
                                   << "host";
        QTest::newRow("port not a number") << "postgresql://u@h:abc/db"
                                           << "port 'abc'";
        QTest::newRow("port zero") << "postgresql://u@h:0/db"
                                   << "port '0'";
        QTest::newRow("port too large") << "postgresql://u@h:70000/db"
                                        << "port '70000'";
        QTest::newRow("port signed") << "postgresql://u@h:+5432/db"
                                     << "port '+5432'";
        QTest::newRow("port empty") << "postgresql://u@h:/db"
                                    << "port is empty";
        QTest::newRow("no database") << "postgresql://u@h"
                                     << "database name missing";
        QTest::newRow("empty database") << "postgresql://u@h/"
                                        << "database name missing";
        QTest::newRow("database with slash") << "postgresql://u@h/db/extra"
                                             << "database name";
        QTest::newRow("bad escape in password") << "postgresql://u:p%zz@h/db"
                                                << "password";
        QTest::newRow("bad escape in user") << "postgresql://%zz@h/db"
                                            << "user name";
        QTest::newRow("empty user") << "postgresql://:p@h/db"
                                    << "user name is empty";
        QTest::newRow("bad sslmode") << "postgresql://u@h/db?sslmode=maybe"
                                     << "sslmode 'maybe'";
        QTest::newRow("unknown option") << "postgresql://u@h/db?bogus=1"
                                        << "unknown query option 'bogus'";
        QTest::newRow("non-numeric timeout") << "postgresql://u@h/db?connect_timeout=soon"
                                             << "connect_timeout";
        QTest::newRow("option without value") << "postgresql://u@h/db?sslmode"
                                              << "malformed";
        QTest::newRow("semicolon in option") << "postgresql://u@h/db?application_name=a%3Bb"
                                             << "';'";
        QTest::newRow("host as query option") << "postgresql://u@h/db?host=other"
                                              << "give it in the URL itself";
        QTest::newRow("fragment") << "postgresql://u:p@h/db#x"
                                  << "fragment";
    }

    void refusesMalformedUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, part);
        const PostgresUrl parsed = PostgresUrl::parse(url);
        QVERIFY(!parsed.isValid());
        QVERIFY2(parsed.error().startsWith(QStringLiteral("DATABASE_URL: ")), qPrintable(parsed.error()));
        QVERIFY2(parsed.error().contains(part), qPrintable(parsed.error()));
    }

    void buildsConnectOptions_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QStringList>("absent");

        const QString serverDefaults = QStringLiteral(
            "options='-c statement_timeout=30000 -c TimeZone=UTC -c client_min_messages=warning'");
        QTest::newRow("defaults") << "postgresql://u@h/db"
                                  << QStringList {QStringLiteral("connect_timeout='5'"),
                                         QStringLiteral("keepalives='1'"),
                                         QStringLiteral("keepalives_idle='30'"),
                                         QStringLiteral("keepalives_interval='10'"),
                                         QStringLiteral("keepalives_count='3'"),
                                         QStringLiteral("application_name='thetool'"), serverDefaults}
                                  << QStringList {QStringLiteral("sslmode")};
        QTest::newRow("sslmode passed on")
            << "postgresql://u@h/db?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem"
            << QStringList {QStringLiteral("sslmode='verify-full'"),
                   QStringLiteral("sslrootcert='/etc/ca.pem'")}
            << QStringList {};
        QTest::newRow("url timeout wins") << "postgresql://u@h/db?connect_timeout=11"
                                          << QStringList {QStringLiteral("connect_timeout='11'")}
                                          << QStringList {QStringLiteral("connect_timeout='5'")};
        QTest::newRow("url server options kept")
            << "postgresql://u@h/db?options=-c%20search_path%3Dapp"
            << QStringList {QStringLiteral(
                   "options='-c search_path=app -c statement_timeout=30000 -c TimeZone=UTC")}
            << QStringList {};
        QTest::newRow("plus kept") << "postgresql://u@h/db?application_name=a+b"
                                   << QStringList {QStringLiteral("application_name='a+b'")}
                                   << QStringList {};
        QTest::newRow("quote escaped")
            << "postgresql://u@h/db?application_name=it's"
            << QStringList {QStringLiteral("application_name='it\\'s'")} << QStringList {};
    }

    void buildsConnectOptions()
    {
        QFETCH(QString, url);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, absent);
        const PostgresUrl parsed = PostgresUrl::parse(url);
        QVERIFY2(parsed.isValid(), qPrintable(parsed.error()));
        const QString options = parsed.connectOptions(DatabaseOptions());
        for (const QString &part : expected)
            QVERIFY2(options.contains(part), qPrintable(options + QStringLiteral(" lacks ") + part));
        for (const QString &part : absent)
            QVERIFY2(!options.contains(part), qPrintable(options + QStringLiteral(" has ") + part));
    }

    void splitsStatements_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("statements");

        auto list = [](std::initializer_list<const char *> items) {
            QStringList out;
            for (const char *item : items)
                out.append(QString::fromUtf8(item));
            return out;
        };
        QTest::newRow("two") << "SELECT 1; SELECT 2;" << list({"SELECT 1", "SELECT 2"});
        QTest::newRow("no final semicolon") << "SELECT 1;\nSELECT 2\n" << list({"SELECT 1", "SELECT 2"});
        QTest::newRow("semicolon in string")
            << "SELECT 'a;b'; SELECT 'it''s;'" << list({"SELECT 'a;b'", "SELECT 'it''s;'"});
        QTest::newRow("semicolon in identifier")
            << "SELECT \"we;ird\" FROM t; SELECT 2;" << list({"SELECT \"we;ird\" FROM t", "SELECT 2"});
        QTest::newRow("escape string")
            << "SELECT E'a\\';b'; SELECT 2;" << list({"SELECT E'a\\';b'", "SELECT 2"});
        QTest::newRow("comments") << "-- c;omment\nSELECT 1; /* a; /* nested; */ b; */ SELECT 2;"
                                  << list({"-- c;omment\nSELECT 1", "/* a; /* nested; */ b; */ SELECT 2"});
        QTest::newRow("comment only") << "-- nothing here;\n/* nor; here */\n" << QStringList {};
        QTest::newRow("empty statements") << ";; ;\n;" << QStringList {};
        QTest::newRow("dollar body")
            << "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql; SELECT 1;"
            << list({"CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql",
                   "SELECT 1"});
        QTest::newRow("tagged dollar body")
            << "CREATE FUNCTION f() RETURNS text AS $body$ SELECT '$$;'; $body$ LANGUAGE sql; SELECT 2;"
            << list({"CREATE FUNCTION f() RETURNS text AS $body$ SELECT '$$;'; $body$ LANGUAGE sql",
                   "SELECT 2"});
        QTest::newRow("parameter is no quote") << "SELECT $1; SELECT $2;" << list({"SELECT $1", "SELECT $2"});
        QTest::newRow("trigger body with case")
            << "CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET a = CASE WHEN 1 THEN 2 ELSE 3 END; "
               "DELETE FROM z; END; SELECT 1;"
            << list({"CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET a = CASE WHEN 1 THEN 2 ELSE 3 "
                     "END; "
                     "DELETE FROM z; END",
                   "SELECT 1"});
        QTest::newRow("temp trigger")
            << "create temp trigger t after delete on x begin delete from y; end;select 1"
            << list({"create temp trigger t after delete on x begin delete from y; end", "select 1"});
        QTest::newRow("begin atomic")
            << "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3;"
            << list({"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END",
                   "SELECT 3"});
        QTest::newRow("transaction statements") << "BEGIN; CREATE TABLE a (x int); COMMIT;"
                                                << list({"BEGIN", "CREATE TABLE a (x int)", "COMMIT"});
        QTest::newRow("keywords in a table are not a body")
            << "CREATE TABLE functions (function TEXT, begin_at TEXT, \"end\" TEXT); SELECT 1;"
            << list({"CREATE TABLE functions (function TEXT, begin_at TEXT, \"end\" TEXT)", "SELECT 1"});
    }

    void splitsStatements()
    {
        QFETCH(QString, sql);
        QString error;
        QFETCH(QStringList, statements);
        QCOMPARE(SqlSplitter::split(sql, &error), statements);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void reportsUnterminatedInput_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("error");
        QTest::newRow("quote") << "SELECT 'abc; SELECT 2;"
                               << "unterminated ' quote";
        QTest::newRow("identifier") << "SELECT \"abc; SELECT 2;"
                                    << "unterminated \" quote";
        QTest::newRow("comment") << "SELECT 1; /* open"
                                 << "unterminated /* comment";
        QTest::newRow("dollar") << "SELECT $x$ abc; SELECT 2;"
                                << "unterminated $x$ body";
        QTest::newRow("trigger") << "CREATE TRIGGER t AFTER INSERT ON x BEGIN DELETE FROM y;"
                                 << "unterminated BEGIN ... END body";
    }

    void reportsUnterminatedInput()
    {
        QFETCH(QString, sql);
        QString error;
        const QStringList statements = SqlSplitter::split(sql, &error);
        QTEST(error, "error");
        QVERIFY(!statements.isEmpty()); // the text is not silently dropped
    }

    void classifiesErrors_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("type");
        QTest::addColumn<DbError::Kind>("kind");

        const int pg = static_cast<int>(Dialect::Postgres);
        const int lite = static_cast<int>(Dialect::Sqlite);
        const int statement = QSqlError::StatementError;
        QTest::newRow("pg unique") << pg << "23505"
                                   << "duplicate key value" << statement << DbError::Kind::UniqueViolation;
        QTest::newRow("pg fk") << pg << "23503"
                               << "violates foreign key" << statement << DbError::Kind::ForeignKeyViolation;
        QTest::newRow("pg statement timeout")
            << pg << "57014"
            << "canceling statement due to statement timeout" << statement << DbError::Kind::Timeout;
        QTest::newRow("pg connection failure")
            << pg << "08006"
            << "connection failure" << statement << DbError::Kind::ConnectionLost;
        QTest::newRow("pg admin shutdown") << pg << "57P01"
                                           << "terminating connection due to administrator command"
                                           << statement << DbError::Kind::ConnectionLost;
        QTest::newRow("pg socket closed") << pg << ""
                                          << "server closed the connection unexpectedly\n\tThis probably..."
                                          << statement << DbError::Kind::ConnectionLost;
        QTest::newRow("pg cannot connect")
            << pg << ""
            << "Connection refused" << int(QSqlError::ConnectionError) << DbError::Kind::Unavailable;
        QTest::newRow("pg syntax") << pg << "42601"
                                   << "syntax error" << statement << DbError::Kind::Other;
        QTest::newRow("sqlite unique")
            << lite << "2067"
            << "UNIQUE constraint failed: t.x" << statement << DbError::Kind::UniqueViolation;
        QTest::newRow("sqlite primary key")
            << lite << "1555"
            << "UNIQUE constraint failed: t.id" << statement << DbError::Kind::UniqueViolation;
        QTest::newRow("sqlite fk") << lite << "787"
                                   << "FOREIGN KEY constraint failed" << statement
                                   << DbError::Kind::ForeignKeyViolation;
        QTest::newRow("sqlite primary code only")
            << lite << "19"
            << "UNIQUE constraint failed: t.x" << statement << DbError::Kind::UniqueViolation;
        // A value the caller supplied that the schema refuses: 400 at the API, not 500.
        QTest::newRow("sqlite check")
            << lite << "275"
            << "CHECK constraint failed: status" << statement << DbError::Kind::InvalidValue;
        QTest::newRow("pg nul byte") << pg << "22021"
                                     << "invalid byte sequence for encoding \"UTF8\": 0x00" << statement
                                     << DbError::Kind::InvalidValue;
        QTest::newRow("pg not null") << pg << "23502"
                                     << "null value in column violates not-null constraint" << statement
                                     << DbError::Kind::InvalidValue;
        // No room to write: 507 at the API (tests/reliability/tst_diskfull.cpp end to end).
        QTest::newRow("sqlite full") << lite << "13"
                                     << "database or disk is full" << statement << DbError::Kind::StorageFull;
        QTest::newRow("sqlite write refused") << lite << "778"
                                              << "disk I/O error" << statement << DbError::Kind::StorageFull;
        QTest::newRow("pg disk full")
            << pg << "53100"
            << "could not extend file: No space left on device" << statement << DbError::Kind::StorageFull;
        QTest::newRow("sqlite busy") << lite << "5"
                                     << "database is locked" << statement << DbError::Kind::Timeout;
        QTest::newRow("sqlite step error labelled connection")
            << lite << "1"
            << "cannot VACUUM from within a transaction" << int(QSqlError::ConnectionError)
            << DbError::Kind::Other;
        QTest::newRow("sqlite syntax") << lite << "1"
                                       << "near \"SELEC\": syntax error" << statement << DbError::Kind::Other;
    }

    void classifiesErrors()
    {
        QFETCH(int, dialect);
        QFETCH(QString, code);
        QFETCH(QString, text);
        QFETCH(int, type);
        const QSqlError sqlError(
            QStringLiteral("driver"), text, static_cast<QSqlError::ErrorType>(type), code);
        const DbError error = DbError::fromSqlError(sqlError, static_cast<Dialect>(dialect));
        QTEST(error.kind, "kind");
        QVERIFY(!error.message.contains(QLatin1Char('\n')));
        QCOMPARE(error.sqlState, code);
    }
};

QTEST_GUILESS_MAIN(TestDbUnit)
#include "tst_db_unit.moc"
