// The contract of the original React frontend (tests/data/contract/frontend-calls.json, one
// entry per row of spec/frontend-calls.md) replayed in order against a real server: every
// call answers its status with the keys the frontend reads, in their JSON types.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include "tests/origapi/origserver.h"
#include "tests/support/testenv.h"

using thetool::test::jsonAt;
using thetool::test::jsonType;
using thetool::test::OrigServer;

namespace {

QJsonArray contractCalls()
{
    QFile file(thetool::test::sourceDir() + QStringLiteral("/tests/data/contract/frontend-calls.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("calls")).toArray();
}

bool typeMatches(const QJsonValue &value, const QString &expected)
{
    return expected.split(QLatin1Char('|')).contains(jsonType(value));
}

} // namespace

class TestContract : public QObject
{
    Q_OBJECT

private:
    OrigServer m_server;
    QHash<QString, QByteArray> m_captures; // name -> the value as JSON text

    // {name} in a path takes the bare value; "{name}" (quoted) in a body the JSON value.
    QByteArray fill(QByteArray text, bool quoted) const
    {
        for (auto it = m_captures.cbegin(); it != m_captures.cend(); ++it) {
            const QByteArray bare =
                it.value().startsWith('"') ? it.value().mid(1, it.value().size() - 2) : it.value();
            if (quoted)
                text.replace(QByteArray("\"{" + it.key().toUtf8() + "}\""), it.value());
            else
                text.replace(QByteArray("{" + it.key().toUtf8() + "}"), bare);
        }
        return text;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_captures.insert(QStringLiteral("ticker"), "\"RELIANCE.NS\"");
        m_captures.insert(QStringLiteral("symbol"), "\"RELIANCE.NS\"");
        m_captures.insert(
            QStringLiteral("bulk_password"), QByteArray("\"") + OrigServer::bulkPassword + "\"");
    }

    void fixtureHasEveryFrontendCall()
    {
        const QJsonArray calls = contractCalls();
        QCOMPARE(calls.size(), 29); // the rows of spec/frontend-calls.md
        for (const QJsonValue &call : calls) {
            const QJsonObject c = call.toObject();
            QVERIFY(!c.value(QStringLiteral("method")).toString().isEmpty());
            QVERIFY(c.value(QStringLiteral("path")).toString().startsWith(QLatin1Char('/')));
            QVERIFY(c.value(QStringLiteral("response")).isObject());
        }
    }

    void replay_data()
    {
        QTest::addColumn<QJsonObject>("call");
        int n = 0;
        for (const QJsonValue &call : contractCalls()) {
            const QJsonObject c = call.toObject();
            const QString name = QStringLiteral("%1 %2 %3")
                                     .arg(++n, 2, 10, QLatin1Char('0'))
                                     .arg(c.value(QStringLiteral("method")).toString(),
                                         c.value(QStringLiteral("path")).toString());
            QTest::newRow(qPrintable(name)) << c;
        }
    }

    void replay()
    {
        QFETCH(QJsonObject, call);
        const QString method = call.value(QStringLiteral("method")).toString();
        const QString path = call.value(QStringLiteral("path")).toString();

        const QByteArray target = fill(path.toUtf8(), false);
        QVERIFY2(!target.contains('{'), target.constData());
        QByteArray body;
        if (call.contains(QStringLiteral("body")))
            body = fill(
                QJsonDocument(call.value(QStringLiteral("body")).toObject()).toJson(QJsonDocument::Compact),
                true);
        const QString key = call.value(QStringLiteral("key")).toString(QStringLiteral("read"));
        // The frontend's key is a low-scope one; changes need analyze (DESIGN.md "Security").
        const QString scope = key == QLatin1String("none") ? key
            : method == QLatin1String("GET") && !path.startsWith(QLatin1String("/api/backtest/ticker"))
            ? QStringLiteral("read")
            : QStringLiteral("analyze");
        OrigServer::Reply reply = m_server.call(method.toUtf8(), target, body, scope);
        // A job's status is polled as the frontend does, until it has finished.
        const QJsonObject until = call.value(QStringLiteral("poll_until")).toObject();
        QElapsedTimer polling;
        polling.start();
        const auto reached = [&until](const OrigServer::Reply &r) {
            for (auto it = until.constBegin(); it != until.constEnd(); ++it) {
                if (r.json.object().value(it.key()) != it.value())
                    return false;
            }
            return true;
        };
        while (!until.isEmpty() && !reached(reply) && polling.elapsed() < 30000) {
            QThread::msleep(100);
            reply = m_server.call(method.toUtf8(), target, body, scope);
        }
        if (call.contains(QStringLiteral("binary"))) {
            // The XLSX download: a zip container, not JSON.
            QCOMPARE(reply.status, call.value(QStringLiteral("status")).toInt());
            QVERIFY2(reply.body.startsWith("PK"), reply.body.left(200).constData());
            return;
        }
        const QString context = QStringLiteral("%1 %2 -> %3 %4")
                                    .arg(method, QString::fromUtf8(target))
                                    .arg(reply.status)
                                    .arg(QString::fromUtf8(reply.body.left(600)));
        QVERIFY2(reply.status == call.value(QStringLiteral("status")).toInt(), qPrintable(context));
        QVERIFY2(reply.json.isObject(), qPrintable(context));
        const QJsonObject answer = reply.json.object();
        const QJsonObject keys = call.value(QStringLiteral("response")).toObject();
        for (auto it = keys.constBegin(); it != keys.constEnd(); ++it)
            QVERIFY2(typeMatches(answer.value(it.key()), it.value().toString()),
                qPrintable(
                    QStringLiteral("%1: %2 is %3, expected %4")
                        .arg(context, it.key(), jsonType(answer.value(it.key())), it.value().toString())));
        if (call.contains(QStringLiteral("item"))) {
            const QJsonObject item = call.value(QStringLiteral("item")).toObject();
            const QJsonArray list = answer.value(item.value(QStringLiteral("path")).toString()).toArray();
            QVERIFY2(!list.isEmpty(), qPrintable(context));
            const QJsonObject first = list.first().toObject();
            const QJsonObject itemKeys = item.value(QStringLiteral("keys")).toObject();
            for (auto it = itemKeys.constBegin(); it != itemKeys.constEnd(); ++it)
                QVERIFY2(typeMatches(first.value(it.key()), it.value().toString()),
                    qPrintable(QStringLiteral("%1: item %2 is %3")
                                   .arg(context, it.key(), jsonType(first.value(it.key())))));
        }
        const QJsonObject captures = call.value(QStringLiteral("capture")).toObject();
        for (auto it = captures.constBegin(); it != captures.constEnd(); ++it) {
            const QJsonValue value = jsonAt(answer, it.value().toString());
            QVERIFY2(!value.isUndefined(), qPrintable(context));
            m_captures.insert(
                it.key(), QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
        }
    }
};

QTEST_GUILESS_MAIN(TestContract)
#include "tst_contract.moc"
