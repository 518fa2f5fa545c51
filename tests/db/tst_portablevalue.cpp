// The portable values and checksums that export, import and `thetool db checksum` share:
// both engines' forms of one value normalise alike, and a checksum ignores row order but
// not a changed, missing or duplicated row.
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "backend/db/portablevalue.h"
#include "backend/db/tablechecksum.h"

using thetool::db::ColumnInfo;
using thetool::db::ColumnKind;
using thetool::db::Dialect;
using thetool::db::PortableValue;
using thetool::db::TableChecksum;

namespace {

constexpr auto exact = PortableValue::Precision::Exact;
constexpr auto portable = PortableValue::Precision::Portable;

ColumnInfo column(ColumnKind kind)
{
    ColumnInfo c;
    c.name = QStringLiteral("c");
    c.kind = kind;
    return c;
}

} // namespace

class PortableValueTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromSql()
    {
        QCOMPARE(
            PortableValue::fromSql(QVariant(QMetaType::fromType<QString>())), QJsonValue(QJsonValue::Null));
        QCOMPARE(PortableValue::fromSql(true), QJsonValue(true));
        QCOMPARE(PortableValue::fromSql(qint64(9007199254740993LL)).toInteger(), 9007199254740993LL);
        QCOMPARE(PortableValue::fromSql(std::nan("")), QJsonValue(QStringLiteral("NaN")));
        QCOMPARE(PortableValue::fromSql(QByteArray("\x01\x02")).toObject().value(QStringLiteral("base64")),
            QJsonValue(QStringLiteral("AQI=")));
    }

    // PostgreSQL's boolean and SQLite's 0/1; microsecond and millisecond timestamps; a
    // 4-byte REAL read back as double and SQLite's 8-byte value.
    void enginesAgree_data()
    {
        QTest::addColumn<QJsonValue>("a");
        QTest::addColumn<QJsonValue>("b");
        QTest::addColumn<bool>("exactEqual");
        QTest::addColumn<bool>("portableEqual");
        QTest::newRow("bool/int") << QJsonValue(true) << QJsonValue(1) << true << true;
        QTest::newRow("false/0") << QJsonValue(false) << QJsonValue(0) << true << true;
        QTest::newRow("integral double") << QJsonValue(72.0) << QJsonValue(72) << true << true;
        QTest::newRow("timestamp ms/us")
            << QJsonValue(QStringLiteral("2026-01-31T09:15:00.123Z"))
            << QJsonValue(QStringLiteral("2026-01-31T09:15:00.123000Z")) << true << true;
        QTest::newRow("timestamp us lost")
            << QJsonValue(QStringLiteral("2026-01-31T09:15:00.123456Z"))
            << QJsonValue(QStringLiteral("2026-01-31T09:15:00.123Z")) << false << true;
        QTest::newRow("no fraction") << QJsonValue(QStringLiteral("2026-01-31T09:15:00Z"))
                                     << QJsonValue(QStringLiteral("2026-01-31T09:15:00.000Z")) << true
                                     << true;
        QTest::newRow("real4/double") << QJsonValue(72.12346) << QJsonValue(72.123456789) << false << true;
        QTest::newRow("different numbers") << QJsonValue(72.5) << QJsonValue(72.6) << false << false;
        QTest::newRow("null/empty") << QJsonValue(QJsonValue::Null) << QJsonValue(QString()) << false
                                    << false;
        QTest::newRow("null/text N") << QJsonValue(QJsonValue::Null) << QJsonValue(QStringLiteral("null"))
                                     << false << false;
    }

    void enginesAgree()
    {
        QFETCH(QJsonValue, a);
        QFETCH(QJsonValue, b);
        QFETCH(bool, exactEqual);
        QFETCH(bool, portableEqual);
        QCOMPARE(PortableValue::canonical(a, exact) == PortableValue::canonical(b, exact), exactEqual);
        QCOMPARE(
            PortableValue::canonical(a, portable) == PortableValue::canonical(b, portable), portableEqual);
    }

    void bindsForTheTarget()
    {
        QVariant v;
        QVERIFY(PortableValue::toBind(QJsonValue(1), column(ColumnKind::Boolean), Dialect::Postgres, &v));
        QCOMPARE(v.metaType().id(), QMetaType::Bool);
        QCOMPARE(v.toBool(), true);
        QVERIFY(PortableValue::toBind(QJsonValue(true), column(ColumnKind::Integer), Dialect::Sqlite, &v));
        QCOMPARE(v.toLongLong(), 1);
        // SQLite keeps TheTool's timestamps with milliseconds.
        QVERIFY(PortableValue::toBind(QJsonValue(QStringLiteral("2026-01-31T09:15:00.123456Z")),
            column(ColumnKind::Text), Dialect::Sqlite, &v));
        QCOMPARE(v.toString(), QStringLiteral("2026-01-31T09:15:00.123Z"));
        QVERIFY(PortableValue::toBind(QJsonValue(QStringLiteral("2026-01-31T09:15:00.123456Z")),
            column(ColumnKind::Timestamp), Dialect::Postgres, &v));
        QCOMPARE(v.toString(), QStringLiteral("2026-01-31T09:15:00.123456Z"));
        QVERIFY(PortableValue::toBind(
            QJsonValue(QJsonValue::Null), column(ColumnKind::Integer), Dialect::Postgres, &v));
        QVERIFY(v.isNull());
        QVERIFY(!PortableValue::toBind(QJsonArray {1}, column(ColumnKind::Text), Dialect::Sqlite, &v));
    }

    void checksumIgnoresOrderNotContent()
    {
        const QStringList columns {QStringLiteral("id"), QStringLiteral("name")};
        const QList<QJsonArray> rows {{1, QStringLiteral("a")}, {2, QStringLiteral("b")}, {3, QJsonValue()}};
        TableChecksum forward(columns);
        for (const QJsonArray &r : rows)
            forward.add(r);
        TableChecksum backward(columns);
        for (auto it = rows.crbegin(); it != rows.crend(); ++it)
            backward.add(*it);
        QCOMPARE(forward.exact(), backward.exact());
        QCOMPARE(forward.rows(), 3);
        QVERIFY(forward.exact().startsWith(QStringLiteral("3:")));

        // Column order does not matter either (engines may order columns differently).
        TableChecksum swapped({QStringLiteral("name"), QStringLiteral("id")});
        for (const QJsonArray &r : rows)
            swapped.add({r.at(1), r.at(0)});
        QCOMPARE(swapped.exact(), forward.exact());

        TableChecksum changed(columns);
        changed.add({1, QStringLiteral("a")});
        changed.add({2, QStringLiteral("B")});
        changed.add({3, QJsonValue()});
        QVERIFY(changed.exact() != forward.exact());

        // A duplicated row in place of another does not cancel out (sums, not XOR).
        TableChecksum duplicated(columns);
        duplicated.add({1, QStringLiteral("a")});
        duplicated.add({1, QStringLiteral("a")});
        duplicated.add({3, QJsonValue()});
        QVERIFY(duplicated.exact() != forward.exact());
        TableChecksum twice(columns);
        twice.add({2, QStringLiteral("b")});
        twice.add({2, QStringLiteral("b")});
        TableChecksum none(columns);
        QVERIFY(twice.exact().mid(2) != none.exact().mid(2));
    }
};

QTEST_GUILESS_MAIN(PortableValueTest)
#include "tst_portablevalue.moc"
