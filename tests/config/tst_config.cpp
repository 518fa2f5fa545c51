#include <QTemporaryDir>
#include <QTest>

#include "backend/config/configloader.h"
#include "tests/support/testenv.h"

using namespace thetool::config;

namespace {

const QString goodKey = QStringLiteral("0123456789abcdef0123456789abcdef");

// A production environment that starts: everything else at its default.
Variables baseline()
{
    return {{QStringLiteral("MASTER_API_KEY"), goodKey}};
}

// Renders the field a variable sets, so one data table can check every variable.
QString field(const Config &c, const QString &name)
{
    if (name == QLatin1String("APP_ENV"))
        return c.appEnv;
    if (name == QLatin1String("PORT"))
        return QString::number(c.port);
    if (name == QLatin1String("BIND_ADDRESS"))
        return c.bindAddress;
    if (name == QLatin1String("MASTER_API_KEY"))
        return c.masterApiKey;
    if (name == QLatin1String("BULK_ANALYSIS_PASSWORD_HASH"))
        return c.bulkAnalysisPasswordHash;
    if (name == QLatin1String("DATABASE_URL"))
        return c.databaseUrl;
    if (name == QLatin1String("DATA_PATH"))
        return c.dataPath;
    if (name == QLatin1String("REDIS_URL"))
        return c.redisUrl;
    if (name == QLatin1String("REDIS_ENABLED"))
        return QVariant(c.redisEnabled).toString();
    if (name == QLatin1String("REDIS_TIMEOUT_MS"))
        return QString::number(c.redisTimeoutMs);
    if (name == QLatin1String("REDIS_RETRY_SECONDS"))
        return QString::number(c.redisRetrySeconds);
    if (name == QLatin1String("REDIS_KEY_PREFIX"))
        return c.redisKeyPrefix;
    if (name == QLatin1String("CORS_ORIGINS"))
        return c.corsOrigins.join(QLatin1Char(','));
    if (name == QLatin1String("TRUSTED_PROXIES"))
        return c.trustedProxies.join(QLatin1Char(','));
    if (name == QLatin1String("LOG_LEVEL"))
        return c.logLevel;
    if (name == QLatin1String("LOG_FORMAT"))
        return c.logFormat;
    if (name == QLatin1String("RATE_LIMIT_ENABLED"))
        return QVariant(c.rateLimitEnabled).toString();
    if (name == QLatin1String("RATE_LIMIT_PER_MINUTE"))
        return QString::number(c.rateLimitPerMinute);
    if (name == QLatin1String("ANALYZE_RATE_LIMIT"))
        return QString::number(c.analyzeRateLimit);
    if (name == QLatin1String("CACHE_ENABLED"))
        return QVariant(c.cacheEnabled).toString();
    if (name == QLatin1String("CACHE_TTL"))
        return QString::number(c.cacheTtlSeconds);
    if (name == QLatin1String("CACHE_MAX_SIZE"))
        return QString::number(c.cacheMaxSize);
    if (name == QLatin1String("PRICE_BARS_RETENTION_DAYS"))
        return QString::number(c.priceBarsRetentionDays);
    if (name == QLatin1String("CLEANUP_INTERVAL"))
        return QString::number(c.cleanupIntervalSeconds);
    if (name == QLatin1String("METRICS_PUBLIC"))
        return QVariant(c.metricsPublic).toString();
    if (name == QLatin1String("WORKERS"))
        return QString::number(c.workers);
    if (name == QLatin1String("HTTP_WORKERS"))
        return QString::number(c.httpWorkers);
    if (name == QLatin1String("MAX_BULK_WORKERS"))
        return QString::number(c.maxBulkWorkers);
    if (name == QLatin1String("TICKER_TIMEOUT"))
        return QString::number(c.tickerTimeoutSeconds);
    if (name == QLatin1String("JOB_TIMEOUT"))
        return QString::number(c.jobTimeoutSeconds);
    if (name == QLatin1String("JOB_LEASE_SECONDS"))
        return QString::number(c.jobLeaseSeconds);
    if (name == QLatin1String("CLEANUP_DAYS"))
        return QString::number(c.cleanupDays);
    if (name == QLatin1String("RESULTS_RETENTION_DAYS"))
        return QString::number(c.resultsRetentionDays);
    if (name == QLatin1String("MAX_HEADER_BYTES"))
        return QString::number(c.maxHeaderBytes);
    if (name == QLatin1String("MAX_BODY_BYTES"))
        return QString::number(c.maxBodyBytes);
    if (name == QLatin1String("HEADER_TIMEOUT"))
        return QString::number(c.headerTimeoutSeconds);
    if (name == QLatin1String("IDLE_TIMEOUT"))
        return QString::number(c.idleTimeoutSeconds);
    if (name == QLatin1String("MAX_CONNECTIONS"))
        return QString::number(c.maxConnections);
    if (name == QLatin1String("MAX_CONNECTIONS_PER_CLIENT"))
        return QString::number(c.maxConnectionsPerClient);
    if (name == QLatin1String("SHUTDOWN_TIMEOUT"))
        return QString::number(c.shutdownTimeoutSeconds);
    if (name == QLatin1String("STATEMENT_TIMEOUT_MS"))
        return QString::number(c.statementTimeoutMs);
    if (name == QLatin1String("MARKET_DATA_URL"))
        return c.marketDataUrl;
    if (name == QLatin1String("MAX_IMPORT_ROWS"))
        return QString::number(c.maxImportRows);
    return QStringLiteral("<no field for %1>").arg(name);
}

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyVariableIsCovered()
    {
        // A new variable in the table must get rows below (the field() switch fails loudly).
        for (const auto &info : knownVariables())
            QVERIFY2(!field(Config {}, info.name).startsWith(QLatin1Char('<')), qPrintable(info.name));
    }

