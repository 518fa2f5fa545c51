#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTest>

#include <mutex>
#include <semaphore>

#include "backend/log/logger.h"

using namespace thetool::log;

namespace {

Q_LOGGING_CATEGORY(lcTest, "thetool.test")

// Collects written lines; thread-safe because the logger writes from its own thread.
struct CapturedLines {
    std::mutex mutex;
    QList<QByteArray> lines;
    Logger::Sink sink()
    {
        return [this](const QByteArray &line) {
            std::lock_guard lock(mutex);
            lines.append(line);
        };
    }
    QList<QJsonObject> json()
    {
        std::lock_guard lock(mutex);
        QList<QJsonObject> out;
        for (const QByteArray &line : lines)
            out.append(QJsonDocument::fromJson(line).object());
        return out;
    }
};

LogRecord record(Level level, const QString &message)
{
    LogRecord r;
    r.level = level;
    r.logger = QStringLiteral("thetool.test");
    r.message = message;
    return r;
}

} // namespace

class TestLogger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonLinesCarryTheDesignedFields()
    {
        CapturedLines captured;
        Logger logger({Level::Debug, Logger::Format::Json, 100, 100}, captured.sink());
        {
            LogContextScope scope(QStringLiteral("req-1"), QStringLiteral("corr-1"), QStringLiteral("job-9"));
            LogRecord r = record(Level::Warning, QStringLiteral("ticker failed"));
            r.fields.insert(QStringLiteral("ticker"), QStringLiteral("M&M.NS"));
            logger.log(r);
        }
        logger.log(record(Level::Info, QStringLiteral("outside")));
        logger.flush();
        const auto lines = captured.json();
        QCOMPARE(lines.size(), 2);
        const QJsonObject first = lines.at(0);
        QCOMPARE(first.value(QStringLiteral("level")).toString(), QStringLiteral("WARNING"));
        QCOMPARE(first.value(QStringLiteral("logger")).toString(), QStringLiteral("thetool.test"));
        QCOMPARE(first.value(QStringLiteral("message")).toString(), QStringLiteral("ticker failed"));
        QCOMPARE(first.value(QStringLiteral("request_id")).toString(), QStringLiteral("req-1"));
        QCOMPARE(first.value(QStringLiteral("correlation_id")).toString(), QStringLiteral("corr-1"));
        QCOMPARE(first.value(QStringLiteral("job_id")).toString(), QStringLiteral("job-9"));
        QCOMPARE(first.value(QStringLiteral("ticker")).toString(), QStringLiteral("M&M.NS"));
        const QDateTime stamp =
            QDateTime::fromString(first.value(QStringLiteral("timestamp")).toString(), Qt::ISODateWithMs);
        QVERIFY(stamp.isValid());
        QCOMPARE(stamp.timeSpec(), Qt::UTC);
        QVERIFY(!lines.at(1).contains(QStringLiteral("request_id"))); // scope ended
    }

    void levelFilter()
    {
        CapturedLines captured;
        Logger logger({Level::Warning, Logger::Format::Text, 100, 100}, captured.sink());
        logger.log(record(Level::Info, QStringLiteral("hidden")));
        logger.log(record(Level::Error, QStringLiteral("shown")));
        logger.flush();
        QCOMPARE(captured.lines.size(), 1);
        QVERIFY(captured.lines.at(0).contains("ERROR"));
        QVERIFY(captured.lines.at(0).contains("shown"));
    }

    void blockedSinkDropsInsteadOfBlocking()
    {
        std::binary_semaphore release {0};
        std::atomic<int> written {0};
        Logger logger({Level::Debug, Logger::Format::Json, 10, 1000}, [&](const QByteArray &) {
            release.acquire(); // stdout is blocked until the test lets go
            release.release();
            ++written;
        });
        // If log() blocked on the sink, this loop would never finish.
        for (int i = 0; i < 100; ++i)
            logger.log(record(Level::Info, QString::number(i)));
        QVERIFY(logger.droppedCount() >= 80);
        release.release();
        logger.flush();
        QCOMPARE(quint64(written.load()) + logger.droppedCount(), quint64(100));
    }

    void ringBufferCursor()
    {
        CapturedLines captured;
        Logger logger({Level::Debug, Logger::Format::Json, 100, 5}, captured.sink());
        for (int i = 0; i < 8; ++i)
            logger.log(record(i % 2 ? Level::Warning : Level::Debug, QString::number(i)));
        QCOMPARE(logger.lastId(), qint64(8));
        const auto all = logger.recordsAfter(0, 100);
        QCOMPARE(all.size(), 5); // only the last five are kept
        QCOMPARE(all.first().id, qint64(4));
        const auto after = logger.recordsAfter(6, 100);
        QCOMPARE(after.size(), 2);
        QCOMPARE(after.first().message, QStringLiteral("6"));
        const auto warnings = logger.recordsAfter(0, 100, Level::Warning);
        QCOMPARE(warnings.size(), 3); // messages 3, 5 and 7
        QCOMPARE(logger.recordsAfter(0, 1).size(), 1);
    }

    void qtCategoriesAreRouted()
    {
        CapturedLines captured;
        Logger logger({Level::Debug, Logger::Format::Json, 100, 100}, captured.sink());
        installQtMessageHandler(&logger);
        qCWarning(lcTest) << "from a category";
        installQtMessageHandler(nullptr);
        logger.flush();
        const auto lines = captured.json();
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.at(0).value(QStringLiteral("logger")).toString(), QStringLiteral("thetool.test"));
        QCOMPARE(lines.at(0).value(QStringLiteral("message")).toString(), QStringLiteral("from a category"));
    }

    void parseLevels()
    {
        Level level {};
        QVERIFY(parseLevel(QStringLiteral("WARN"), &level));
        QCOMPARE(level, Level::Warning);
        QVERIFY(!parseLevel(QStringLiteral("loud"), &level));
    }
};

QTEST_GUILESS_MAIN(TestLogger)
#include "tst_logger.moc"