    void readmeDocumentsEveryVariable()
    {
        QFile readme(thetool::test::sourceDir() + QStringLiteral("/README.md"));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(readme.readAll());
        for (const auto &info : knownVariables())
            QVERIFY2(text.contains(QLatin1Char('`') + info.name + QLatin1Char('`')), qPrintable(info.name));
    }

    void variable_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("defaultValue");
        QTest::addColumn<QString>("valid");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("invalid");
        auto row = [](const char *name, const char *def, const char *valid, const char *expected,
                       const char *invalid) {
            QTest::newRow(name) << QString::fromLatin1(name) << QString::fromLatin1(def)
                                << QString::fromLatin1(valid) << QString::fromLatin1(expected)
                                << QString::fromLatin1(invalid);
        };
        row("APP_ENV", "production", "staging", "staging", "prod");
        row("PORT", "8000", "5000", "5000", "70000");
        row("BIND_ADDRESS", "0.0.0.0", "127.0.0.1", "127.0.0.1", "localhost:80");
        row("BULK_ANALYSIS_PASSWORD_HASH", "",
            " $2b$04$IaInFRVQFKSXWyEhIWlDle9vc61Nd2OmGXm0F4nxxiu5pzTfuHIK2 ",
            "$2b$04$IaInFRVQFKSXWyEhIWlDle9vc61Nd2OmGXm0F4nxxiu5pzTfuHIK2", "plain-password");
        row("DATABASE_URL", "", "postgresql://u:p@db:5432/app", "postgresql://u:p@db:5432/app", "mysql://x");
        row("REDIS_URL", "", "redis://cache:6379/0", "redis://cache:6379/0", "rediss://cache:6380");
        row("REDIS_ENABLED", "false", "false", "false", "maybe");
        row("REDIS_TIMEOUT_MS", "1000", "250", "250", "0");
        row("REDIS_RETRY_SECONDS", "30", "2", "2", "never");
        row("REDIS_KEY_PREFIX", "thetool:", "prod:a:", "prod:a:", "has space");
        row("CORS_ORIGINS", "", "https://a.example.com, http://localhost:3000",
            "https://a.example.com,http://localhost:3000", "https://a.example.com/path");
        row("TRUSTED_PROXIES", "", "10.0.0.0/8,127.0.0.1", "10.0.0.0/8,127.0.0.1", "proxy.local");
        row("LOG_LEVEL", "info", "WARN", "warning", "verbose");
        row("LOG_FORMAT", "json", "TEXT", "text", "xml");
        row("RATE_LIMIT_ENABLED", "true", "no", "false", "sometimes");
        row("RATE_LIMIT_PER_MINUTE", "600", "60", "60", "-1");
        row("ANALYZE_RATE_LIMIT", "30", "10", "10", "ten");
        row("CACHE_ENABLED", "true", "0", "false", "2");
        row("CACHE_TTL", "3600", "7200", "7200", "0");
        row("CACHE_MAX_SIZE", "1000", "50", "50", "1e3");
        row("WORKERS", "2", "4", "4", "65");
        row("HTTP_WORKERS", "4", "8", "8", "0");
        row("MAX_BULK_WORKERS", "5", "3", "3", "100");
        row("TICKER_TIMEOUT", "120", "300", "300", "0");
        row("JOB_TIMEOUT", "3600", "600", "600", "-5");
        row("JOB_LEASE_SECONDS", "30", "3", "3", "1");
        row("CLEANUP_DAYS", "7", "30", "30", "0");
        row("RESULTS_RETENTION_DAYS", "0", "365", "365", "-1");
        row("PRICE_BARS_RETENTION_DAYS", "0", "90", "90", "-3");
        row("CLEANUP_INTERVAL", "3600", "0", "0", "hourly");
        row("METRICS_PUBLIC", "false", "1", "true", "public");
        row("MAX_HEADER_BYTES", "16384", "32768", "32768", "10");
        row("MAX_BODY_BYTES", "1048576", "2097152", "2097152", "big");
        row("HEADER_TIMEOUT", "30", "10", "10", "0");
        row("IDLE_TIMEOUT", "75", "30", "30", "0");
        row("MAX_CONNECTIONS", "1024", "64", "64", "0");
        row("MAX_CONNECTIONS_PER_CLIENT", "128", "16", "16", "0");
        row("SHUTDOWN_TIMEOUT", "30", "5", "5", "0");
        row("STATEMENT_TIMEOUT_MS", "30000", "5000", "5000", "10");
        row("MARKET_DATA_URL", "https://query1.finance.yahoo.com", "http://127.0.0.1:8081",
            "http://127.0.0.1:8081", "ftp://quotes.example.com");
        row("MAX_IMPORT_ROWS", "1000000", "5000", "5000", "0");
    }

    void variable()
    {
        QFETCH(QString, name);
        QFETCH(QString, defaultValue);
        QFETCH(QString, valid);
        QFETCH(QString, expected);
        QFETCH(QString, invalid);

        const LoadResult defaults = loadConfig(baseline());
        QVERIFY2(defaults.ok(), qPrintable(defaults.error));
        QCOMPARE(field(defaults.config, name), defaultValue);

        Variables vars = baseline();
        vars.insert(name, valid);
        const LoadResult good = loadConfig(vars);
        QVERIFY2(good.ok(), qPrintable(good.error));
        QCOMPARE(field(good.config, name), expected);

        vars.insert(name, invalid);
        const LoadResult bad = loadConfig(vars);
        QVERIFY(!bad.ok());
        // One line that names the variable and says what was expected.
        QVERIFY2(bad.error.startsWith(name + QStringLiteral(": ")), qPrintable(bad.error));
        QVERIFY2(!bad.error.contains(QLatin1Char('\n')), qPrintable(bad.error));
        QVERIFY2(bad.error.contains(QLatin1String("expected"))
                || bad.error.contains(QLatin1String("not supported")),
            qPrintable(bad.error));
    }

    void productionWithoutKeyRefuses_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("missing") << QString();
        QTest::newRow("short") << QStringLiteral("short-key");
    }

    void productionWithoutKeyRefuses()
    {
        QFETCH(QString, key);
        Variables vars;
        if (!key.isNull())
            vars.insert(QStringLiteral("MASTER_API_KEY"), key);
        const LoadResult result = loadConfig(vars);
        QVERIFY(!result.ok());
        QVERIFY2(result.error.startsWith(QLatin1String("MASTER_API_KEY: ")), qPrintable(result.error));
        QVERIFY(!result.error.contains(QLatin1String("short-key"))); // never echo a secret
    }

    void developmentDefaults()
    {
        const LoadResult result = loadConfig({{QStringLiteral("APP_ENV"), QStringLiteral("development")}});
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.config.bindAddress, QStringLiteral("127.0.0.1"));
        QCOMPARE(result.config.logLevel, QStringLiteral("debug"));
        QVERIFY(result.config.corsOrigins.contains(QStringLiteral("http://localhost:3000")));
    }

    void flaskEnvIsAnAlias()
    {
        const LoadResult result = loadConfig({{QStringLiteral("FLASK_ENV"), QStringLiteral("development")}});
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.config.appEnv, QStringLiteral("development"));
        Variables both = baseline();
        both.insert(QStringLiteral("FLASK_ENV"), QStringLiteral("development"));
        both.insert(QStringLiteral("APP_ENV"), QStringLiteral("production"));
        QCOMPARE(loadConfig(both).config.appEnv, QStringLiteral("production"));
    }

    void redisEnabledFollowsUrl()
    {
        Variables vars = baseline();
        vars.insert(QStringLiteral("REDIS_URL"), QStringLiteral("redis://127.0.0.1:6379"));
        QVERIFY(loadConfig(vars).config.redisEnabled);
        vars.insert(QStringLiteral("REDIS_ENABLED"), QStringLiteral("false"));
        QVERIFY(!loadConfig(vars).config.redisEnabled);
        vars.remove(QStringLiteral("REDIS_URL"));
        vars.insert(QStringLiteral("REDIS_ENABLED"), QStringLiteral("true"));
        QVERIFY(loadConfig(vars).error.startsWith(QLatin1String("REDIS_ENABLED: ")));
    }

    void envFilePrecedence()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("prod.env"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "# comment\nexport PORT=9000\nLOG_LEVEL=\"WARNING\"\nCACHE_TTL='7200'\n\nWORKERS=3 # inline\n");
        file.close();
        Variables vars = baseline();
        vars.insert(QStringLiteral("PORT"), QStringLiteral("8123")); // the environment wins
        QVERIFY(readEnvFile(path, vars).isEmpty());
        const LoadResult result = loadConfig(vars);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.config.port, quint16(8123));
        QCOMPARE(result.config.logLevel, QStringLiteral("warning"));
        QCOMPARE(result.config.cacheTtlSeconds, 7200);
        QCOMPARE(result.config.workers, 3);
    }

    void envFileErrorsNameTheLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.env"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("PORT=9000\nthis is not an assignment\n");
        file.close();
        Variables vars;
        const QString error = readEnvFile(path, vars);
        QVERIFY2(error.endsWith(QStringLiteral("bad.env:2: expected KEY=VALUE")), qPrintable(error));
        QVERIFY(!readEnvFile(dir.filePath(QStringLiteral("missing.env")), vars).isEmpty());
    }

    void effectiveConfigMasksSecrets()
    {
        Variables vars = baseline();
        vars.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("postgresql://app:s3cret-pw@db:5432/app"));
        vars.insert(QStringLiteral("REDIS_URL"), QStringLiteral("redis://:r3dis-pw@cache:6379"));
        const LoadResult result = loadConfig(vars);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QString all;
        for (const auto &[key, value] : describeEffective(result.config))
            all += key + QLatin1Char('=') + value + QLatin1Char(' ');
        QVERIFY2(!all.contains(goodKey), qPrintable(all));
        QVERIFY2(!all.contains(QLatin1String("s3cret-pw")), qPrintable(all));
        QVERIFY2(!all.contains(QLatin1String("r3dis-pw")), qPrintable(all));
        QVERIFY(all.contains(QLatin1String("db:5432")));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
